import type { CliIO } from './cli-io.js';

// Placeholder: replaced by the real command.
export async function runStart(_args: string[], io: CliIO): Promise<number> {
  io.stderr.write('newsfeed start: not implemented yet\n');
  return 2;
}
