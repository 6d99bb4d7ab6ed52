import type { CliIO } from './cli-io.js';

// Placeholder: replaced by the real command.
export async function runClassify(_args: string[], io: CliIO): Promise<number> {
  io.stderr.write('newsfeed classify: not implemented yet\n');
  return 2;
}
