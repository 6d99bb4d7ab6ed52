import type { IncomingHttpHeaders } from 'node:http';

/** What the response says about freshness and waiting, as the poll scheduler consumes it. */
export interface FetchCacheHints {
  /** Cache-Control max-age in seconds (0 for no-cache/no-store), or null when absent. */
  maxAgeSec: number | null;
  /** Expires as ISO-8601, corrected for clock skew against the response's Date header; null when absent or invalid. */
  expiresAt: string | null;
  /** Retry-After in milliseconds from now, when the response carried one. */
  retryAfterMs?: number;
}

/**
 * Parses a Retry-After value (delay-seconds or HTTP-date) into milliseconds from `nowMs`, never
 * negative and at most `maxMs`; null when absent or unparsable.
 */
export function parseRetryAfter(value: string | string[] | undefined, nowMs: number, maxMs = 86_400_000): number | null {
  const raw = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!raw) return null;
  if (/^\d+(\.\d+)?$/.test(raw)) return Math.min(maxMs, Math.round(Number(raw) * 1000));
  if (!/[a-z]/i.test(raw)) return null;
  const at = Date.parse(raw);
  if (Number.isNaN(at)) return null;
  return Math.min(maxMs, Math.max(0, at - nowMs));
}

/** Reads Cache-Control, Expires (with Date for skew) and Retry-After. */
export function parseCacheHints(headers: IncomingHttpHeaders, nowMs: number, maxRetryAfterMs?: number): FetchCacheHints {
  const hints: FetchCacheHints = { maxAgeSec: parseMaxAge(headers['cache-control']), expiresAt: parseExpires(headers.expires, headers.date, nowMs) };
  const retryAfterMs = parseRetryAfter(headers['retry-after'], nowMs, maxRetryAfterMs);
  if (retryAfterMs !== null) hints.retryAfterMs = retryAfterMs;
  return hints;
}

function parseMaxAge(value: string | undefined): number | null {
  if (!value) return null;
  let maxAge: number | null = null;
  for (const directive of value.toLowerCase().split(',')) {
    const [name, arg] = directive.trim().split('=', 2).map((s) => s.trim());
    if (name === 'no-cache' || name === 'no-store') return 0;
    if (name === 'max-age' && arg !== undefined && /^"?\d+"?$/.test(arg)) maxAge = Number(arg.replace(/"/g, ''));
  }
  return maxAge;
}

function parseExpires(expires: string | undefined, date: string | undefined, nowMs: number): string | null {
  if (!expires || !/[a-z]/i.test(expires)) return null;
  const at = Date.parse(expires);
  if (Number.isNaN(at)) return null;
  const served = date ? Date.parse(date) : Number.NaN;
  const skewed = Number.isNaN(served) ? at : nowMs + (at - served);
  return new Date(skewed).toISOString();
}
