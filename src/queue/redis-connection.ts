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

/** Resolves true when a PING is answered within `timeoutMs`. Never throws, never waits longer. */
export async function pingRedis(url: string, timeoutMs = 1000): Promise<boolean> {
  // Something that accepts the connection but is not Redis answers neither the ready check nor the
  // PING (connectTimeout covers only the TCP connect): the timer decides then.
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null, connectTimeout: timeoutMs });
  client.on('error', () => undefined);
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
  const answered = (async () => {
    await client.connect();
    return (await client.ping()) === 'PONG';
  })().catch(() => false);
  try {
    return await Promise.race([answered, expired]);
  } finally {
    clearTimeout(timer);
    client.disconnect();
  }
}
