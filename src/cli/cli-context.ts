import type { Config } from '../config/config-schema.js';
import { loadConfig } from '../config/load-config.js';
import { openStore } from '../store/open-store.js';
import type { StoryStore } from '../store/story-store.js';
import type { CliIO } from './cli-io.js';

/** Reads an option value: `--name value` or `--name=value`; removes it from `args`. */
export function takeOption(args: string[], name: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === name) {
      const value = args[i + 1];
      args.splice(i, 2);
      return value;
    }
    if (arg.startsWith(`${name}=`)) {
      args.splice(i, 1);
      return arg.slice(name.length + 1);
    }
  }
  return undefined;
}

/** Removes a boolean flag from `args`; true when it was there. */
export function takeFlag(args: string[], name: string): boolean {
  const i = args.indexOf(name);
  if (i === -1) return false;
  args.splice(i, 1);
  return true;
}

/** Config and store for the commands that work on a deployment (feeds, status). */
export async function openCliContext(io: CliIO): Promise<{ config: Config; store: StoryStore }> {
  const config = loadConfig({ env: io.env, cwd: io.cwd });
  const store = await openStore(config.databaseUrl);
  return { config, store };
}
