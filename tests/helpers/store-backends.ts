import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openStore } from '../../src/store/open-store.js';
import type { StoryStore } from '../../src/store/story-store.js';
import { POSTGRES_URL, postgresAvailable, uniqueName } from './services.js';

/** A store backend a test runs against: a fresh SQLite file, or a fresh PostgreSQL schema. */
export interface StoreBackend {
  name: 'sqlite' | 'postgres';
  available: boolean;
  /** A fresh store; `another` opens a second store on the same database, as another process would (the caller closes it). */
  open: () => Promise<{ store: StoryStore; cleanup: () => Promise<void>; another: () => Promise<StoryStore> }>;
}

/** Drops a test's PostgreSQL schema and everything in it. */
export async function dropPostgresSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
}

/** Both backends, each store fresh (`tag` names the temporary directory and schema). */
export function storeBackends(tag: string): StoreBackend[] {
  return [
    {
      name: 'sqlite',
      available: true,
      open: async () => {
        const dir = mkdtempSync(path.join(os.tmpdir(), `newsfeed-${tag}-`));
        const url = `sqlite:${path.join(dir, 'test.db')}`;
        const store = await openStore(url);
        return { store, cleanup: async () => { await store.close(); rmSync(dir, { recursive: true, force: true }); }, another: () => openStore(url) };
      },
    },
    {
      name: 'postgres',
      available: postgresAvailable,
      open: async () => {
        const schema = uniqueName(tag.replace(/[^a-z0-9]/g, ''));
        const store = await openStore(POSTGRES_URL, { schema });
        return { store, cleanup: async () => { await store.close(); await dropPostgresSchema(schema); }, another: () => openStore(POSTGRES_URL, { schema }) };
      },
    },
  ];
}
