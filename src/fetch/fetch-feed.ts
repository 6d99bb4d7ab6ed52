import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { performance } from 'node:perf_hooks';
import { assertLiteralHostAllowed, createGuardedLookup, type AddressPolicy } from './address-guard.js';
import { parseCacheHints, type FetchCacheHints } from './cache-hints.js';
import { FetchError, isRetryableStatus } from './errors.js';
import { normalizeHost, type HostLimiter } from './host-limiter.js';
import { requestOnce, type OnceResponse } from './request-once.js';

export interface FetchRequest {
  url: string;
  etag?: string | null;
  lastModified?: string | null;
}

export interface FetchLimits {
  /** DNS + TCP + TLS of one request. */
  connectTimeoutMs: number;
  /** Whole fetch, every redirect and the full body included (time spent waiting for a host slot excluded). */
  totalTimeoutMs: number;
  /** Cap on the decoded (decompressed) body. */
  maxBytes: number;
  maxRedirects: number;
  /** How long to wait for a per-host slot when a hostLimiter is given. */
  hostWaitMs: number;
  /** Retry-After values are capped to this (a host can block itself for at most this long). */
  maxRetryAfterMs: number;
}

export const DEFAULT_FETCH_LIMITS: Readonly<FetchLimits> = Object.freeze({
  connectTimeoutMs: 10_000,
  totalTimeoutMs: 30_000,
  maxBytes: 10 * 1024 * 1024,
  maxRedirects: 5,
  hostWaitMs: 2_000,
  maxRetryAfterMs: 86_400_000,
});

export const DEFAULT_USER_AGENT = 'newsfeed/0.1 (+https://github.com/newsfeed)';

const ACCEPT = 'application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5';

export interface FetchDeps {
  limits?: Partial<FetchLimits>;
  userAgent?: string;
  /** ALLOW_PRIVATE_NETWORKS: skip the SSRF guard entirely. Default false. */
  allowPrivateNetworks?: boolean;
  /** Non-public addresses or CIDRs allowed anyway (an intranet feed host). Default none. */
  allowedAddresses?: readonly string[];
  /** DNS lookup (default dns.lookup); the SSRF guard wraps it. */
  lookup?: LookupFunction;
  hostLimiter?: HostLimiter;
  signal?: AbortSignal;
}

interface FetchMeta {
  status: number;
  contentType: string | null;
  finalUrl: string;
  /** Where the stored feed URL should move: the target of the leading run of 301/308 redirects; null otherwise. */
  permanentUrl: string | null;
  etag: string | null;
  lastModified: string | null;
  cache: FetchCacheHints;
  /** Decoded body bytes (0 for not-modified). */
  bytes: number;
  redirects: number;
  durationMs: number;
}

export type FetchResult =
  | ({ kind: 'ok'; body: Uint8Array; bodyHash: string } & FetchMeta)
  | ({ kind: 'not-modified' } & FetchMeta);

const REDIRECTS: Readonly<Record<number, 'permanent' | 'temporary'>> = { 301: 'permanent', 302: 'temporary', 303: 'temporary', 307: 'temporary', 308: 'permanent' };

/** Keep-alive agents, one per protocol and SSRF policy; only used with the default DNS lookup. */
const POOLED_AGENTS = new Map<string, http.Agent>();

function selectAgent(protocol: string, policy: AddressPolicy, customLookup: boolean): http.Agent | false {
  if (customLookup) return false;
  const key = `${protocol}|${policy.allowPrivateNetworks}|${policy.allowedAddresses.join(',')}`;
  let agent = POOLED_AGENTS.get(key);
  if (!agent) {
    const options = { keepAlive: true, maxFreeSockets: 32, scheduling: 'lifo' as const };
    agent = protocol === 'https:' ? new https.Agent(options) : new http.Agent(options);
    POOLED_AGENTS.set(key, agent);
  }
  return agent;
}

