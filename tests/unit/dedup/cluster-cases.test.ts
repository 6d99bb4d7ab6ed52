import { describe, expect, it } from 'vitest';
import { assignClusters } from '../../../src/dedup/assign-clusters.js';
import type { ClusterInput } from '../../../src/dedup/cluster-features.js';
import { extractClusterFeatures, stemWord } from '../../../src/dedup/cluster-features.js';
import type { ClusterIndex } from '../../../src/dedup/cluster-index.js';
import { resolveClusterSettings } from '../../../src/dedup/cluster-settings.js';
import { createMemoryClusterIndex } from '../../../src/dedup/memory-cluster-index.js';
import type { ClusterCommitResult, ClusterStore } from '../../../src/dedup/cluster-store.js';
import { decideClusters } from '../../../src/dedup/decide-cluster.js';
import { DedupIndexError, DedupInputError } from '../../../src/dedup/dedup-errors.js';
import { CLUSTER_CASES, SEED_PRESENT, STORIES, expectClusters, expectRaceClusters, racingStories, shuffled } from './cluster-table.js';

const NOW = () => Date.parse('2025-01-17T12:00:00.000Z');

async function run(batches: ClusterInput[][], index: ClusterIndex): Promise<string[]> {
  const out: string[] = [];
  for (const b of batches) out.push(...(await assignClusters(b, { index })));
  return out;
}

