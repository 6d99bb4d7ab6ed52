import { toIngestError } from '../errors.js';
import type { FeedFormat, ParsedFeed } from '../model.js';
import { decodePage } from '../parse/decode-page.js';
import { PARSE_ERROR_CODES } from '../parse/errors.js';
import { findFeedLinks, type FeedLink } from '../parse/find-feed-links.js';
import { FetchError } from '../fetch/errors.js';
import { maskCredentials } from '../normalize/mask-credentials.js';
import { DiscoverError, DISCOVER_ERROR_CODES } from './errors.js';

/** A feed found for an address, checked by fetching and parsing it. */
export interface DiscoveredFeed {
  /** The address to subscribe to. */
  url: string;
  title: string;
  /** The feed's own link to its site (null when it gives none). */
  siteUrl: string | null;
  format: FeedFormat;
  /** Items in the feed when it was checked. */
  items: number;
  /** `given`: the address is a feed; `link`: the page announces it (autodiscovery); `anchor`: the page links to it; `guess`: a usual feed address of the site. */
  via: 'given' | FeedLink['via'] | 'guess';
}

export interface DiscoverDeps {
  /**
   * GET through the fetcher (SSRF guard, timeouts, byte cap); `url` is where the body came from
   * after redirects. `role`: the page asked about, or a candidate address (a shorter time limit).
   */
  fetch: (url: string, role: 'page' | 'candidate') => Promise<{ body: Uint8Array; contentType: string | null; url: string; permanentUrl: string | null }>;
  /** The whole discovery's time limit: once it fires, no more candidates are tried. */
  signal?: AbortSignal;
  parse: (body: Uint8Array, opts: { contentType: string | null; url: string }) => ParsedFeed;
  /** Candidate addresses fetched at most, the page itself not counted. */
  maxCandidates: number;
}

/** Where sites usually serve their feed (WordPress, Ghost, Hugo, Jekyll, Blogger, Medium-likes…), tried when the page links to none. */
export const USUAL_FEED_PATHS: readonly string[] = ['/feed', '/rss', '/feed.xml', '/rss.xml', '/atom.xml', '/index.xml', '/feed.json', '/feeds/posts/default'];

/**
 * The feeds behind an address, as Miniflux and FreshRSS find them when a user pastes a site:
 *   - an address that is a feed is its own answer (a permanent redirect's target, when it moved);
 *   - for a web page, the feeds it announces (`<link rel="alternate">`) and the feed-like
 *     addresses it links to are fetched and parsed in that order, and every one that parses is
 *     kept (the same feed reached twice, once);
 *   - when none of them is a feed, the site's usual feed addresses (USUAL_FEED_PATHS) are tried
 *     until one is.
 * At most `maxCandidates` addresses are fetched after the page. A failure to fetch the page itself
 * is thrown as is (FETCH_*, HTTP_STATUS); a broken feed at the address, as its parse error; a page
 * that leads to no feed is DISCOVER_NO_FEED.
 */
export async function discoverFeeds(url: string, deps: DiscoverDeps): Promise<DiscoveredFeed[]> {
  const page = await deps.fetch(url, 'page');
  let html: string;
  try {
    return [describe(page.permanentUrl ?? url, deps.parse(page.body, { contentType: page.contentType, url: page.url }), 'given')];
  } catch (err) {
    const e = toIngestError(err);
    if (e.code !== PARSE_ERROR_CODES.NOT_A_FEED && e.code !== PARSE_ERROR_CODES.EMPTY) throw e;
    html = decodePage(page);
  }
  const found: DiscoveredFeed[] = [];
  const reached = new Set<string>([page.url]);
  // One feed under two addresses (WordPress's /feed/ and /?feed=rss2): the same title, site and first items.
  const signatures = new Set<string>();
  let budget = deps.maxCandidates;
  let checked = 0;
  /** Candidates that did not answer in time (their own limit): said in the error, as they may be feeds. */
  let timedOutCount = 0;
  const check = async (candidate: string, via: DiscoveredFeed['via'], title: string | null): Promise<boolean> => {
    if (deps.signal?.aborted) throw timedOut(checked);
    budget -= 1;
    checked += 1;
    try {
      const got = await deps.fetch(candidate, 'candidate');
      if (reached.has(got.url)) return false;
      reached.add(got.url);
      const parsed = deps.parse(got.body, { contentType: got.contentType, url: got.url });
      const signature = JSON.stringify([parsed.format, parsed.feed.title, parsed.feed.link, parsed.items.slice(0, 5).map((i) => i.guid)]);
      if (signatures.has(signature)) return true;
      signatures.add(signature);
      const feed = describe(got.permanentUrl ?? candidate, parsed, via);
      found.push(title && !feed.title ? { ...feed, title } : feed);
      return true;
    } catch (err) {
      // The time limit fired during this fetch: what was found so far, or the timeout.
      if (deps.signal?.aborted) {
        if (found.length === 0) throw timedOut(checked);
        budget = 0;
      } else if ((err as { code?: unknown }).code === 'FETCH_TIMEOUT') timedOutCount += 1;
      return false;
    }
  };
  for (const link of findFeedLinks(html, page.url)) {
    if (budget <= 0) break;
    await check(link.url, link.via, link.title);
  }
  if (found.length === 0) {
    const origin = new URL(page.url).origin;
    for (const path of USUAL_FEED_PATHS) {
      if (budget <= 0 || (await check(origin + path, 'guess', null))) break;
    }
  }
  if (found.length === 0) {
    const slow = timedOutCount ? `, ${timedOutCount} of them not answering in time` : '';
    throw new DiscoverError(DISCOVER_ERROR_CODES.NO_FEED, `${maskCredentials(url)} is a web page, and no feed was found in its links or at the site's usual feed addresses (${checked} checked${slow})`, {
      details: { checked, timedOut: timedOutCount },
    });
  }
  return found;
}

function timedOut(checked: number): FetchError {
  return new FetchError('FETCH_TIMEOUT', `discovery ran out of time after trying ${checked} address${checked === 1 ? '' : 'es'} besides the page (the last cut off), none of them a feed`, { details: { checked } });
}

function describe(url: string, feed: ParsedFeed, via: DiscoveredFeed['via']): DiscoveredFeed {
  return { url, title: feed.feed.title, siteUrl: feed.feed.link, format: feed.format, items: feed.items.length, via };
}
