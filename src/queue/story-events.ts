import type { Redis } from 'ioredis';

/** One append to the story-event log: the ids of the stories an ingest batch stored, in its order. */
export interface StoryEventEntry {
  /** The Redis stream entry id (`<ms>-<seq>`): entries are totally ordered by it. */
  id: string;
  ids: string[];
}

/**
 * The log of new stories that the live stream (`/api/stream`) reads: a Redis stream under
 * `<prefix>:events:stories`, one entry per ingest batch, appended after the batch is committed and
 * trimmed to about `maxEntries`. Redis gives entries ids in the order they are appended, so a
 * reader that remembers the last entry it saw can read on from there without a gap or a repeat,
 * whichever ingester appended what.
 */
export interface StoryEvents {
  append(ids: string[]): Promise<void>;
  /** Entries after `position` (an entry id; from it, with `inclusive`), oldest first, at most `count`. */
  after(position: string, count: number, inclusive?: boolean): Promise<StoryEventEntry[]>;
  /** The oldest entry still kept, or null when the log is empty. */
  first(): Promise<string | null>;
  /** The newest entry, or null when the log is empty. */
  last(): Promise<string | null>;
  /**
   * Calls `onEntries` with every entry appended from now on, in order, until the returned stop is
   * called. Uses its own connection (a blocking read), opened by `connect`.
   */
  follow(onEntries: (entries: StoryEventEntry[]) => Promise<void>): () => Promise<void>;
}

export function storyEventsKey(prefix: string): string {
  return `${prefix}:events:stories`;
}

/** Whether `a` comes before `b` in a stream's order (`<ms>-<seq>`). */
export function entryBefore(a: string, b: string): boolean {
  const [am, as] = a.split('-').map(Number) as [number, number];
  const [bm, bs] = b.split('-').map(Number) as [number, number];
  return am < bm || (am === bm && as < bs);
}

/** A well-formed stream entry id. */
export function isEntryId(text: string): boolean {
  return /^\d{1,16}-\d{1,16}$/.test(text);
}

const BLOCK_MS = 5000;

function toEntries(raw: Array<[string, string[]]>): StoryEventEntry[] {
  return raw.map(([id, fields]) => {
    const at = fields.indexOf('ids');
    let ids: string[] = [];
    try {
      ids = at >= 0 ? (JSON.parse(fields[at + 1]!) as string[]) : [];
    } catch {
      // An entry this version cannot read carries no story.
    }
    return { id, ids };
  });
}

export function createStoryEvents(redis: Redis, opts: { prefix: string; maxEntries: number; connect?: () => Redis }): StoryEvents {
  const key = storyEventsKey(opts.prefix);
  return {
    async append(ids) {
      if (ids.length === 0) return;
      await redis.xadd(key, 'MAXLEN', '~', String(opts.maxEntries), '*', 'ids', JSON.stringify(ids));
    },
    async after(position, count, inclusive = false) {
      return toEntries((await redis.xrange(key, inclusive ? position : `(${position}`, '+', 'COUNT', count)) as Array<[string, string[]]>);
    },
    async first() {
      const [entry] = (await redis.xrange(key, '-', '+', 'COUNT', 1)) as Array<[string, string[]]>;
      return entry?.[0] ?? null;
    },
    async last() {
      const [entry] = (await redis.xrevrange(key, '+', '-', 'COUNT', 1)) as Array<[string, string[]]>;
      return entry?.[0] ?? null;
    },
    follow(onEntries) {
      if (!opts.connect) throw new Error('story events: following needs a connection factory');
      const reader = opts.connect();
      let stopped = false;
      const loop = (async () => {
        // From the newest entry at the start: what is appended after it.
        let position = (await redis.xrevrange(key, '+', '-', 'COUNT', 1).then((r) => (r as Array<[string, string[]]>)[0]?.[0]).catch(() => undefined)) ?? '0-0';
        while (!stopped) {
          try {
            const got = (await reader.xread('COUNT', 100, 'BLOCK', BLOCK_MS, 'STREAMS', key, position)) as Array<[string, Array<[string, string[]]>]> | null;
            const entries = got?.[0] ? toEntries(got[0][1]) : [];
            if (entries.length === 0) continue;
            position = entries[entries.length - 1]!.id;
            await onEntries(entries);
          } catch {
            if (stopped) break;
            await new Promise((r) => setTimeout(r, 500));
          }
        }
      })();
      return async () => {
        stopped = true;
        reader.disconnect();
        await loop;
      };
    },
  };
}
