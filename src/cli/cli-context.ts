import { existsSync } from 'node:fs';
import type { Config } from '../config/config-schema.js';
import { IngestError } from '../errors.js';
import { loadConfig } from '../config/load-config.js';
import { openStore, resolveDatabaseUrl, sqliteFile } from '../store/open-store.js';
import type { StoryStore } from '../store/story-store.js';
import type { CliIO } from './cli-io.js';

/**
 * Config and store for the commands that work on a deployment (feeds, webhooks, status). Commands that only
 * read (`create` false) do not create an SQLite file that is not there: a mistyped DATABASE_URL is
 * STORE_UNAVAILABLE, not an empty deployment.
 */
export async function openCliContext(io: CliIO, opts: { create: boolean } = { create: true }): Promise<{ config: Config; store: StoryStore }> {
  const config = loadConfig({ env: io.env, cwd: io.cwd });
  const databaseUrl = resolveDatabaseUrl(config.databaseUrl, io.cwd);
  const file = sqliteFile(databaseUrl);
  if (!opts.create && file && file !== ':memory:' && !existsSync(file)) {
    throw new IngestError('STORE_UNAVAILABLE', `no database at ${file} (DATABASE_URL): start the service or add a feed first, or fix DATABASE_URL`);
  }
  // openStore throws STORE_UNAVAILABLE itself.
  return { config, store: await openStore(databaseUrl) };
}

/** Runs `fn` and prints what it throws as `newsfeed NAME: CODE: message` (exit 1). */
export async function runReportingErrors(name: string, io: CliIO, fn: () => Promise<number>): Promise<number> {
  try {
    return await fn();
  } catch (err) {
    io.stderr.write(`newsfeed ${name}: ${err instanceof IngestError ? `${err.code}: ` : ''}${(err as Error).message}\n`);
    return 1;
  }
}

/**
 * Runs a command that works on a deployment's store: opens it (see openCliContext), runs `fn`, and
 * prints what it throws as `newsfeed NAME: CODE: message` (exit 1); the store is closed either way.
 */
export async function runWithStore(name: string, io: CliIO, opts: { create: boolean }, fn: (ctx: { config: Config; store: StoryStore }) => Promise<number>): Promise<number> {
  const ctx = await openCliContext(io, opts);
  try {
    return await runReportingErrors(name, io, () => fn(ctx));
  } finally {
    await ctx.store.close();
  }
}
