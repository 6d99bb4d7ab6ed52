import { IngestError } from '../errors.js';

/** Coded API errors and the HTTP status each maps to. */
export const API_ERROR_STATUS: Record<string, number> = {
  QUERY_INVALID: 400,
  TOPIC_UNKNOWN: 400,
  BAD_REQUEST: 400,
  FULLTEXT_SELECTOR_INVALID: 400,
  FEED_RULE_INVALID: 400,
  FEED_INTERVAL_INVALID: 400,
  OPML_INVALID: 400,
  UNAUTHORIZED: 401,
  ADMIN_DISABLED: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  FEED_EXISTS: 409,
  WEBHOOK_EXISTS: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
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
const FASTIFY_STATUS_CODES: Readonly<Record<number, string>> = { 404: 'NOT_FOUND', 405: 'METHOD_NOT_ALLOWED', 413: 'PAYLOAD_TOO_LARGE', 415: 'UNSUPPORTED_MEDIA_TYPE' };

export function toErrorResponse(err: unknown): { status: number; body: { error: { code: string; message: string } } } {
  if (err instanceof UnusableUrlError) return { status: 422, body: { error: { code: err.code, message: err.message } } };
  if (err instanceof IngestError) {
    return { status: API_ERROR_STATUS[err.code] ?? 500, body: { error: { code: err.code, message: err.message } } };
  }
  const e = err as { statusCode?: number; code?: string; message?: string; validation?: unknown };
  if (e && typeof e.statusCode === 'number' && e.statusCode < 500) {
    // Fastify's own refusals, coded by their status (an unparsable body is a BAD_REQUEST).
    const code = FASTIFY_STATUS_CODES[e.statusCode] ?? 'BAD_REQUEST';
    return { status: e.statusCode, body: { error: { code, message: e.message ?? code } } };
  }
  return { status: 500, body: { error: { code: 'INTERNAL', message: 'internal error' } } };
}
