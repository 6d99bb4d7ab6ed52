import { IngestError } from '../errors.js';
import { openPostgresDb } from './postgres-db.js';
import { createSqlStoryStore } from './sql-story-store.js';
import { openSqliteDb } from './sqlite-db.js';
import type { StoryStore } from './story-store.js';

/**
 * Opens the store DATABASE_URL names: `sqlite:PATH` (embedded default) or `postgres://…`; throws
 * STORE_UNAVAILABLE naming the scheme only (the URL may hold a password) and the reason.
 */
export async function openStore(databaseUrl: string, opts: { schema?: string } = {}): Promise<StoryStore> {
  try {
    return await openStoreOrThrow(databaseUrl, opts);
  } catch (err) {
    // An AggregateError (every address refused) has no message of its own.
    const reason = (err as Error).message || String((err as { code?: unknown }).code ?? err);
    throw new IngestError('STORE_UNAVAILABLE', `cannot open the store (${databaseUrl.split(':')[0]}): ${reason}`, { cause: err });
  }
}

async function openStoreOrThrow(databaseUrl: string, opts: { schema?: string }): Promise<StoryStore> {
  if (databaseUrl.startsWith('sqlite:')) {
    const file = databaseUrl.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    return createSqlStoryStore(openSqliteDb(file || ':memory:'));
  }
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) {
    const db = openPostgresDb(databaseUrl, opts);
    if (opts.schema) await db.exec(`CREATE SCHEMA IF NOT EXISTS "${opts.schema}"`);
    return createSqlStoryStore(db);
  }
  throw new Error(`DATABASE_URL must be sqlite:PATH or postgres://…, got ${databaseUrl.split(':')[0]}:`);
}
