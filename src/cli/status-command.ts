import type { CliIO } from './cli-io.js';

// Placeholder: replaced by the real command.
export async function runStatus(_args: string[], io: CliIO): Promise<number> {
  io.stderr.write('newsfeed status: not implemented yet\n');
  return 2;
}
