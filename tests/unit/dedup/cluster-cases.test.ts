import { describe, expect, it } from 'vitest';
import { assignClusters } from '../../../src/dedup/assign-clusters.js';
import type { ClusterInput } from '../../../src/dedup/cluster-features.js';
import { extractClusterFeatures, stemWord } from '../../../src/dedup/cluster-features.js';
import type { ClusterIndex } from '../../../src/dedup/cluster-index.js';
import { resolveClusterSettings } from '../../../src/dedup/cluster-settings.js';
import { DedupInputError } from '../../../src/dedup/dedup-errors.js';
import { createMemoryClusterIndex } from '../../../src/dedup/memory-cluster-index.js';
import { CLUSTER_CASES, SEED_PRESENT, STORIES, expectClusters } from './cluster-table.js';

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