/** Parses a feed or Location URL; FETCH_BAD_URL unless it is absolute http(s) with a host. */
export function parseFetchUrl(raw: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(raw.trim(), base);
  } catch {
    // `example.com/feed.xml`: say what is missing.
    const hint = !base && !raw.includes('://') ? ' (give it with http:// or https://)' : '';
    throw new FetchError('FETCH_BAD_URL', `not a valid URL: ${JSON.stringify(raw.slice(0, 200))}${hint}`, { details: { url: raw.slice(0, 2000) } });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FetchError('FETCH_BAD_URL', `unsupported URL scheme "${url.protocol}" (only http and https)`, { details: { url: url.href.slice(0, 2000) } });
  }
  if (!url.hostname) throw new FetchError('FETCH_BAD_URL', 'URL has no host', { details: { url: url.href } });
  url.hash = '';
  return url;
}

const SAFE_HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

function buildHeaders(req: FetchRequest, userAgent: string): Record<string, string> {
  const headers: Record<string, string> = { 'user-agent': userAgent, accept: ACCEPT, 'accept-encoding': 'gzip, deflate, br' };
  if (req.etag && SAFE_HEADER_VALUE.test(req.etag)) headers['if-none-match'] = req.etag;
  if (req.lastModified && SAFE_HEADER_VALUE.test(req.lastModified)) headers['if-modified-since'] = req.lastModified;
  return headers;
}

const wantsBody = (status: number) => status >= 200 && status < 300;

/**
 * Fetches one feed URL: conditional GET, redirects followed (each hop SSRF-checked at connect
 * time and, with a hostLimiter, polite per host), body decoded and capped. Returns 'ok' (2xx) or
 * 'not-modified' (304); every other outcome throws a FetchError (see errors.ts for codes).
 */
export async function fetchFeed(req: FetchRequest, deps: FetchDeps = {}): Promise<FetchResult> {
  const started = performance.now();
  const limits: FetchLimits = { ...DEFAULT_FETCH_LIMITS, ...deps.limits };
  const policy: AddressPolicy = { allowPrivateNetworks: deps.allowPrivateNetworks ?? false, allowedAddresses: deps.allowedAddresses ?? [] };
  const lookup = createGuardedLookup(policy, deps.lookup);
  const headers = buildHeaders(req, deps.userAgent ?? DEFAULT_USER_AGENT);
  const startUrl = parseFetchUrl(req.url);
  let url = startUrl;
  const visited = new Set([url.href]);
  let permanentUrl: string | null = null;
  let permanentRun = true;
  let redirects = 0;
  let deadline = started + limits.totalTimeoutMs;

  for (;;) {
    assertLiteralHostAllowed(url.hostname, policy);
    const hopUrl = url;
    const { response, waitedMs } = await withHostSlot(hopUrl, deps, limits, () =>
      requestOnce({
        url: hopUrl,
        headers,
        lookup,
        agent: selectAgent(hopUrl.protocol, policy, deps.lookup !== undefined),
        connectTimeoutMs: limits.connectTimeoutMs,
        remainingMs: deadline - performance.now(),
        maxBytes: limits.maxBytes,
        wantsBody,
        signal: deps.signal,
      }),
    );
    deadline += waitedMs;
    const { status } = response;
    const kind = REDIRECTS[status];
    const location = response.headers.location;
    if (kind && location) {
      const next = parseFetchUrl(location, url);
      redirects++;
      if (visited.has(next.href)) {
        throw new FetchError('FETCH_REDIRECT_LOOP', `redirect loop: ${url.href} -> ${next.href} was already visited`, { details: { url: startUrl.href, location: next.href, redirects } });
      }
      if (redirects > limits.maxRedirects) {
        throw new FetchError('FETCH_TOO_MANY_REDIRECTS', `more than ${limits.maxRedirects} redirects`, { details: { url: startUrl.href, location: next.href, redirects } });
      }
      if (kind === 'permanent' && permanentRun) permanentUrl = next.href;
      else permanentRun = false;
      visited.add(next.href);
      url = next;
      continue;
    }
    if (status === 304 || wantsBody(status)) return buildResult(req, response, { url, permanentUrl, redirects, started, limits });
    throw await statusError(response, url, startUrl, deps, limits);
  }
}

