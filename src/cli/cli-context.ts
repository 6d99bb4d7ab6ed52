import type { Config } from '../config/config-schema.js';
import { loadConfig } from '../config/load-config.js';
import { openStore } from '../store/open-store.js';
import type { StoryStore } from '../store/story-store.js';
import type { CliIO } from './cli-io.js';

/** Config and store for the commands that work on a deployment (feeds, status). */
export async function openCliContext(io: CliIO): Promise<{ config: Config; store: StoryStore }> {
  const config = loadConfig({ env: io.env, cwd: io.cwd });
  // openStore throws STORE_UNAVAILABLE itself.
  return { config, store: await openStore(config.databaseUrl) };
}
