import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { SqlDb, SqlExecutor, SqlParam, SqlRow } from './sql-db.js';
import { hasWord, inCategory } from './story-query.js';

/** A feed's categories column (a JSON array of strings); anything else is none. */
function parseCategories(value: string): string[] {
  try {
    const parsed = JSON.parse(value) as unknown;
    return Array.isArray(parsed) ? parsed.filter((c): c is string => typeof c === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * SQLite through better-sqlite3 in WAL mode. better-sqlite3 is synchronous, so a transaction that
 * awaits would let another caller's statements slip into it: a promise-chain lock serialises every
 * transaction and makes plain statements wait while one is open.
 */
export function openSqliteDb(file: string): SqlDb {
  if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  // Checkpoints fsync: fewer, larger ones (up to ~40 MB of WAL) made 10,000 story writes ~20% faster here.
  db.pragma('wal_autocheckpoint = 10000');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // has_word(text, word): `q` searches match whole words (story-query.ts).
  db.function('has_word', { deterministic: true }, (text: unknown, word: unknown) => (typeof text === 'string' && typeof word === 'string' && hasWord(text, word) ? 1 : 0));
  // in_category(categories JSON, key): the category filter (story-query.ts), folding case as JavaScript does.
  db.function('in_category', { deterministic: true }, (categories: unknown, key: unknown) => (typeof categories === 'string' && typeof key === 'string' && inCategory(parseCategories(categories), key) ? 1 : 0));
  const statements = new Map<string, Database.Statement>();
  let lock: Promise<unknown> = Promise.resolve();

  const prepare = (sql: string): Database.Statement => {
    let stmt = statements.get(sql);
    if (!stmt) {
      stmt = db.prepare(sql);
      statements.set(sql, stmt);
    }
    return stmt;
  };
  const direct: SqlExecutor = {
    dialect: 'sqlite',
    async all<T extends SqlRow>(sql: string, params: SqlParam[] = []) {
      const stmt = prepare(sql);
      return (stmt.reader ? stmt.all(...params) : (stmt.run(...params), [])) as T[];
    },
    async run(sql: string, params: SqlParam[] = []) {
      return prepare(sql).run(...params).changes;
    },
  };
  const locked = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = lock.then(fn, fn);
    lock = next.catch(() => undefined);
    return next;
  };

  return {
    dialect: 'sqlite',
    all: (sql, params) => locked(() => direct.all(sql, params)),
    run: (sql, params) => locked(() => direct.run(sql, params)),
    transaction: (fn) =>
      locked(async () => {
        db.exec('BEGIN IMMEDIATE');
        try {
          const result = await fn(direct);
          db.exec('COMMIT');
          return result;
        } catch (err) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw err;
        }
      }),
    exec: (sql) => locked(async () => void db.exec(sql)),
    close: () => locked(async () => void db.close()),
  };
}
