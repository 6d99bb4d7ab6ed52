import type { Redis } from 'ioredis';

/**
 * The poll schedule in Redis: one sorted set, member = feed id, score = when it is due (epoch ms).
 * It holds 100,000 feeds as easily as ten: the scheduler claims what is due in one atomic call,
 * pushing each claimed feed `leaseMs` into the future so no other scheduler claims it again while
 * its poll runs; the poll then writes the real next due time.
 */
const CLAIM_DUE = `
local due = redis.call('ZRANGE', KEYS[1], '-inf', ARGV[1], 'BYSCORE', 'LIMIT', 0, tonumber(ARGV[2]))
for _, id in ipairs(due) do redis.call('ZADD', KEYS[1], 'XX', ARGV[3], id) end
return due
`;

export interface DueIndex {
  /** Sets when a feed is due (replaces any earlier time). */
  schedule(feedId: number, at: Date): Promise<void>;
  /** Adds feeds that are not in the index yet (existing entries keep their time). */
  addMissing(entries: Array<{ feedId: number; at: Date }>): Promise<number>;
  /** Claims up to `limit` feeds due at `now`, leasing each for `leaseMs`. */
  claimDue(now: Date, limit: number, leaseMs: number): Promise<number[]>;
  remove(feedIds: number[]): Promise<void>;
  /** Every feed id in the index. */
  members(): Promise<number[]>;
  /** When a feed is due, or null when it is not in the index. */
  dueAt(feedId: number): Promise<Date | null>;
  size(): Promise<number>;
}

export function createDueIndex(redis: Redis, prefix: string): DueIndex {
  const key = `${prefix}:schedule:due`;
  const CHUNK = 1000;
  return {
    async schedule(feedId, at) {
      await redis.zadd(key, at.getTime(), String(feedId));
    },
    async addMissing(entries) {
      let added = 0;
      for (let i = 0; i < entries.length; i += CHUNK) {
        const args: Array<string | number> = [];
        for (const e of entries.slice(i, i + CHUNK)) args.push(e.at.getTime(), String(e.feedId));
        if (args.length) added += await redis.zadd(key, 'NX', ...args);
      }
      return added;
    },
    async claimDue(now, limit, leaseMs) {
      const ids = (await redis.eval(CLAIM_DUE, 1, key, now.getTime(), limit, now.getTime() + leaseMs)) as string[];
      return ids.map(Number);
    },
    async remove(feedIds) {
      for (let i = 0; i < feedIds.length; i += CHUNK) {
        const chunk = feedIds.slice(i, i + CHUNK).map(String);
        if (chunk.length) await redis.zrem(key, ...chunk);
      }
    },
    async members() {
      return (await redis.zrange(key, 0, -1)).map(Number);
    },
    async dueAt(feedId) {
      const score = await redis.zscore(key, String(feedId));
      return score === null ? null : new Date(Number(score));
    },
    size: () => redis.zcard(key),
  };
}
