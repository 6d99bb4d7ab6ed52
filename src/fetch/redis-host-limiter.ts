import { createHash, randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { DEFAULT_HOST_LIMITS, normalizeHost, type HostLease, type HostLimiter } from './host-limiter.js';

/**
 * A HostLimiter shared by every process and machine on one Redis.
 *
 * Keys: `${prefix}:host:${host}:leases` is a sorted set of lease ids scored by their expiry (Redis
 * server time, so machines' clocks do not matter); `${prefix}:host:${host}:blocked` holds the
 * epoch ms before which the host must not be contacted and expires then. Acquire is one Lua
 * script (expire stale leases, count, add); release is a single ZREM. A lease never released
 * (crashed process) expires after `leaseMs`. Waiting in `acquire` polls with a growing delay.
 */
export interface RedisHostLimiterOptions {
  redis: Redis;
  /** Key prefix, normally QUEUE_PREFIX (`newsfeed`). */
  prefix: string;
  maxPerHost?: number;
  /** Default DEFAULT_HOST_LIMITS.leaseMs; keep it above the fetch total timeout. */
  leaseMs?: number;
  /** First delay between attempts in `acquire` (doubles up to 8x). Default 25 ms. */
  pollMs?: number;
}

const ACQUIRE_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local lease = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
redis.call('ZADD', KEYS[1], now + lease, ARGV[3])
if redis.call('PTTL', KEYS[1]) < lease then redis.call('PEXPIRE', KEYS[1], lease) end
return 1`;

const BLOCK_LUA = `
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local untilMs = tonumber(ARGV[1])
if current < untilMs then redis.call('SET', KEYS[1], ARGV[1], 'PXAT', ARGV[1]) return 1 end
return 0`;

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');
const SHAS = new Map([ACQUIRE_LUA, BLOCK_LUA].map((s) => [s, sha1(s)]));

async function runScript(redis: Redis, script: string, keys: string[], args: (string | number)[]): Promise<unknown> {
  try {
    return await redis.evalsha(SHAS.get(script)!, keys.length, ...keys, ...args);
  } catch (err) {
    if (!(err instanceof Error) || !err.message.includes('NOSCRIPT')) throw err;
    return redis.eval(script, keys.length, ...keys, ...args);
  }
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

/** Builds the Redis-backed limiter; it uses `redis` as given and never closes it. */
export function createRedisHostLimiter(opts: RedisHostLimiterOptions): HostLimiter {
  const { redis, prefix } = opts;
  const maxPerHost = opts.maxPerHost ?? DEFAULT_HOST_LIMITS.maxPerHost;
  const leaseMs = opts.leaseMs ?? DEFAULT_HOST_LIMITS.leaseMs;
  const pollMs = opts.pollMs ?? 25;
  const leasesKey = (host: string) => `${prefix}:host:${host}:leases`;
  const blockedKey = (host: string) => `${prefix}:host:${host}:blocked`;

  const tryAcquire = async (rawHost: string): Promise<HostLease | null> => {
    const host = normalizeHost(rawHost);
    const id = randomUUID();
    const got = await runScript(redis, ACQUIRE_LUA, [leasesKey(host)], [maxPerHost, leaseMs, id]);
    if (Number(got) !== 1) return null;
    let released = false;
    return {
      host,
      release: async () => {
        if (released) return;
        released = true;
        await redis.zrem(leasesKey(host), id).catch(() => undefined);
      },
    };
  };

  return {
    maxPerHost,
    tryAcquire,
    acquire: async (host, { timeoutMs = DEFAULT_HOST_LIMITS.acquireTimeoutMs, signal } = {}) => {
      const deadline = Date.now() + timeoutMs;
      let delay = pollMs;
      for (;;) {
        const lease = await tryAcquire(host);
        if (lease) return lease;
        const left = deadline - Date.now();
        if (left <= 0 || signal?.aborted) return null;
        await sleep(Math.min(delay, left), signal);
        delay = Math.min(delay * 2, pollMs * 8);
      }
    },
    blockHost: async (host, untilMs) => {
      if (untilMs <= Date.now()) return;
      await runScript(redis, BLOCK_LUA, [blockedKey(normalizeHost(host))], [Math.ceil(untilMs)]);
    },
    hostBlockedUntil: async (host) => {
      const value = await redis.get(blockedKey(normalizeHost(host)));
      const until = value === null ? Number.NaN : Number(value);
      return Number.isFinite(until) && until > Date.now() ? until : null;
    },
  };
}
