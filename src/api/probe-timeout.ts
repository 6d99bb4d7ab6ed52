import { ApiError } from './api-errors.js';
import type { ApiDeps } from './api-deps.js';

/**
 * How long the monitoring endpoints (/api/stats, /metrics, /readyz) wait for Redis
 * (api.redisTimeoutMs, default 2 s) and for the store (api.storeTimeoutMs, default 5 s). While
 * Redis is down its client holds commands through its reconnection attempts (tens of seconds), and
 * a store behind a network partition answers after its connect or query timeout: a probe must not
 * hang that long (Prometheus gives up on a scrape after 10 s).
 */
export function probeTimeouts(deps: Pick<ApiDeps, 'settings'>): { redisMs: number; storeMs: number } {
  return { redisMs: deps.settings.redisTimeoutMs ?? 2000, storeMs: deps.settings.storeTimeoutMs ?? 5000 };
}

/** `promise`, or 503 REDIS_UNAVAILABLE / STORE_UNAVAILABLE when it has not settled within `ms` (its late answer is dropped). */
export function withinTimeout<T>(promise: Promise<T>, ms: number, what: 'redis' | 'store'): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(what === 'redis' ? new ApiError('REDIS_UNAVAILABLE', `Redis did not answer within ${ms} ms`) : new ApiError('STORE_UNAVAILABLE', `the store did not answer within ${ms} ms`)),
      ms,
    );
  });
  promise.catch(() => undefined);
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}