async function withHostSlot(url: URL, deps: FetchDeps, limits: FetchLimits, run: () => Promise<OnceResponse>): Promise<{ response: OnceResponse; waitedMs: number }> {
  const limiter = deps.hostLimiter;
  if (!limiter) return { response: await run(), waitedMs: 0 };
  const host = normalizeHost(url.hostname);
  const waitStart = performance.now();
  let lease;
  try {
    const blockedUntil = await limiter.hostBlockedUntil(host);
    if (blockedUntil !== null) {
      const retryAfterMs = Math.max(0, blockedUntil - Date.now());
      throw new FetchError('FETCH_HOST_BLOCKED', `${host} asked clients to wait until ${new Date(blockedUntil).toISOString()}`, { details: { url: url.href, host, retryAfterMs } });
    }
    lease = await limiter.acquire(host, { timeoutMs: limits.hostWaitMs, signal: deps.signal });
  } catch (err) {
    if (err instanceof FetchError) throw err;
    throw new FetchError('FETCH_HOST_BUSY', `host limiter unavailable: ${err instanceof Error ? err.message : String(err)}`, { details: { url: url.href, host }, cause: err });
  }
  if (!lease) {
    if (deps.signal?.aborted) throw new FetchError('FETCH_ABORTED', 'fetch aborted by shutdown', { details: { url: url.href } });
    throw new FetchError('FETCH_HOST_BUSY', `no free slot for ${host} within ${limits.hostWaitMs} ms`, { details: { url: url.href, host, retryAfterMs: limits.hostWaitMs } });
  }
  const waitedMs = performance.now() - waitStart;
  try {
    return { response: await run(), waitedMs };
  } finally {
    await lease.release();
  }
}

function buildResult(
  req: FetchRequest,
  response: OnceResponse,
  ctx: { url: URL; permanentUrl: string | null; redirects: number; started: number; limits: FetchLimits },
): FetchResult {
  const h = response.headers;
  const notModified = response.status === 304;
  const meta: FetchMeta = {
    status: response.status,
    contentType: h['content-type'] ?? null,
    finalUrl: ctx.url.href,
    permanentUrl: ctx.permanentUrl,
    etag: h.etag ?? (notModified ? (req.etag ?? null) : null),
    lastModified: h['last-modified'] ?? (notModified ? (req.lastModified ?? null) : null),
    cache: parseCacheHints(h, Date.now(), ctx.limits.maxRetryAfterMs),
    bytes: response.body?.bytes ?? 0,
    redirects: ctx.redirects,
    durationMs: Math.round(performance.now() - ctx.started),
  };
  if (notModified || !response.body) return { kind: 'not-modified', ...meta };
  return { kind: 'ok', body: response.body.body, bodyHash: response.body.bodyHash, ...meta };
}

async function statusError(response: OnceResponse, url: URL, startUrl: URL, deps: FetchDeps, limits: FetchLimits): Promise<FetchError> {
  const { status } = response;
  const retryAfterMs = parseCacheHints(response.headers, Date.now(), limits.maxRetryAfterMs).retryAfterMs ?? null;
  const details = { url: startUrl.href, finalUrl: url.href, status, retryAfterMs };
  if (status === 410) return new FetchError('FETCH_GONE', `${url.href} is gone (410)`, { details });
  if ((status === 429 || status === 503) && retryAfterMs !== null && deps.hostLimiter) {
    await deps.hostLimiter.blockHost(url.hostname, Date.now() + retryAfterMs).catch(() => undefined);
  }
  const what = REDIRECTS[status] ? `redirect ${status} without Location` : `HTTP ${status}`;
  return new FetchError('HTTP_STATUS', `${what} from ${url.host}`, { retryable: isRetryableStatus(status), details });
}
