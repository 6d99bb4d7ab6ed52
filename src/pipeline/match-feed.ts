import { IngestError } from '../errors.js';
import type { FeedRecord } from '../model.js';
import { maskCredentials } from '../normalize/mask-credentials.js';

/** What `maskCredentials` puts in place of a password. */
const MASK = '***';

/** A feed asked for by id or URL that is not in the list (FEED_NOT_FOUND), or a URL that more than one feed answers to (FEED_AMBIGUOUS). */
export class FeedLookupError extends IngestError {
  declare readonly code: 'FEED_NOT_FOUND' | 'FEED_AMBIGUOUS';

  constructor(code: 'FEED_NOT_FOUND' | 'FEED_AMBIGUOUS', message: string, details: Record<string, unknown> = {}) {
    super(code, message, { details });
  }
}

/** A URL cut where a feed look-up compares it: user info split, scheme and host in lower case, the rest as given. */
interface UrlParts {
  scheme: string;
  user: string | null;
  password: string | null;
  host: string;
  rest: string;
}

/** `scheme://[user[:password]@]host[:port]rest`, or null for what has no `scheme://` (an id, a typo). */
export function splitFeedUrl(url: string): UrlParts | null {
  const m = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)(.*)$/is.exec(url);
  if (!m) return null;
  const authority = m[2]!;
  const at = authority.lastIndexOf('@');
  const userInfo = at === -1 ? null : authority.slice(0, at);
  const colon = userInfo === null ? -1 : userInfo.indexOf(':');
  return {
    scheme: m[1]!.toLowerCase(),
    user: userInfo === null ? null : colon === -1 ? userInfo : userInfo.slice(0, colon),
    password: userInfo === null || colon === -1 ? null : userInfo.slice(colon + 1),
    host: authority.slice(at + 1).toLowerCase(),
    rest: m[3]!,
  };
}

/** The URL as compared: scheme and host in any case are one; with its password unless `withPassword` is false. */
function urlKey(parts: UrlParts, withPassword: boolean): string {
  const password = withPassword && parts.password !== null ? `:${parts.password}` : '';
  const userInfo = parts.user === null ? '' : `${parts.user}${password}@`;
  return `${parts.scheme}://${userInfo}${parts.host}${parts.rest}`;
}

/**
 * The feed `given` names among `feeds`, or null: its id; its URL exactly as stored; the same URL
 * with the scheme and host in another case (`HTTPS://Example.com/feed`); or, for a feed with
 * credentials, its URL as listings mask it (`https://user:***@host/feed`) or with the user and no
 * password (`https://user@host/feed`). Each way is tried only when the one before found nothing;
 * a URL that several feeds answer to is FEED_AMBIGUOUS, naming their ids. The path, query and user
 * are compared as given (they may differ in case on the server).
 */
export function matchFeed(feeds: readonly FeedRecord[], given: string): FeedRecord | null {
  if (/^\d+$/.test(given)) return feeds.find((f) => String(f.id) === given) ?? null;
  const exact = feeds.find((f) => f.url === given);
  if (exact) return exact;
  const parts = splitFeedUrl(given);
  if (!parts) return null;
  const stored = feeds.map((f) => ({ feed: f, parts: splitFeedUrl(f.url) }));
  const sameUrl = urlKey(parts, true);
  let found = stored.filter((s) => s.parts && urlKey(s.parts, true) === sameUrl);
  // A password masked or left out: any feed with this user at this URL, whatever its password (one
  // that has a password, for the masked form: that is how listings show it).
  if (found.length === 0 && parts.user !== null && (parts.password === null || parts.password === MASK)) {
    const sameFeed = urlKey(parts, false);
    found = stored.filter((s) => s.parts && s.parts.user !== null && (parts.password === null || s.parts.password !== null) && urlKey(s.parts, false) === sameFeed);
  }
  if (found.length > 1) {
    const ids = found.map((s) => s.feed.id);
    throw new FeedLookupError('FEED_AMBIGUOUS', `${maskCredentials(given.slice(0, 200))} matches feeds ${ids.join(', ')}: give the id of the one meant`, { ids });
  }
  return found[0]?.feed ?? null;
}
