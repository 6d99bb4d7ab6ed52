import type { Config } from '../config/config-schema.js';
import { fetchFeed, type FetchDeps } from '../fetch/fetch-feed.js';
import { FetchError } from '../fetch/errors.js';
import { fetchDepsFromConfig } from '../fetch/fetch-settings.js';
import { parseWithConfig } from '../parse/parse-settings.js';
import { discoverFeeds, type DiscoverDeps, type DiscoveredFeed } from './discover-feeds.js';

/** discoverFeeds through the service's fetcher settings (SSRF guard, limits, user agent) and parse limits. */
export function discoverWithConfig(config: Config, signal?: AbortSignal): (url: string) => Promise<DiscoveredFeed[]> {
  return (url) => {
    // One time limit for the whole discovery (`discover.timeoutMs`), the caller's shutdown signal
    // too; each candidate address also has its own (`discover.candidateTimeoutMs`), so one slow
    // link does not use the whole of it.
    const timeout = AbortSignal.timeout(config.discover.timeoutMs);
    const all = signal ? AbortSignal.any([signal, timeout]) : timeout;
    const deps = depsWith(all, config);
    return discoverFeeds(url, deps).catch((err: unknown) => {
      if (timeout.aborted && (err as { code?: unknown }).code === 'FETCH_ABORTED') {
        throw new FetchError('FETCH_TIMEOUT', `discovery took longer than discover.timeoutMs (${config.discover.timeoutMs} ms)`, { details: { url } });
      }
      throw err;
    });
  };
}

function depsWith(signal: AbortSignal, config: Config): DiscoverDeps {
  const page: FetchDeps = { ...fetchDepsFromConfig(config), signal };
  const candidate: FetchDeps = { ...fetchDepsFromConfig(config, { totalTimeoutMs: Math.min(config.fetch.totalTimeoutMs, config.discover.candidateTimeoutMs) }), signal };
  return {
    signal,
    fetch: async (url, role) => {
      const got = await fetchFeed({ url }, role === 'page' ? page : candidate);
      // No validators are sent, so a 304 is a broken server: an empty body, which parses as no feed.
      const body = got.kind === 'ok' ? got.body : new Uint8Array();
      return { body, contentType: got.contentType, url: got.finalUrl, permanentUrl: got.permanentUrl };
    },
    parse: parseWithConfig(config),
    maxCandidates: config.discover.maxCandidates,
  };
}
