import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assignClusters } from '../../../src/dedup/assign-clusters.js';
import type { ClusterInput } from '../../../src/dedup/cluster-features.js';
import type { ClusterIndex } from '../../../src/dedup/cluster-index.js';
import { DedupIndexError } from '../../../src/dedup/dedup-errors.js';
import { createMemoryClusterIndex } from '../../../src/dedup/memory-cluster-index.js';
import { createRedisClusterIndex, deleteClusterKeys } from '../../../src/dedup/redis-cluster-index.js';
import { REDIS_URL, redisAvailable, uniqueName, unreachableRedis } from '../../helpers/services.js';
import { readFileSync } from 'node:fs';
import { cleanStoryText } from '../../../src/dedup/clean-text.js';
import { sharedPath, sharedPresent } from '../../helpers/shared-dir.js';
import { CLUSTER_CASES, SEED_PRESENT, STORIES, expectClusters, expectRaceClusters, racingStories, shuffled } from '../../unit/dedup/cluster-table.js';

const BBC = 'datasets/bbc-news.jsonl';


async function run(batches: ClusterInput[][], index: ClusterIndex): Promise<string[]> {
  const out: string[] = [];
  for (const b of batches) out.push(...(await assignClusters(b, { index })));
  return out;
}

describe.skipIf(!redisAvailable)('Redis cluster index (real Redis)', () => {
  let redis: Redis;
  let prefix: string;

  beforeEach(() => {
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 2 });
    prefix = uniqueName('cluster');
  });

  afterEach(async () => {
    await deleteClusterKeys(redis, prefix);
    expect(await redis.keys(`${prefix}:*`)).toEqual([]);
    redis.disconnect();
  });

  // The clock is real time here: generation keys get EXPIREAT from it and must not expire at once.
  it.each(CLUSTER_CASES.filter((c) => !c.needsSeed || SEED_PRESENT))('$name', async (c) => {
    const clusters = await run(c.batches, createRedisClusterIndex(redis, { prefix }));
    expectClusters(c.batches.flat(), clusters, c.sameAs);
  });

  it('decides exactly as the memory index', async () => {
    const all = CLUSTER_CASES.filter((c) => !c.needsSeed || SEED_PRESENT).flatMap((c, k) => c.batches.flat().map((s) => ({ ...s, storyId: `${k}-${s.storyId}` })));
    const batches = [all.slice(0, 5), all.slice(5, 6), all.slice(6)];
    const memory = await run(batches, createMemoryClusterIndex());
    expect(await run(batches, createRedisClusterIndex(redis, { prefix }))).toEqual(memory);
    expect(new Set(memory).size).toBeLessThan(memory.length);
  });

  it('is idempotent per storyId and leaves Redis unchanged on a replay', async () => {
    const index = createRedisClusterIndex(redis, { prefix });
    const batch = [STORIES.treatyWire(), STORIES.drill(), STORIES.treatyAnalysis()];
    const first = await assignClusters(batch, { index });
    const snapshot = async () => Promise.all((await redis.keys(`${prefix}:*`)).sort().map(async (k) => [k, await redis.hgetall(k)]));
    const before = await snapshot();
    expect(await assignClusters(batch, { index })).toEqual(first);
    expect(await snapshot()).toEqual(before);
    for (const key of await redis.keys(`${prefix}:*`)) {
      expect(key.startsWith(`${prefix}:cluster:`)).toBe(true);
      expect(await redis.ttl(key)).toBeGreaterThan(72 * 3600 - 5);
    }
  });

  it('workers racing on reports of one event put them in one cluster', async () => {
    const reports = [STORIES.treatyWire(), STORIES.treatyAnalysis(), ...(SEED_PRESENT ? [STORIES.seed()] : [])];
    const workers = reports.map(() => new Redis(REDIS_URL, { maxRetriesPerRequest: 2 }));
    try {
      await Promise.all(workers.map((w) => w.ping()));
      for (let round = 0; round < 6; round++) {
        const roundPrefix = `${prefix}:r${round}`;
        const results = await Promise.all(workers.map((w, i) => assignClusters([reports[i] as ClusterInput], { index: createRedisClusterIndex(w, { prefix: roundPrefix }) })));
        expect(new Set(results.flat()).size).toBe(1);
        await deleteClusterKeys(redis, roundPrefix);
      }
    } finally {
      for (const w of workers) w.disconnect();
    }
  });

  it('a dozen workers racing on two events and three unrelated stories give one cluster per event', async () => {
    const stories = racingStories();
    const all = [...stories.treaty, ...stories.cyclone, ...stories.others];
    const workers = all.map(() => new Redis(REDIS_URL, { maxRetriesPerRequest: 2 }));
    try {
      await Promise.all(workers.map((w) => w.ping()));
      for (let round = 0; round < 6; round++) {
        const roundPrefix = `${prefix}:m${round}`;
        const order = shuffled(all.length, round + 7);
        const results = await Promise.all(
          order.map((i, k) => assignClusters([all[i] as ClusterInput], { index: createRedisClusterIndex(workers[k] as Redis, { prefix: roundPrefix }) })),
        );
        expectRaceClusters(stories, new Map(order.map((i, k) => [(all[i] as ClusterInput).storyId, results[k]?.[0] as string])));
        await deleteClusterKeys(redis, roundPrefix);
      }
    } finally {
      for (const w of workers) w.disconnect();
    }
  });

  it('one story registered by several workers at once gets one record and one cluster', async () => {
    const workers = [0, 1, 2, 3].map(() => new Redis(REDIS_URL, { maxRetriesPerRequest: 2 }));
    try {
      await Promise.all(workers.map((w) => w.ping()));
      await assignClusters([STORIES.treatyWire('earlier')], { index: createRedisClusterIndex(redis, { prefix }) });
      const results = await Promise.all(workers.map((w) => assignClusters([STORIES.treatyAnalysis()], { index: createRedisClusterIndex(w, { prefix }) })));
      expect(new Set(results.flat())).toEqual(new Set(['earlier']));
      const [key] = await redis.keys(`${prefix}:cluster:e:*`);
      const fields = await redis.hkeysBuffer(key as string);
      expect(fields.filter((f) => f[0] === 0x72)).toHaveLength(2);
    } finally {
      for (const w of workers) w.disconnect();
    }
  });

  it('reports an unreachable Redis as a retryable DEDUP_INDEX_UNAVAILABLE', async () => {
    const dead = unreachableRedis();
    try {
      const err = await assignClusters([STORIES.treatyWire()], { index: createRedisClusterIndex(dead, { prefix }) }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DedupIndexError);
      expect(err).toMatchObject({ code: 'DEDUP_INDEX_UNAVAILABLE', retryable: true });
    } finally {
      dead.disconnect();
    }
  });

  it.skipIf(!sharedPresent(BBC))('decides exactly as the memory index on 600 BBC articles (skipped without ../shared/datasets)', async () => {
    const lines = readFileSync(sharedPath(BBC), 'utf8').split('\n').filter((l) => l.trim() !== '').slice(0, 600);
    const stories = lines.map((l, i) => {
      const d = JSON.parse(l) as { title: string; text: string };
      const c = cleanStoryText({ title: d.title.replace(/&/g, '&amp;').replace(/</g, '&lt;'), contentHtml: d.text.replace(/&/g, '&amp;').replace(/</g, '&lt;') });
      return { storyId: `bbc${i}`, title: c.title, text: c.text, publishedAt: null };
    });
    const batches: ClusterInput[][] = [];
    for (let i = 0; i < stories.length; i += 25) batches.push(stories.slice(i, i + 25));
    const now = Date.now();
    const memory = await run(batches, createMemoryClusterIndex({ now: () => now }));
    expect(await run(batches, createRedisClusterIndex(redis, { prefix, now: () => now }))).toEqual(memory);
    expect(new Set(memory).size).toBeLessThan(memory.length);
  });
});
