import { UnrecoverableError } from 'bullmq';
import { IngestError, toIngestError } from '../src/errors.js';

/** What a failure means for what comes next. */
export interface FailureDecision {
  code: string;
  message: string;
  /** Try again soon (with backoff): timeouts, network errors, 5xx, 429 and 503 with Retry-After. */
  retryable: boolean;
  /** Server-given delay before the next try, when there is one. */
  retryAfterMs: number | null;
  /** 410 Gone: the feed is retired and no longer polled. */
  retire: boolean;
}

/** Codes that are never worth retrying quickly, whatever the stage said. */
const PERMANENT = new Set(['FETCH_BLOCKED_ADDRESS', 'FETCH_BAD_URL', 'FETCH_TOO_LARGE', 'FETCH_TOO_MANY_REDIRECTS', 'FETCH_REDIRECT_LOOP', 'FETCH_GONE', 'CONFIG_INVALID']);

/**
 * The one place that decides retryable versus permanent. Stage errors carry a hint; an error with
 * no code (a dropped Redis or database connection, a bug) is treated as retryable.
 */
export function decideFailure(err: unknown): FailureDecision {
  const e = toIngestError(err);
  const status = typeof e.details.status === 'number' ? e.details.status : null;
  const retryAfterMs = typeof e.details.retryAfterMs === 'number' ? e.details.retryAfterMs : null;
  let retryable: boolean;
  if (PERMANENT.has(e.code) || e.code.startsWith('PARSE_')) retryable = false;
  else if (status !== null) retryable = status >= 500 || status === 429 || status === 408;
  else if (err instanceof IngestError) retryable = e.retryable || e.code === 'INTERNAL';
  else retryable = true;
  return { code: e.code, message: e.message, retryable, retryAfterMs, retire: e.code === 'FETCH_GONE' || status === 410 };
}

/** What a BullMQ processor throws: permanent failures skip the remaining attempts. */
export function toJobError(err: unknown): Error {
  const decision = decideFailure(err);
  if (decision.retryable) return err instanceof Error ? err : new Error(decision.message);
  return new UnrecoverableError(`${decision.code}: ${decision.message}`);
}
