import { IngestError } from '../errors.js';
import type { FeedRecord } from '../model.js';
import { maskCredentials } from '../normalize/mask-credentials.js';
import { FeedLookupError, matchFeed } from './match-feed.js';
import type { FeedPatch, NewFeed, StoryStore } from '../store/story-store.js';

/** Where a feed's next poll is kept besides the store (the Redis due index), when it can be reached. */
export interface FeedSchedule {
  set(feedId: number, at: Date): Promise<void>;
  remove(feedIds: number[]): Promise<void>;
}

export interface FeedStateDeps {
  store: Pick<StoryStore, 'listFeeds' | 'updateFeed' | 'getFeed'>;
  /** Absent (Redis not reachable from a CLI): the scheduler's next sync with the store applies the change. */
  schedule?: FeedSchedule | null;
  now?: () => Date;
}

/** The feed with this id or URL (see matchFeed: also its URL masked or in another case), or null; FEED_AMBIGUOUS when several answer. */
export async function lookupFeed(store: Pick<StoryStore, 'listFeeds'>, idOrUrl: string): Promise<FeedRecord | null> {
  return matchFeed(await store.listFeeds(), idOrUrl);
}

/** The feed with this id or URL (as lookupFeed finds it); FEED_NOT_FOUND otherwise. */
export async function findFeed(store: Pick<StoryStore, 'listFeeds'>, idOrUrl: string): Promise<FeedRecord> {
  const feed = await lookupFeed(store, idOrUrl);
  if (!feed) throw new FeedLookupError('FEED_NOT_FOUND', `no feed ${maskCredentials(idOrUrl.slice(0, 200))}`);
  return feed;
}

/**
 * Pauses a feed: it is polled no more (its stories stay) until resumed. Pausing a paused feed
 * changes nothing. Returns the feed as it is now, and whether it changed.
 */
export async function pauseFeed(idOrUrl: string, deps: FeedStateDeps): Promise<{ feed: FeedRecord; changed: boolean }> {
  const feed = await findFeed(deps.store, idOrUrl);
  if (feed.status === 'paused') return { feed, changed: false };
  await deps.store.updateFeed(feed.id, { status: 'paused', operator: true });
  await deps.schedule?.remove([feed.id]);
  return { feed: (await deps.store.getFeed(feed.id)) ?? feed, changed: true };
}

/**
 * Resumes a paused feed, or one retired after a 410 Gone: it is polled now and then on its
 * schedule, its error count reset (its last error stays until the next poll). An active or failing
 * feed is left as it is.
 */
export async function resumeFeed(idOrUrl: string, deps: FeedStateDeps): Promise<{ feed: FeedRecord; changed: boolean }> {
  const feed = await findFeed(deps.store, idOrUrl);
  if (feed.status !== 'paused' && feed.status !== 'retired') return { feed, changed: false };
  const now = (deps.now ?? (() => new Date()))();
  await deps.store.updateFeed(feed.id, { status: 'active', errorCount: 0, nextPollAt: now.toISOString(), operator: true });
  await deps.schedule?.set(feed.id, now);
  return { feed: (await deps.store.getFeed(feed.id)) ?? feed, changed: true };
}

/** The settings of a feed an operator gives when adding it. */
export type FeedSettings = Pick<NewFeed, 'fullText' | 'fullTextSelector' | 'blockRule' | 'keepRule' | 'fixedIntervalSec'>;

/** The longest fixed interval a feed may be given: 31 days. */
export const MAX_FIXED_INTERVAL_SEC = 31 * 86_400;

/**
 * Reads an operator's interval: whole seconds from 1 to 31 days, or `adaptive` (null: the feed's
 * own rhythm decides). Accepts `90`, `90s`, `15m`, `2h`, `1d`; FEED_INTERVAL_INVALID otherwise.
 */
