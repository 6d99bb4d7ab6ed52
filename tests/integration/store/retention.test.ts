import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryCounters } from '../../../src/metrics/counters.js';
import { pruneOldStories } from '../../../src/pipeline/prune-stories.js';
import type { StoryStore, StoryWrite } from '../../../src/store/story-store.js';
import { storeBackends } from '../../helpers/store-backends.js';

/** A story published `publishedDay` and ingested `ingestedDay` (days of January 2025), on energy, naming Iran and Vladimir Putin. */
function write(id: string, publishedDay: number, ingestedDay: number, copies = 1): StoryWrite[] {
  const day = (d: number) => `2025-01-${String(d).padStart(2, '0')}T08:00:00.000Z`;
  return Array.from({ length: copies }, (_, k) => ({
    storyId: id,
    clusterId: id,
    canonical: k === 0,
    ingestedAt: day(ingestedDay),
    story: {
      title: `Story ${id}`, url: `https://news.example/${id}`, canonicalUrl: null, summary: '', text: `Text of ${id}`, publishedAt: day(publishedDay),
      topics: [{ id: 'energy', score: 0.9 }], entities: { places: [{ name: 'Moscow', count: 1, country: 'Russia' } as never], people: [{ name: 'Vladimir Putin', count: 1 }], organizations: [] },
    },
    source: { itemKey: `${k}:${id}`, feedId: k + 1, feedUrl: `https://feed${k}.example/rss`, guid: id, url: null, canonicalUrl: null, title: `Story ${id}`, publishedAt: day(publishedDay), match: k === 0 ? 'new' : 'near', similarity: null },
  }));
}

for (const backend of storeBackends('retention')) {
  describe.skipIf(!backend.available)(`retention on ${backend.name}`, () => {
    let store: StoryStore;
    let cleanup: () => Promise<void>;
    beforeEach(async () => {
      ({ store, cleanup } = await backend.open());
      await store.writeStories([...write('old1', 1, 1, 2), ...write('old2', 2, 2), ...write('old3', 3, 3), ...write('dated-old-ingested-new', 1, 20), ...write('new', 20, 20)]);
    });
    afterEach(() => cleanup());

    const ids = async (query: Parameters<StoryStore['queryStories']>[0]) => (await store.queryStories(query)).stories.map((s) => s.id).sort();

    it('deletes, oldest first and at most `limit`, the stories published and ingested before the time, with their sources and labels', async () => {
      const before = '2025-01-10T00:00:00.000Z';
      expect(await store.pruneStories(before, 2)).toBe(2);
      expect(await ids({ limit: 10 })).toEqual(['dated-old-ingested-new', 'new', 'old3']);
      expect(await store.pruneStories(before, 2)).toBe(1);
      expect(await store.pruneStories(before, 2)).toBe(0);
      // Nothing of them is found by any filter any more; the others still are.
      for (const query of [{ topic: 'energy' }, { entity: 'Moscow' }, { entity: 'Russia' }, { entity: 'Putin' }, { feed: 'https://feed1.example/rss' }, { q: 'Text' }]) {
        expect(await ids({ ...query, limit: 10 })).toEqual(query.feed ? [] : ['dated-old-ingested-new', 'new']);
      }
      expect((await store.stats()).stories).toBe(2);
      // The label rows themselves are gone (topic counts read them without the stories).
      expect(await store.topicCounts()).toEqual({ energy: 2 });
      expect(await store.getStory('old1')).toBeNull();
    });

    it('pruneOldStories deletes in batches what is older than retention.days and counts it; 0 days keeps everything', async () => {
      const counters = createMemoryCounters();
      const deps = { store, counters, log: pino({ level: 'silent' }), now: () => new Date('2025-01-25T00:00:00.000Z') };
      expect(await pruneOldStories({ ...deps, settings: { days: 0, batchSize: 1 } })).toBe(0);
      expect(await pruneOldStories({ ...deps, settings: { days: 10, batchSize: 1 } })).toBe(3);
      expect(counters.snapshot().get('storiesPruned')).toBe(3);
      expect(await ids({ limit: 10 })).toEqual(['dated-old-ingested-new', 'new']);
      // A copy of a deleted story arriving later starts it again.
      const [again] = await store.writeStories(write('old1', 1, 25).map((w) => ({ ...w, canonical: false, source: { ...w.source, itemKey: 'late:old1' } })));
      expect(again).toMatchObject({ storyId: 'old1', created: true });
    });
  });
}
