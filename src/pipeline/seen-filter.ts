import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/** An item as the seen-filter knows it: its key within the feed and a hash of what it says. */
export interface SeenEntry {
  key: string;
  contentHash: string;
}

/**
 * Which items of a feed were already sent to ingest, kept in Redis per feed (one hash: item key →
 * content hash). A poll asks about the whole batch in one round trip; an item whose content changed
 * counts as new again (an update). After the items are queued, the feed's current window replaces
 * the old one, so the hash holds about as many entries as the feed shows.
 */
/** What the filter knows of an item: never sent (`new`), sent with other content (`changed`), or sent as it is (`seen`). */
export type SeenState = 'new' | 'changed' | 'seen';

export interface SeenFilter {
  /** For each entry, whether it is new, changed or seen. One round trip. */
  filterNew(feedId: number, entries: SeenEntry[]): Promise<SeenState[]>;
  /** Records `entries` as the feed's current window (atomic). */
  remember(feedId: number, entries: SeenEntry[]): Promise<void>;
  forget(feedId: number): Promise<void>;
}

const TTL_SEC = 60 * 24 * 3600;

function field(key: string): string {
  return createHash('sha1').update(key).digest('base64url').slice(0, 16);
}

export function createRedisSeenFilter(redis: Redis, prefix: string): SeenFilter {
  const keyOf = (feedId: number) => `${prefix}:seen:${feedId}`;
  return {
    async filterNew(feedId, entries) {
      if (entries.length === 0) return [];
      const stored = await redis.hmget(keyOf(feedId), ...entries.map((e) => field(e.key)));
      return entries.map((e, i) => (stored[i] === null || stored[i] === undefined ? 'new' : stored[i] === e.contentHash ? 'seen' : 'changed'));
    },
    async remember(feedId, entries) {
      const key = keyOf(feedId);
      const multi = redis.multi().del(key);
      if (entries.length) {
        multi.hset(key, Object.fromEntries(entries.map((e) => [field(e.key), e.contentHash])));
        multi.expire(key, TTL_SEC);
      }
      await multi.exec();
    },
    async forget(feedId) {
      await redis.del(keyOf(feedId));
    },
  };
}