export function parseFixedInterval(value: string | number | null): number | null {
  if (value === null || (typeof value === 'string' && value.trim().toLowerCase() === 'adaptive')) return null;
  const m = typeof value === 'number' ? [String(value), String(value), ''] : /^\s*(\d{1,10})\s*([smhd]?)\s*$/i.exec(value);
  const seconds = m ? Number(m[1]) * ({ '': 1, s: 1, m: 60, h: 3600, d: 86_400 } as Record<string, number>)[m[2]!.toLowerCase()]! : Number.NaN;
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_FIXED_INTERVAL_SEC) {
    throw new IngestError('FEED_INTERVAL_INVALID', `interval ${String(value).slice(0, 50)}: give whole seconds from 1 to ${MAX_FIXED_INTERVAL_SEC} (or 90s, 15m, 2h, 1d), or adaptive`);
  }
  return seconds;
}

/**
 * Sets a feed's fixed poll interval (null: back to the adaptive one, polled now). A shorter
 * interval than the wait left before the next poll brings that poll forward, so the change shows
 * at once.
 */
export async function setFeedInterval(idOrUrl: string, seconds: number | null, deps: FeedStateDeps): Promise<{ feed: FeedRecord; changed: boolean }> {
  return applyFeedInterval(await findFeed(deps.store, idOrUrl), seconds, deps);
}

/** setFeedInterval on a feed record the caller holds already (no look-up through the feed list). */
export async function applyFeedInterval(feed: FeedRecord, seconds: number | null, deps: Omit<FeedStateDeps, 'store'> & { store: Pick<StoryStore, 'updateFeed' | 'getFeed'> }): Promise<{ feed: FeedRecord; changed: boolean }> {
  if (feed.fixedIntervalSec === seconds) return { feed, changed: false };
  const patch: FeedPatch = { fixedIntervalSec: seconds };
  const polled = feed.status !== 'paused' && feed.status !== 'retired';
  const now = (deps.now ?? (() => new Date()))();
  // Back to adaptive: polled now, and the adaptive rule plans from that poll (a fixed interval of
  // days would otherwise keep its far next poll).
  const sooner = !polled ? null : new Date(now.getTime() + (seconds ?? 0) * 1000);
  if (sooner && (!feed.nextPollAt || new Date(feed.nextPollAt) > sooner)) patch.nextPollAt = sooner.toISOString();
  await deps.store.updateFeed(feed.id, patch);
  if (patch.nextPollAt) await deps.schedule?.set(feed.id, new Date(patch.nextPollAt));
  return { feed: (await deps.store.getFeed(feed.id)) ?? feed, changed: true };
}

/**
 * Adds a feed; when its URL is in the list already, applies to it the settings given (those not
 * undefined), so that `feeds add --selector X URL` on a known feed does what it says (a fixed
 * interval as setFeedInterval sets it, bringing its next poll forward). Title, site and
 * categories of a known feed are left as they are.
 */
export async function addFeedWithSettings(
  store: Pick<StoryStore, 'addFeed' | 'updateFeed' | 'getFeed'>,
  feed: NewFeed,
  settings: FeedSettings,
  schedule: FeedSchedule | null = null,
): Promise<{ feed: FeedRecord; created: boolean; updated: boolean }> {
  const added = await store.addFeed({ ...feed, ...settings });
  if (added.created) return { ...added, updated: false };
  const patch: FeedPatch = {};
  for (const key of ['fullText', 'fullTextSelector', 'blockRule', 'keepRule'] as const) {
    if (settings[key] !== undefined && settings[key] !== added.feed[key]) Object.assign(patch, { [key]: settings[key] });
  }
  const interval = settings.fixedIntervalSec;
  const intervalChanged = interval !== undefined && interval !== added.feed.fixedIntervalSec;
  if (Object.keys(patch).length === 0 && !intervalChanged) return { ...added, updated: false };
  if (Object.keys(patch).length) await store.updateFeed(added.feed.id, patch);
  if (intervalChanged) await applyFeedInterval(added.feed, interval, { store, schedule });
  return { feed: (await store.getFeed(added.feed.id)) ?? added.feed, created: false, updated: true };
}
