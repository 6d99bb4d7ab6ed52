import pg from 'pg';
import { numberPlaceholders, type SqlDb, type SqlExecutor, type SqlParam, type SqlRow } from './sql-db.js';

/** How long a connection (or a free pooled client) is waited for: the URL's `connect_timeout` (seconds, as libpq reads it), else 30 s. */
export function connectTimeoutMs(url: string): number {
  const raw = /[?&]connect_timeout=(\d{1,6})(?:&|$)/.exec(url)?.[1];
  return raw !== undefined && Number(raw) > 0 ? Number(raw) * 1000 : 30_000;
}

/**
 * PostgreSQL through a pg Pool. `search_path` may be set (tests use a schema per run). A server
 * that cannot be reached fails a query after connectTimeoutMs instead of waiting on the socket.
 */
export function openPostgresDb(url: string, opts: { schema?: string; max?: number } = {}): SqlDb {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    connectionTimeoutMillis: connectTimeoutMs(url),
    ...(opts.schema ? { options: `-c search_path=${opts.schema}` } : {}),
  });
  // An idle client that loses its connection emits here; without a listener it would crash the process.
  pool.on('error', () => undefined);
  const executor = (client: pg.Pool | pg.PoolClient): SqlExecutor => ({
    dialect: 'postgres',
    async all<T extends SqlRow>(sql: string, params: SqlParam[] = []) {
      return (await client.query(numberPlaceholders(sql), params)).rows as T[];
    },
    async run(sql: string, params: SqlParam[] = []) {
      return (await client.query(numberPlaceholders(sql), params)).rowCount ?? 0;
    },
  });
  const base = executor(pool);
  return {
    ...base,
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(executor(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    async exec(sql) {
      await pool.query(sql);
    },
    close: () => pool.end(),
  };
}
