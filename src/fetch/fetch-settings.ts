import type { Config } from '../config/config-schema.js';
import type { FetchDeps } from './fetch-feed.js';

/** The fetcher's limits, user agent and SSRF policy from the service's config (host limiter and signal are the caller's). */
export function fetchDepsFromConfig(config: Config, overrides: { maxBytes?: number; totalTimeoutMs?: number } = {}): FetchDeps {
  return {
    limits: {
      connectTimeoutMs: config.fetch.connectTimeoutMs,
      totalTimeoutMs: overrides.totalTimeoutMs ?? config.fetch.totalTimeoutMs,
      maxBytes: overrides.maxBytes ?? config.fetch.maxBytes,
      maxRedirects: config.fetch.maxRedirects,
      hostWaitMs: config.fetch.hostWaitMs,
      maxRetryAfterMs: config.fetch.maxRetryAfterMs,
    },
    allowedAddresses: config.fetch.allowedAddresses,
    userAgent: config.fetch.userAgent,
    allowPrivateNetworks: config.allowPrivateNetworks,
  };
}
