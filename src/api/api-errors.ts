import { IngestError } from '../errors.js';

/** Coded API errors and the HTTP status each maps to. */
export const API_ERROR_STATUS: Record<string, number> = {
  QUERY_INVALID: 400,
  TOPIC_UNKNOWN: 400,
  BAD_REQUEST: 400,
  FULLTEXT_SELECTOR_INVALID: 400,
  FEED_RULE_INVALID: 400,
  FEED_INTERVAL_INVALID: 400,
  UNAUTHORIZED: 401,
  ADMIN_DISABLED: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  FEED_EXISTS: 409,
  WEBHOOK_EXISTS: 409,
  NOT_READY: 503,
};

export class ApiError extends IngestError {
  constructor(code: keyof typeof API_ERROR_STATUS, message: string) {
    super(code, message);
  }
}

/** An address given to the API could not be used: its fetch, parse or feed discovery failed. 422, with that stage's code (FETCH_*, HTTP_STATUS, PARSE_*, DISCOVER_NO_FEED). */
export class UnusableUrlError extends IngestError {
  constructor(cause: IngestError) {
    super(cause.code, cause.message, { details: cause.details });
  }
}

/** The `{error:{code,message}}` body and status for anything a route throws. */
export function toErrorResponse(err: unknown): { status: number; body: { error: { code: string; message: string } } } {
  if (err instanceof UnusableUrlError) return { status: 422, body: { error: { code: err.code, message: err.message } } };
  if (err instanceof IngestError) {
    return { status: API_ERROR_STATUS[err.code] ?? 500, body: { error: { code: err.code, message: err.message } } };
  }
  const e = err as { statusCode?: number; code?: string; message?: string; validation?: unknown };
  if (e && typeof e.statusCode === 'number' && e.statusCode < 500) {
    const code = e.statusCode === 404 ? 'NOT_FOUND' : 'BAD_REQUEST';
    return { status: e.statusCode, body: { error: { code, message: e.message ?? code } } };
  }
  return { status: 500, body: { error: { code: 'INTERNAL', message: 'internal error' } } };
}
