import { IngestError } from '../errors.js';
import { takeOption } from './cli-context.js';
import type { CliIO } from './cli-io.js';

/** `newsfeed start [--role all|scheduler|fetcher|ingester|api]`: runs until SIGTERM/SIGINT, then drains and exits 0. */
export async function runStart(args: string[], io: CliIO): Promise<number> {
  const role = takeOption(args, '--role');
  if (args.length) {
    io.stderr.write(`newsfeed start: unexpected argument ${args[0]}\nusage: newsfeed start [--role all|scheduler|fetcher|ingester|api]\n`);
    return 2;
  }
  // The composition root lives in workers/; loaded here so other commands never pay for it.
  const { parseRoles, runService } = await import('../../workers/main.js');
  let roles;
  try {
    roles = parseRoles(role);
  } catch (err) {
    io.stderr.write(`newsfeed start: ${(err as Error).message}\n`);
    return 2;
  }
  try {
    return await runService({ roles, env: io.env, cwd: io.cwd });
  } catch (err) {
    const coded = err instanceof IngestError ? `${err.code}: ` : '';
    io.stderr.write(`newsfeed start: ${coded}${(err as Error).message}\n`);
    return 1;
  }
}
