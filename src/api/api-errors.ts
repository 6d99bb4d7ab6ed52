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
  /** A feed given by a URL (masked, or without its password) that several feeds answer to. */
  FEED_AMBIGUOUS: 400,
  UNAUTHORIZED: 401,
  ADMIN_DISABLED: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  FEED_EXISTS: 409,
  WEBHOOK_EXISTS: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  NOT_READY: 503,
  /** Redis did not answer in time (the queue counts, counters, the schedule). */
  REDIS_UNAVAILABLE: 503,
  /** The store did not answer in time (the monitoring endpoints). */
  STORE_UNAVAILABLE: 503,
  /** The SQL store or Redis could not be reached (isUnavailable). */
  SERVICE_UNAVAILABLE: 503,
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

/** Network errors of a connection to PostgreSQL or Redis (Node's socket codes). */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ECONNABORTED']);
/** What pg and ioredis say when their server went away or cannot be reached. */
const LOST_CONNECTION = /^(Connection terminated|Connection is closed|Client has encountered a connection error|timeout exceeded when trying to connect|Reached the max retries per request limit|Stream isn't writeable|Client was closed and is not queryable|Cannot use a pool after calling end|Query read timeout)/;

/**
 * True when `err` says a backing service (the SQL store, Redis) cannot be reached, rather than
 * that the request or the code is wrong: socket errors, PostgreSQL's connection and shutdown
 * classes (SQLSTATE 08…, 57P01–57P03, 53300 too many connections), and the messages pg and
 * ioredis give a lost connection.
 */
export function isUnavailable(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const { code, message } = err as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (SOCKET_CODES.has(code) || /^(08[0-9A-Z]{3}|57P0[123]|53300)$/.test(code))) return true;
  if (typeof message === 'string' && LOST_CONNECTION.test(message)) return true;
  // Promise.all of several connection attempts, or a pg connect error wrapped by the pool.
  const inner = (err as { errors?: unknown; cause?: unknown }).errors ?? (err as { cause?: unknown }).cause;
  return Array.isArray(inner) ? inner.some(isUnavailable) : inner !== undefined && inner !== err && isUnavailable(inner);
}

/** The `{error:{code,message}}` body and status for anything a route throws. */
const FASTIFY_STATUS_CODES: Readonly<Record<number, string>> = { 404: 'NOT_FOUND', 405: 'METHOD_NOT_ALLOWED', 413: 'PAYLOAD_TOO_LARGE', 415: 'UNSUPPORTED_MEDIA_TYPE' };

export function toErrorResponse(err: unknown): { status: number; body: { error: { code: string; message: string } } } {
  if (!(err instanceof IngestError) && isUnavailable(err)) {
    const code = (err as { code?: unknown }).code;
    return { status: 503, body: { error: { code: 'SERVICE_UNAVAILABLE', message: `the store or Redis cannot be reached${typeof code === 'string' ? ` (${code})` : ''}: try again later` } } };
  }
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
