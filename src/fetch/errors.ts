import { IngestError } from '../errors.js';

/**
 * Every code the fetch stage raises, with its default `retryable` hint (transient conditions are
 * retryable; refusals, caps and permanent HTTP answers are not). workers/retry-policy.ts decides.
 */
export const FETCH_ERROR_RETRYABLE = {
  FETCH_BAD_URL: false,
  FETCH_BLOCKED_ADDRESS: false,
  FETCH_TIMEOUT: true,
  FETCH_NETWORK: true,
  FETCH_TLS: false,
  FETCH_PROTOCOL: false,
  FETCH_TOO_LARGE: false,
  FETCH_DECOMPRESS: false,
  FETCH_TOO_MANY_REDIRECTS: false,
  FETCH_REDIRECT_LOOP: false,
  FETCH_GONE: false,
  /** Any other non-2xx/304 answer; retryable for 408, 429 and 5xx (see `isRetryableStatus`). */
  HTTP_STATUS: false,
  /** The host asked every client to wait (an earlier 429/503 with Retry-After); nothing was sent. */
  FETCH_HOST_BLOCKED: true,
  /** No per-host slot became free within `hostWaitMs`; nothing was sent. */
  FETCH_HOST_BUSY: true,
  /** The caller's shutdown signal fired. */
  FETCH_ABORTED: true,
} as const;

export type FetchErrorCode = keyof typeof FETCH_ERROR_RETRYABLE;

/** A coded fetch failure. `details` carries `url` and, per code, `status`, `retryAfterMs`, `address`, `reason`, `phase`. */
export class FetchError extends IngestError {
  declare readonly code: FetchErrorCode;

  constructor(code: FetchErrorCode, message: string, opts: { retryable?: boolean; details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(code, message, { ...opts, retryable: opts.retryable ?? FETCH_ERROR_RETRYABLE[code] });
  }
}

/** 408, 429 and every 5xx are worth retrying; other statuses are answers that will not change soon. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}
