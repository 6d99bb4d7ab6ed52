import type { CliIO } from './cli-io.js';

// Placeholder: replaced by the real command.
export async function runCluster(_args: string[], io: CliIO): Promise<number> {
  io.stderr.write('newsfeed cluster: not implemented yet\n');
  return 2;
}
