import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiDeps } from '../../../src/api/api-deps.js';
import { buildApp } from '../../../src/api/build-app.js';
import { createQueues } from '../../../src/queue/queues.js';
import { createRedis } from '../../../src/queue/redis-connection.js';
import { openStore } from '../../../src/store/open-store.js';
import type { StoryStore } from '../../../src/store/story-store.js';
import { dropPostgresSchema } from '../../helpers/store-backends.js';
import { POSTGRES_URL, REDIS_URL, deletePrefix, postgresAvailable, redisAvailable, uniqueName } from '../../helpers/services.js';
import { startTcpProxy, type TcpProxy } from '../../helpers/tcp-proxy.js';
import { until } from '../../helpers/until.js';

/** The API while PostgreSQL or Redis is cut off (a TCP proxy in front of the real servers, then cut). */
describe.skipIf(!redisAvailable || !postgresAvailable)('HTTP API while the store or Redis is down', () => {
  let pgProxy: TcpProxy;
  let redisProxy: TcpProxy;
  let store: StoryStore;
  let app: Awaited<ReturnType<typeof buildApp>>;
  const schema = uniqueName('down');
  const prefix = uniqueName('down');
  const redis = { client: null as ReturnType<typeof createRedis> | null };

  beforeAll(async () => {
    const pgUrl = new URL(POSTGRES_URL);
    pgProxy = await startTcpProxy({ host: pgUrl.hostname, port: Number(pgUrl.port || 5432) });
    pgUrl.port = String(pgProxy.port);
    pgUrl.search = '?connect_timeout=2&query_timeout=1';
    store = await openStore(pgUrl.toString(), { schema });
    const redisUrl = new URL(REDIS_URL);
    redisProxy = await startTcpProxy({ host: redisUrl.hostname, port: Number(redisUrl.port || 6379) });
    redisUrl.port = String(redisProxy.port);
    // The service's own connection settings: while Redis is down, commands wait through reconnections.
    redis.client = createRedis(redisUrl.toString(), { name: 'api-down-test' });
    redis.client.on('error', () => undefined);
    const queues = createQueues(redis.client, { prefix, ingestAttempts: 1, ingestBackoffMs: 0 });
    const deps: ApiDeps = {
      store,
      log: pino({ level: 'silent' }),
      topics: [],
      redis: redis.client,
      settings: { apiToken: null, defaultLimit: 10, maxLimit: 10, queuePrefix: prefix, redisTimeoutMs: 300, storeTimeoutMs: 300 },
      queueCounts: () => queues.counts(),
      checkReady: async () => void (await redis.client!.ping()),
    };
    app = await buildApp(deps);
  });
  afterAll(async () => {
    await app?.close();
    await pgProxy.restore().catch(() => undefined);
    await store?.close().catch(() => undefined);
    await dropPostgresSchema(schema);
    await redisProxy.restore().catch(() => undefined);
    if (redis.client) {
      await deletePrefix(redis.client, prefix).catch(() => undefined);
      redis.client.disconnect();
    }
    await pgProxy.close();
    await redisProxy.close();
  });

  it('answers 503 SERVICE_UNAVAILABLE with Retry-After while PostgreSQL is down, and serves again once it is back', async () => {
    expect((await app.inject('/api/stories')).statusCode).toBe(200);
    await pgProxy.cut();
    for (const url of ['/api/stories', '/api/stories/abc', '/api/feeds', '/api/topics']) {
      const res = await app.inject(url);
      expect(res.statusCode, url).toBe(503);
      expect(res.json().error.code, url).toBe('SERVICE_UNAVAILABLE');
      expect(res.headers['retry-after'], url).toBe('5');
    }
    const metrics = await app.inject('/metrics');
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toContain('newsfeed_dependency_up{dependency="store"} 0');
    expect(metrics.body).toContain('newsfeed_dependency_up{dependency="redis"} 1');
    expect(metrics.body).not.toMatch(/^newsfeed_stories\{/m);
    expect((await app.inject('/readyz')).statusCode).toBe(503);
    await pgProxy.restore();
    await until('the store back', async () => (await app.inject('/api/stories')).statusCode === 200, 10_000);
    expect((await app.inject('/metrics')).body).toContain('newsfeed_dependency_up{dependency="store"} 1');
  });

  it('answers /api/stats, /metrics and /readyz within api.redisTimeoutMs while Redis is down, and serves again once it is back', async () => {
    expect((await app.inject('/api/stats')).statusCode).toBe(200);
    await redisProxy.cut();
    const started = Date.now();
    const stats = await app.inject('/api/stats');
    expect(stats.statusCode).toBe(503);
    expect(stats.json().error.code).toBe('REDIS_UNAVAILABLE');
    const metrics = await app.inject('/metrics');
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toContain('newsfeed_dependency_up{dependency="redis"} 0');
    expect(metrics.body).toContain('newsfeed_dependency_up{dependency="store"} 1');
    expect(metrics.body).toMatch(/^newsfeed_stories\{kind="stories"\} 0$/m);
    expect(metrics.body).not.toMatch(/^newsfeed_queue_jobs\{/m);
    expect((await app.inject('/readyz')).statusCode).toBe(503);
    // Three requests, each bounded by the 300 ms setting (not the client's tens of seconds of retries).
    expect(Date.now() - started).toBeLessThan(5000);
    await redisProxy.restore();
    await until('Redis back', async () => (await app.inject('/api/stats')).statusCode === 200, 15_000);
    expect((await app.inject('/metrics')).body).toContain('newsfeed_dependency_up{dependency="redis"} 1');
  });

  it('answers within api.storeTimeoutMs, and the rest after query_timeout, while PostgreSQL does not answer (a network partition)', async () => {
    expect((await app.inject('/api/stories')).statusCode).toBe(200);
    pgProxy.blackhole();
    try {
      const started = Date.now();
      const metrics = await app.inject('/metrics');
      expect(metrics.statusCode).toBe(200);
      expect(metrics.body).toContain('newsfeed_dependency_up{dependency="store"} 0');
      const ready = await app.inject('/readyz');
      expect(ready.statusCode).toBe(503);
      expect(ready.headers['retry-after']).toBe('5');
      const stats = await app.inject('/api/stats');
      expect(stats.statusCode).toBe(503);
      expect(stats.json().error.code).toBe('STORE_UNAVAILABLE');
      expect(Date.now() - started).toBeLessThan(3000);
      // A query on a connection that stops answering fails after query_timeout (1 s), as unavailable.
      const stories = await app.inject('/api/stories');
      expect(stories.statusCode).toBe(503);
      expect(stories.json().error.code).toBe('SERVICE_UNAVAILABLE');
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await pgProxy.restore();
    }
    await until('the store back', async () => (await app.inject('/api/stories')).statusCode === 200, 15_000);
  }, 30_000);
});