describe('assignClusters with the memory index', () => {
  it.each(CLUSTER_CASES.filter((c) => !c.needsSeed || SEED_PRESENT))('$name', async (c) => {
    const clusters = await run(c.batches, createMemoryClusterIndex({ now: NOW }));
    expectClusters(c.batches.flat(), clusters, c.sameAs);
  });

  it('is idempotent per storyId', async () => {
    const index = createMemoryClusterIndex({ now: NOW });
    const batch = [STORIES.treatyWire(), STORIES.drill(), STORIES.treatyAnalysis()];
    const first = await assignClusters(batch, { index });
    expect(await assignClusters(batch, { index })).toEqual(first);
    // a story re-sent alone keeps its cluster even if it would now match something else
    expect(await assignClusters([STORIES.treatyAnalysis()], { index })).toEqual([first[2]]);
  });

  it('calls racing on one index (each reading before the others commit) still give one cluster per event', async () => {
    // The memory store answers asynchronously, so concurrent calls interleave their reads and
    // commits as workers on Redis do: commits of new clusters are refused and decided again.
    for (let round = 0; round < 12; round++) {
      const stories = racingStories();
      const all = [...stories.treaty, ...stories.cyclone, ...stories.others];
      const order = shuffled(all.length, round + 1);
      const index = createMemoryClusterIndex({ now: NOW });
      const results = await Promise.all(order.map((i) => assignClusters([all[i] as ClusterInput], { index })));
      expectRaceClusters(stories, new Map(order.map((i, k) => [(all[i] as ClusterInput).storyId, results[k]?.[0] as string])));
    }
  });

  it('a storyId twice in one batch is decided once', async () => {
    const index = createMemoryClusterIndex({ now: NOW });
    const wire = STORIES.treatyWire();
    const got = await assignClusters([wire, STORIES.treatyAnalysis(), { ...wire, title: 'changed' }], { index });
    expect(got).toEqual(['treaty-wire', 'treaty-wire', 'treaty-wire']);
  });

  it('gives up with a retryable DEDUP_INDEX_UNAVAILABLE when every commit conflicts', async () => {
    const settings = resolveClusterSettings({ commitAttempts: 3 });
    let commits = 0;
    const store: ClusterStore = {
      readLatest: async (gens, fields) => gens.map(() => fields.map(() => null)),
      read: async (reads) => reads.map((r) => r.fields.map(() => null)),
      commit: async (_gen, _expire, stories) => {
        commits++;
        return stories.map((): ClusterCommitResult => ({ kind: 'conflict' }));
      },
    };
    const fp = extractClusterFeatures(STORIES.treatyWire(), settings);
    const err = await decideClusters([fp], settings, store, NOW()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DedupIndexError);
    expect(err).toMatchObject({ code: 'DEDUP_INDEX_UNAVAILABLE', retryable: true });
    expect(commits).toBe(3);
  });

  it('forgets stories after the window', async () => {
    let now = NOW();
    const index = createMemoryClusterIndex({ now: () => now, windowSec: 6 * 3600 });
    const wire = { ...STORIES.treatyWire(), publishedAt: null };
    const analysis = { ...STORIES.treatyAnalysis(), publishedAt: null };
    const [a] = await assignClusters([wire], { index });
    now += 10 * 3600_000;
    const [b] = await assignClusters([analysis], { index });
    expect(a).toBe('treaty-wire');
    expect(b).toBe('treaty-analysis');
  });

  it.each([
    [{ storyId: 'has space', title: '', text: '', publishedAt: null }, 'storyId'],
    [{ storyId: 'ok', title: 1, text: '', publishedAt: null }, 'title'],
    [{ storyId: 'ok', title: '', text: null, publishedAt: null }, 'text'],
    [{ storyId: 'ok', title: '', text: '', publishedAt: 5 }, 'publishedAt'],
    [{ storyId: 'ok', title: '', text: '', publishedAt: null, entities: { people: 'Putin' } }, 'entities.people'],
  ])('rejects %j', async (bad, field) => {
    const err = await assignClusters([bad as unknown as ClusterInput], { index: createMemoryClusterIndex() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DedupInputError);
    expect(err).toMatchObject({ code: 'DEDUP_BAD_INPUT', details: { index: 0 } });
    expect((err as Error).message).toContain(field);
  });
});

describe('resolveClusterSettings', () => {
  it.each([
    ['anchorFeatures', 33],
    ['anchorFeatures', 0],
    ['checkedAnchors', -1],
    ['maxCandidates', 0],
    ['commitAttempts', 0],
    ['generations', 0],
  ])('rejects %s = %d', (name, value) => {
    expect(() => resolveClusterSettings({ [name]: value })).toThrow(DedupInputError);
  });

  it('has defaults for every setting', () => {
    expect(resolveClusterSettings()).toMatchObject({ windowSec: 72 * 3600, generations: 1, anchorFeatures: 16, maxPostings: 8, maxCandidates: 4, checkedAnchors: 10 });
  });
});

describe('extractClusterFeatures', () => {
  const settings = resolveClusterSettings();

  it('finds names, numbers and content words in the title and lead', () => {
    const fp = extractClusterFeatures(
      { storyId: 's', title: 'Quake kills 12 in Peru', text: 'A strong earthquake struck southern Peru on Monday, killing 12 people, officials in Lima said. The quake hit near Arequipa.', publishedAt: '2025-01-17T08:00:00Z' },
      settings,
    );
    expect(fp.timeSec).toBe(Date.parse('2025-01-17T08:00:00Z') / 1000);
    const classes = fp.features.map((f) => f.kind);
    expect(classes.filter((c) => c === 'n').length).toBe(3); // peru, lima, arequipa ("A", "The" open sentences)
    expect(classes).toContain('#');
    expect(fp.mass).toBe(fp.features.reduce((n, f) => n + f.weight, 0));
    expect(fp.features.map((f) => f.weight)).toEqual([...fp.features.map((f) => f.weight)].sort((a, b) => b - a));
  });

  it('keeps at most maxFeatures features', () => {
    const text = Array.from({ length: 300 }, (_, i) => `word${i}x`).join(' ');
    expect(extractClusterFeatures({ storyId: 's', title: '', text, publishedAt: null }, resolveClusterSettings({ maxFeatures: 10, leadWords: 1000 })).features).toHaveLength(10);
  });

  it.each([
    ['treaties', 'treaty'],
    ['signed', 'sign'],
    ['signing', 'sign'],
    ['exercises', 'exercis'],
    ['exercise', 'exercis'],
    ['drills', 'drill'],
    ['status', 'status'],
    ['gas', 'gas'],
  ])('stems %s to %s', (word, stem) => {
    expect(stemWord(word)).toBe(stem);
  });
});
