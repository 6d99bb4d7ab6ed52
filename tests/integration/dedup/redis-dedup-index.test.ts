import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DedupDecision, DedupInput } from '../../../src/dedup/assign-stories.js';
import { assignStories } from '../../../src/dedup/assign-stories.js';
import { cleanStoryText } from '../../../src/dedup/clean-text.js';
import { DedupIndexError } from '../../../src/dedup/dedup-errors.js';
import type { DedupIndex } from '../../../src/dedup/dedup-index.js';
import { createMemoryDedupIndex } from '../../../src/dedup/memory-dedup-index.js';
import { createRedisDedupIndex, deleteDedupKeys } from '../../../src/dedup/redis-dedup-index.js';
import { REDIS_URL, redisAvailable, uniqueName, unreachableRedis } from '../../helpers/services.js';
import { CYCLONE, DEDUP_CASES, OTHER, checkCase } from '../../unit/dedup/dedup-table.js';

const BBC = fileURLToPath(new URL('../../../../shared/datasets/bbc-news.jsonl', import.meta.url));

async function runBatches(batches: DedupInput[][], index: DedupIndex): Promise<DedupDecision[]> {
  const out: DedupDecision[] = [];
  for (const batch of batches) out.push(...(await assignStories(batch, { index })));
  return out;
}

async function keysUnder(redis: Redis, prefix: string): Promise<string[]> {
  return (await redis.keys(`${prefix}:*`)).sort();
}

describe.skipIf(!redisAvailable)('Redis dedup index (real Redis)', () => {
  let redis: Redis;
  let prefix: string;

  beforeEach(async () => {
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 2 });
    prefix = uniqueName('dedup');
  });

  afterEach(async () => {
    await deleteDedupKeys(redis, prefix);
    expect(await keysUnder(redis, prefix)).toEqual([]);
    redis.disconnect();
  });

  it.each(DEDUP_CASES)('$name', async (c) => {
    checkCase(c, await runBatches(c.batches, createRedisDedupIndex(redis, { prefix })));
  });

  it('decides exactly as the memory index on one long sequence', async () => {
    const sequence = DEDUP_CASES.flatMap((c, k) => c.batches.flat().map((d) => ({ ...d, itemKey: `${k}:${d.itemKey}` })));
    const batches = [sequence.slice(0, 7), sequence.slice(7, 8), sequence.slice(8)];
    const memory = await runBatches(batches, createMemoryDedupIndex());
    const shared = await runBatches(batches, createRedisDedupIndex(redis, { prefix }));
    expect(shared).toEqual(memory);
  });

  it.skipIf(!existsSync(BBC))('decides exactly as the memory index on 600 BBC articles (needs ../shared/datasets)', async () => {
    const docs = readFileSync(BBC, 'utf8').split('\n').filter(Boolean).slice(0, 600).map((l) => JSON.parse(l) as { id: string; title: string; text: string });
    const inputs: DedupInput[] = docs.map((d) => {
      const c = cleanStoryText({ title: d.title, contentHtml: d.text.replace(/&/g, '&amp;').replace(/</g, '&lt;') });
      return { itemKey: d.id, guid: d.id, canonicalUrl: null, title: c.title, text: c.text, publishedAt: null };
    });
    const batches: DedupInput[][] = [];
    for (let i = 0; i < inputs.length; i += 64) batches.push(inputs.slice(i, i + 64));
    const memory = await runBatches(batches, createMemoryDedupIndex());
    const shared = await runBatches(batches, createRedisDedupIndex(redis, { prefix }));
    expect(shared).toEqual(memory);
    expect(memory.filter((d) => d.match !== 'new').length).toBeGreaterThan(0);
  });

  it('is idempotent: a batch run twice gives the same decisions and leaves Redis unchanged', async () => {
    const index = createRedisDedupIndex(redis, { prefix });
    const batch = [CYCLONE.original(), CYCLONE.syndicated(), CYCLONE.update(), CYCLONE.summary(), OTHER.drill()];
    const first = await assignStories(batch, { index });
    const snapshot = async () => Promise.all((await keysUnder(redis, prefix)).map(async (k) => [k, await redis.hgetall(k), await redis.ttl(k)]));
    const before = await snapshot();
    const second = await assignStories(batch, { index });
    expect(second).toEqual(first);
    expect(await snapshot()).toEqual(before);
  });

  it('keeps every key under the prefix, with an expiry of about the window', async () => {
    const windowSec = 3600;
    const index = createRedisDedupIndex(redis, { prefix, windowSec });
    await assignStories([CYCLONE.original(), OTHER.drill()], { index });
    const keys = await keysUnder(redis, prefix);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      expect(key.startsWith(`${prefix}:dedup:`)).toBe(true);
      const ttl = await redis.ttl(key);
      expect(ttl).toBeGreaterThan(windowSec - 5);
      expect(ttl).toBeLessThanOrEqual(windowSec + windowSec / 2);
    }
  });

  it('forgets stories after the window (generations move with the clock)', async () => {
    let now = Date.now();
    const index = createRedisDedupIndex(redis, { prefix, windowSec: 3600, now: () => now });
    const [first] = await assignStories([CYCLONE.original('a:1')], { index });
    now += 1800 * 1000;
    expect((await assignStories([CYCLONE.syndicated('b:1')], { index }))[0]).toMatchObject({ match: 'text', storyId: first?.storyId });
    now += 2 * 3600 * 1000;
    expect((await assignStories([CYCLONE.syndicated('c:1')], { index }))[0]?.match).toBe('new');
  });

  it('two workers racing on copies of one story create one story', async () => {
    const copies = [CYCLONE.original(), CYCLONE.syndicated(), CYCLONE.update(), CYCLONE.tracked(), CYCLONE.summary()];
    const workers = copies.map(() => new Redis(REDIS_URL, { maxRetriesPerRequest: 2 }));
    try {
      await Promise.all(workers.map((w) => w.ping()));
      for (let round = 0; round < 8; round++) {
        const roundPrefix = `${prefix}:r${round}`;
        const results = await Promise.all(
          workers.map((w, i) => assignStories([{ ...(copies[i] as DedupInput), itemKey: `${round}:${i}` }], { index: createRedisDedupIndex(w, { prefix: roundPrefix }) })),
        );
        const decisions = results.flat();
        expect(decisions.filter((d) => d.match === 'new')).toHaveLength(1);
        expect(new Set(decisions.map((d) => d.storyId)).size).toBe(1);
        await deleteDedupKeys(redis, roundPrefix);
      }
    } finally {
      for (const w of workers) w.disconnect();
    }
  });

  it('reports an unreachable Redis as a retryable DEDUP_INDEX_UNAVAILABLE', async () => {
    const dead = unreachableRedis();
    try {
      const err = await assignStories([CYCLONE.original()], { index: createRedisDedupIndex(dead, { prefix }) }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DedupIndexError);
      expect(err).toMatchObject({ code: 'DEDUP_INDEX_UNAVAILABLE', retryable: true });
    } finally {
      dead.disconnect();
    }
  });
});
