import type { Config } from '../config/config-schema.js';
import { loadConfig } from '../config/load-config.js';
import { openStore } from '../store/open-store.js';
import type { StoryStore } from '../store/story-store.js';
import { CliError, CLI_ERROR_CODES } from './cli-errors.js';
import type { CliIO } from './cli-io.js';

/** Config and store for the commands that work on a deployment (feeds, status). */
export async function openCliContext(io: CliIO): Promise<{ config: Config; store: StoryStore }> {
  const config = loadConfig({ env: io.env, cwd: io.cwd });
  try {
    return { config, store: await openStore(config.databaseUrl) };
  } catch (err) {
    // The scheme only: the URL may hold a password. An AggregateError (every address refused) has no message of its own.
    const reason = (err as Error).message || String((err as { code?: unknown }).code ?? err);
    throw new CliError(CLI_ERROR_CODES.storeUnavailable, `cannot open the store (${config.databaseUrl.split(':')[0]}): ${reason}`, { cause: err });
  }
}
