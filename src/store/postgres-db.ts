import pg from 'pg';
import { numberPlaceholders, type SqlDb, type SqlExecutor, type SqlParam, type SqlRow } from './sql-db.js';

/** PostgreSQL through a pg Pool. `search_path` may be set (tests use a schema per run). */
export function openPostgresDb(url: string, opts: { schema?: string; max?: number } = {}): SqlDb {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
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
