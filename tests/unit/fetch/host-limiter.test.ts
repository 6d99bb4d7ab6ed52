import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createMemoryHostLimiter, normalizeHost, type HostLimiter } from '../../../src/fetch/host-limiter.js';
import { createRedisHostLimiter } from '../../../src/fetch/redis-host-limiter.js';

const REDIS_URL = 'redis://127.0.0.1:6379';

async function probeRedis(): Promise<boolean> {
  const probe = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}
const redisUp = await probeRedis();
if (!redisUp) console.warn(`host-limiter: Redis not reachable at ${REDIS_URL}; the Redis limiter tests are skipped`);

const clients: Redis[] = [];
const prefixes: string[] = [];
afterEach(async () => {
  if (!redisUp) return;
  const redis = clients[0] ?? new Redis(REDIS_URL);
  for (const prefix of prefixes.splice(0)) {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    expect(await redis.keys(`${prefix}:*`)).toEqual([]);
  }
  if (!clients.includes(redis)) redis.disconnect();
});
afterAll(() => {
  for (const c of clients.splice(0)) c.disconnect();
});

function redisLimiters(count: number, opts: { maxPerHost?: number; leaseMs?: number } = {}): HostLimiter[] {
  const prefix = `test:hostlimiter:${randomUUID()}`;
  prefixes.push(prefix);
  return Array.from({ length: count }, () => {
    const redis = new Redis(REDIS_URL);
    clients.push(redis);
    return createRedisHostLimiter({ redis, prefix, ...opts, pollMs: 5 });
  });
}

type Factory = (count: number, opts?: { maxPerHost?: number; leaseMs?: number }) => HostLimiter[];
const memoryLimiters: Factory = (count, opts = {}) => {
  const shared = createMemoryHostLimiter(opts);
  return Array.from({ length: count }, () => shared);
};

const implementations: [string, Factory, boolean][] = [
  ['memory', memoryLimiters, true],
  ['redis', redisLimiters, redisUp],
];

describe.each(implementations)('%s host limiter', (_name, make, available) => {
  describe.skipIf(!available)('behaviour', () => {
    it('grants up to maxPerHost leases per host, independently per host', async () => {
      const [limiter] = make(1, { maxPerHost: 2 });
      const a = await limiter!.tryAcquire('Example.com');
      const b = await limiter!.tryAcquire('example.com.');
      expect(a).not.toBeNull();
      expect(b).not.toBeNull();
      expect(await limiter!.tryAcquire('EXAMPLE.COM')).toBeNull();
      expect(await limiter!.tryAcquire('other.example')).not.toBeNull();
      await a!.release();
      await a!.release();
      const c = await limiter!.tryAcquire('example.com');
      expect(c).not.toBeNull();
      expect(await limiter!.tryAcquire('example.com')).toBeNull();
    });

    it('acquire waits for a release, and gives up with null after timeoutMs', async () => {
      const [limiter] = make(1, { maxPerHost: 1 });
      const held = await limiter!.tryAcquire('h.example');
      const started = Date.now();
      expect(await limiter!.acquire('h.example', { timeoutMs: 60 })).toBeNull();
      expect(Date.now() - started).toBeGreaterThanOrEqual(55);
      setTimeout(() => void held!.release(), 30);
      const next = await limiter!.acquire('h.example', { timeoutMs: 2_000 });
      expect(next?.host).toBe('h.example');
    });

    it('acquire gives up when its signal aborts', async () => {
      const [limiter] = make(1, { maxPerHost: 1 });
      await limiter!.tryAcquire('s.example');
      expect(await limiter!.acquire('s.example', { timeoutMs: 5_000, signal: AbortSignal.timeout(30) })).toBeNull();
    });

    it('two limiters on two connections never exceed the cap together', async () => {
      const [one, two] = make(2, { maxPerHost: 3 });
      let inFlight = 0;
      let peak = 0;
      const work = async (limiter: HostLimiter) => {
        const lease = await limiter.acquire('busy.example', { timeoutMs: 10_000 });
        expect(lease).not.toBeNull();
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight--;
        await lease!.release();
      };
      await Promise.all(Array.from({ length: 24 }, (_, i) => work(i % 2 === 0 ? one! : two!)));
      expect(peak).toBe(3);
    });

    it('records a host-wide block that only ever extends', async () => {
      const [one, two] = make(2);
      expect(await one!.hostBlockedUntil('slow.example')).toBeNull();
      const until = Date.now() + 60_000;
      await one!.blockHost('Slow.Example', until);
      expect(await two!.hostBlockedUntil('slow.example')).toBe(until);
      await two!.blockHost('slow.example', until - 30_000);
      expect(await one!.hostBlockedUntil('slow.example')).toBe(until);
      await one!.blockHost('past.example', Date.now() - 1);
      expect(await two!.hostBlockedUntil('past.example')).toBeNull();
    });
  });
});

describe.skipIf(!redisUp)('redis host limiter specifics', () => {
  it('lets a lease that was never released expire (crashed process)', async () => {
    const [limiter] = redisLimiters(1, { maxPerHost: 1, leaseMs: 80 });
    expect(await limiter!.tryAcquire('crash.example')).not.toBeNull();
    expect(await limiter!.tryAcquire('crash.example')).toBeNull();
    await new Promise((r) => setTimeout(r, 120));
    expect(await limiter!.tryAcquire('crash.example')).not.toBeNull();
  });

  it('keeps its keys under `${prefix}:host:` with expiries', async () => {
    const [limiter] = redisLimiters(1);
    const prefix = prefixes.at(-1)!;
    await limiter!.tryAcquire('keys.example');
    await limiter!.blockHost('keys.example', Date.now() + 10_000);
    const redis = clients.at(-1)!;
    const keys = (await redis.keys(`${prefix}:*`)).sort();
    expect(keys).toEqual([`${prefix}:host:keys.example:blocked`, `${prefix}:host:keys.example:leases`]);
    for (const key of keys) expect(await redis.pttl(key)).toBeGreaterThan(0);
  });
});

describe('normalizeHost', () => {
  it.each([
    ['Example.COM', 'example.com'],
    ['example.com.', 'example.com'],
    ['[::1]', '::1'],
    [' feeds.example ', 'feeds.example'],
  ])('%s -> %s', (input, expected) => {
    expect(normalizeHost(input)).toBe(expected);
  });
});
