import { IngestError } from '../errors.js';
import type { CliIO } from './cli-io.js';
import { COMMAND_SPECS, readCommandArgs, writeUsageError } from './command-table.js';

const SPEC = COMMAND_SPECS.start;

/** `newsfeed start [--role all|scheduler|fetcher|ingester|api]`: runs until SIGTERM/SIGINT, then drains and exits 0. */
export async function runStart(args: string[], io: CliIO): Promise<number> {
  const read = readCommandArgs(SPEC, args, io);
  if (typeof read === 'number') return read;
  if (read.operands.length) return writeUsageError(SPEC, `unexpected argument ${read.operands[0]}`, io);
  // The composition root lives in workers/; loaded here so other commands never pay for it.
  const { parseRoles, runService } = await import('../../workers/main.js');
  let roles;
  try {
    roles = parseRoles(read.values['--role']);
  } catch (err) {
    return writeUsageError(SPEC, (err as Error).message, io);
  }
  try {
    return await runService({ roles, env: io.env, cwd: io.cwd });
  } catch (err) {
    const coded = err instanceof IngestError ? `${err.code}: ` : '';
    io.stderr.write(`newsfeed start: ${coded}${(err as Error).message}\n`);
    return 1;
  }
}
