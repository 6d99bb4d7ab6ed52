import { openPostgresDb } from './postgres-db.js';
import { createSqlStoryStore } from './sql-story-store.js';
import { openSqliteDb } from './sqlite-db.js';
import type { StoryStore } from './story-store.js';

/** Opens the store DATABASE_URL names: `sqlite:PATH` (embedded default) or `postgres://…`. */
export async function openStore(databaseUrl: string, opts: { schema?: string } = {}): Promise<StoryStore> {
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
