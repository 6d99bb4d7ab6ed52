import type { Config } from '../config/config-schema.js';
import { assertLiteralHostAllowed, createGuardedLookup, type AddressPolicy } from '../fetch/address-guard.js';
import { FetchError } from '../fetch/errors.js';
import { requestOnce } from '../fetch/request-once.js';
import { WebhookError, WEBHOOK_ERROR_CODES, type WebhookErrorCode } from './errors.js';

export interface WebhookPostOptions {
  /** Whole exchange, connect included. */
  timeoutMs: number;
  /** The fetcher's SSRF policy (ALLOW_PRIVATE_NETWORKS, fetch.allowedAddresses). */
  policy: AddressPolicy;
  userAgent: string;
  signal?: AbortSignal;
}

/** Fetch-stage codes as webhook codes, and whether another attempt may succeed. */
const FROM_FETCH: Record<string, [WebhookErrorCode, boolean]> = {
  FETCH_TIMEOUT: [WEBHOOK_ERROR_CODES.timeout, true],
  FETCH_NETWORK: [WEBHOOK_ERROR_CODES.network, true],
  FETCH_TLS: [WEBHOOK_ERROR_CODES.tls, true],
  FETCH_PROTOCOL: [WEBHOOK_ERROR_CODES.protocol, true],
  FETCH_ABORTED: [WEBHOOK_ERROR_CODES.aborted, true],
  FETCH_BLOCKED_ADDRESS: [WEBHOOK_ERROR_CODES.blockedAddress, false],
};

/**
 * POSTs a JSON body to a webhook receiver: through the fetcher's SSRF guard (the address checked is
 * the one connected to), no redirect followed, no connection reused, the answer's body not read.
 * Resolves with the status of a 2xx answer; anything else throws a WebhookError whose `retryable`
 * says whether another attempt may succeed.
 */
export async function postWebhook(url: string, body: string, headers: Record<string, string>, opts: WebhookPostOptions): Promise<{ status: number }> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new WebhookError(WEBHOOK_ERROR_CODES.badUrl, `not a URL: ${url.slice(0, 200)}`, { retryable: false });
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new WebhookError(WEBHOOK_ERROR_CODES.badUrl, `not an http(s) URL: ${target.protocol}`, { retryable: false });
  let status: number;
  try {
    assertLiteralHostAllowed(target.hostname, opts.policy);
    const payload = Buffer.from(body, 'utf8');
    const res = await requestOnce({
      url: target,
      method: 'POST',
      body: payload,
      headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': String(payload.length), 'user-agent': opts.userAgent, ...headers },
      lookup: createGuardedLookup(opts.policy),
      agent: false,
      connectTimeoutMs: opts.timeoutMs,
      remainingMs: opts.timeoutMs,
      maxBytes: 0,
      wantsBody: () => false,
      signal: opts.signal,
    });
    status = res.status;
  } catch (err) {
    if (err instanceof FetchError) {
      const [code, retryable] = FROM_FETCH[err.code] ?? [WEBHOOK_ERROR_CODES.network, true];
      throw new WebhookError(code, err.message, { retryable, cause: err });
    }
    throw err;
  }
  if (status >= 200 && status < 300) return { status };
  if (status >= 300 && status < 400) throw new WebhookError(WEBHOOK_ERROR_CODES.redirect, `the receiver answered ${status}: redirects are not followed (give the final URL)`, { retryable: false, status });
  if (status === 410) throw new WebhookError(WEBHOOK_ERROR_CODES.gone, 'the receiver answered 410 Gone', { retryable: false, status });
  const retryable = status >= 500 || status === 408 || status === 429;
  throw new WebhookError(WEBHOOK_ERROR_CODES.httpStatus, `the receiver answered ${status}`, { retryable, status });
}

/** A POST function of the service's configuration (timeout, SSRF policy, user agent), as deliveries and tests use it. */
export type WebhookPoster = (url: string, body: string, headers: Record<string, string>) => Promise<{ status: number }>;

export function createWebhookPoster(config: Config, signal?: AbortSignal): WebhookPoster {
  const policy = { allowPrivateNetworks: config.allowPrivateNetworks, allowedAddresses: config.fetch.allowedAddresses };
  return (url, body, headers) => postWebhook(url, body, headers, { timeoutMs: config.webhooks.timeoutMs, policy, userAgent: config.fetch.userAgent, signal });
}
