import { Redis } from 'ioredis';

export interface RedisConnectOptions {
  /** Shown in CLIENT LIST, e.g. `newsfeed:fetcher`. */
  name?: string;
  /** Connections used by BullMQ workers block on Redis and must not give up on a request. */
  blocking?: boolean;
  /** Fail the first command at once when Redis is not there (CLI, readiness probes). */
  failFast?: boolean;
}

/** One place that decides how the service talks to Redis. */
export function createRedis(url: string, opts: RedisConnectOptions = {}): Redis {
  return new Redis(url, {
    connectionName: opts.name,
    maxRetriesPerRequest: opts.blocking ? null : opts.failFast ? 1 : 20,
    lazyConnect: false,
    retryStrategy: opts.failFast ? () => null : (times) => Math.min(times * 200, 5000),
  });
}

/** Resolves true when a PING is answered within `timeoutMs`. Never throws. */
export async function pingRedis(url: string, timeoutMs = 1000): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null, connectTimeout: timeoutMs });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}
