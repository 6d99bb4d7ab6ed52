import { IngestError } from '../errors.js';
import type { FeedRecord } from '../model.js';
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

/** The feed with this id or URL, or null. */
export async function lookupFeed(store: Pick<StoryStore, 'listFeeds'>, idOrUrl: string): Promise<FeedRecord | null> {
  return (await store.listFeeds()).find((f) => f.url === idOrUrl || String(f.id) === idOrUrl) ?? null;
}

/** The feed with this id or URL; FEED_NOT_FOUND otherwise. */
export async function findFeed(store: Pick<StoryStore, 'listFeeds'>, idOrUrl: string): Promise<FeedRecord> {
  const feed = await lookupFeed(store, idOrUrl);
  if (!feed) throw new IngestError('FEED_NOT_FOUND', `no feed ${idOrUrl.slice(0, 200)}`);
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
export type FeedSettings = Pick<NewFeed, 'fullText' | 'fullTextSelector' | 'blockRule' | 'keepRule'>;

/**
 * Adds a feed; when its URL is in the list already, applies to it the settings given (those not
 * undefined), so that `feeds add --selector X URL` on a known feed does what it says. Title,
 * site and categories of a known feed are left as they are.
 */
export async function addFeedWithSettings(store: Pick<StoryStore, 'addFeed' | 'updateFeed' | 'getFeed'>, feed: NewFeed, settings: FeedSettings): Promise<{ feed: FeedRecord; created: boolean; updated: boolean }> {
  const added = await store.addFeed({ ...feed, ...settings });
  if (added.created) return { ...added, updated: false };
  const patch: FeedPatch = {};
  for (const key of ['fullText', 'fullTextSelector', 'blockRule', 'keepRule'] as const) {
    if (settings[key] !== undefined && settings[key] !== added.feed[key]) Object.assign(patch, { [key]: settings[key] });
  }
  if (Object.keys(patch).length === 0) return { ...added, updated: false };
  await store.updateFeed(added.feed.id, patch);
  return { feed: (await store.getFeed(added.feed.id)) ?? added.feed, created: false, updated: true };
}
