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

/** DATABASE_URL with a relative SQLite path made absolute against `cwd` (PostgreSQL URLs as they are). */
export function resolveDatabaseUrl(databaseUrl: string, cwd: string): string {
  return databaseUrl.replace(/^sqlite:(?!\/|:memory:)/, `sqlite:${cwd}/`);
}

/** The SQLite file a `sqlite:PATH` DATABASE_URL names (`sqlite:///abs` too), or null for another scheme. */
export function sqliteFile(databaseUrl: string): string | null {
  return databaseUrl.startsWith('sqlite:') ? databaseUrl.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '') : null;
}

async function openStoreOrThrow(databaseUrl: string, opts: { schema?: string }): Promise<StoryStore> {
  const file = sqliteFile(databaseUrl);
  if (file !== null) return createSqlStoryStore(openSqliteDb(file || ':memory:'));
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) {
    const db = openPostgresDb(databaseUrl, opts);
    if (opts.schema) await db.exec(`CREATE SCHEMA IF NOT EXISTS "${opts.schema}"`);
    return createSqlStoryStore(db);
  }
  throw new Error(`DATABASE_URL must be sqlite:PATH or postgres://…, got ${databaseUrl.split(':')[0]}:`);
}
