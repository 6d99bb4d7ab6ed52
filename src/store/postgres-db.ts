import pg from 'pg';
import { numberPlaceholders, type SqlDb, type SqlExecutor, type SqlParam, type SqlRow } from './sql-db.js';

/** Seconds of a URL parameter (`connect_timeout=N`, `query_timeout=N`) as milliseconds, or `fallbackMs`. */
function secondsParam(url: string, name: string, fallbackMs: number): number {
  const raw = new RegExp(`[?&]${name}=(\\d{1,6})(?:&|$)`).exec(url)?.[1];
  return raw !== undefined && Number(raw) > 0 ? Number(raw) * 1000 : fallbackMs;
}

/** How long a connection (or a free pooled client) is waited for: the URL's `connect_timeout` (seconds, as libpq reads it), else 30 s. */
export function connectTimeoutMs(url: string): number {
  return secondsParam(url, 'connect_timeout', 30_000);
}

/**
 * How long the answer to one query is waited for on an open connection: the URL's
 * `query_timeout` (seconds), else 120 s. A server that stops answering (a network partition)
 * otherwise holds the query, and its pooled client, for as long as the partition lasts.
 */
export function queryTimeoutMs(url: string): number {
  return secondsParam(url, 'query_timeout', 120_000);
}

/** What pg says when a query's answer did not come within query_timeout: its connection is dropped, not reused. */
function isReadTimeout(err: unknown): boolean {
  return err instanceof Error && err.message === 'Query read timeout';
}

/**
 * PostgreSQL through a pg Pool. `search_path` may be set (tests use a schema per run). A server
 * that cannot be reached fails a query after connectTimeoutMs, one that stops answering after
 * queryTimeoutMs; TCP keepalive notices a peer that went away.
 */
export function openPostgresDb(url: string, opts: { schema?: string; max?: number } = {}): SqlDb {
  const pool = new pg.Pool({
    // pg would read the URL's query_timeout as milliseconds and let it override the option: taken out.
    connectionString: url.replace(/([?&])query_timeout=[^&]*(&|$)/, (_m, lead: string, tail: string) => (tail ? lead : '')),
    max: opts.max ?? 10,
    connectionTimeoutMillis: connectTimeoutMs(url),
    query_timeout: queryTimeoutMs(url),
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
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
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await fn(executor(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        // A connection whose answer never came is dropped (the server rolls back when it sees it
        // gone); ROLLBACK on it would only wait the timeout again.
        if (isReadTimeout(err)) broken = err as Error;
        else await client.query('ROLLBACK').catch((e: unknown) => void (broken = e as Error));
        throw err;
      } finally {
        client.release(broken);
      }
    },
    async exec(sql) {
      await pool.query(sql);
    },
    close: () => pool.end(),
  };
}
