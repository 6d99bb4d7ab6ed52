import { ApiError } from './api-errors.js';
import type { ApiDeps } from './api-deps.js';

/** How long the API waits for Redis before answering 503 (api.redisTimeoutMs, default 2 s). */
export function redisTimeoutMs(deps: Pick<ApiDeps, 'settings'>): number {
  return deps.settings.redisTimeoutMs ?? 2000;
}

/**
 * `promise`, or REDIS_UNAVAILABLE (503) when Redis has not answered within `ms`: while Redis is
 * down its client holds commands through its reconnection attempts (tens of seconds), and a
 * monitoring probe must not hang that long.
 */
export function withinRedisTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new ApiError('REDIS_UNAVAILABLE', `Redis did not answer within ${ms} ms`)), ms);
  });
  // The late answer (or error) of the abandoned command is dropped.
  promise.catch(() => undefined);
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}
