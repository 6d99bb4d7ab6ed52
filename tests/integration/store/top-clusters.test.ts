import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/api/build-app.js';
import type { StoryStore, StoryWrite } from '../../../src/store/story-store.js';
import { storeBackends } from '../../helpers/store-backends.js';

/** Story `id` of cluster `cluster`, published on January `day` 2025 at `hour`, carried by `copies` feeds. */
function story(id: string, cluster: string, day: number, hour: number, copies: number, topic = 'energy'): StoryWrite[] {
  const at = `2025-01-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00.000Z`;
  return Array.from({ length: copies }, (_, k) => ({
    storyId: id,
    clusterId: cluster,
    canonical: k === 0,
    ingestedAt: at,
    story: { title: `Story ${id}`, url: null, canonicalUrl: null, summary: '', text: `Text ${id}`, publishedAt: at, topics: [{ id: topic, score: 0.9 }], entities: { places: [], people: [], organizations: [] } },
    source: { itemKey: `${k}:${id}`, feedId: k + 1, feedUrl: `https://feed${k}.example/rss`, guid: id, url: null, canonicalUrl: null, title: `Story ${id}`, publishedAt: at, match: k === 0 ? 'new' : 'near', similarity: null },
  }));
}

const topics = [{ id: 'energy', label: 'Energy', iptc: 'medtop:20000256', parent: null }, { id: 'sport', label: 'Sport', iptc: 'medtop:15000000', parent: null }];

for (const backend of storeBackends('clusters')) {
  describe.skipIf(!backend.available)(`top clusters on ${backend.name}`, () => {
    let store: StoryStore;
    let cleanup: () => Promise<void>;
    beforeEach(async () => {
      ({ store, cleanup } = await backend.open());
      await store.writeStories([...story('a', 'c1', 20, 8, 3), ...story('b', 'c1', 20, 9, 1), ...story('c', 'c2', 20, 10, 2), ...story('d', 'c3', 20, 11, 1, 'sport'), ...story('e', 'c4', 1, 8, 5)]);
    });
    afterEach(() => cleanup());

    const window = { since: '2025-01-19T00:00:00.000Z', until: '2025-02-01T00:00:00.000Z' };

    it("ranks the window's clusters by sources, then by their latest story, with the most-sourced story as lead", async () => {
      expect(await store.topClusters({ ...window, limit: 10 })).toEqual([
        { clusterId: 'c1', stories: 2, sources: 4, firstAt: '2025-01-20T08:00:00.000Z', lastAt: '2025-01-20T09:00:00.000Z', leadStoryId: 'a', storyIds: ['b', 'a'] },
        { clusterId: 'c2', stories: 1, sources: 2, firstAt: '2025-01-20T10:00:00.000Z', lastAt: '2025-01-20T10:00:00.000Z', leadStoryId: 'c', storyIds: ['c'] },
        { clusterId: 'c3', stories: 1, sources: 1, firstAt: '2025-01-20T11:00:00.000Z', lastAt: '2025-01-20T11:00:00.000Z', leadStoryId: 'd', storyIds: ['d'] },
      ]);
    });

    it.each([
      [{ topic: ['sport'] }, ['c3']],
      [{ topic: ['energy', 'sport'] }, ['c1', 'c2', 'c3']],
      [{ limit: 1 }, ['c1']],
      [{ since: '2024-12-01T00:00:00.000Z' }, ['c4', 'c1', 'c2', 'c3']],
      [{ until: '2025-01-20T09:00:00.000Z' }, ['c1']],
      [{ since: '2025-03-01T00:00:00.000Z' }, []],
    ])('%j', async (change, clusters) => {
      expect((await store.topClusters({ ...window, limit: 10, ...change })).map((c) => c.clusterId)).toEqual(clusters);
    });

    it('GET /api/clusters: the ranking with each lead story whole; defaults to the last 24 hours', async () => {
      const app = await buildApp({ store, log: pino({ level: 'silent' }), topics, settings: { apiToken: null, defaultLimit: 10, maxLimit: 50, queuePrefix: 'x' } });
      try {
        const res = await app.inject({ url: '/api/clusters?since=2025-01-19&topic=energy' });
        expect(res.statusCode).toBe(200);
        const body = res.json() as { since: string; until: string | null; clusters: Array<{ id: string; sources: number; lead: { id: string; sources: unknown[] }; storyIds: string[] }> };
        expect(body.since).toBe('2025-01-19T00:00:00.000Z');
        expect(body.until).toBeNull();
        expect(body.clusters.map((c) => [c.id, c.sources, c.lead.id, c.lead.sources.length, c.storyIds])).toEqual([['c1', 4, 'a', 3, ['b', 'a']], ['c2', 2, 'c', 2, ['c']]]);
        // Nothing was stored in the last 24 hours (the stories are of January 2025).
        expect((await app.inject({ url: '/api/clusters' })).json()).toMatchObject({ clusters: [] });
        // With `until` alone: the 24 hours before it.
        const before = (await app.inject({ url: '/api/clusters?until=2025-01-20T10:30:00Z' })).json() as { since: string; clusters: Array<{ id: string }> };
        expect(before.since).toBe('2025-01-19T10:30:00.000Z');
        expect(before.clusters.map((c) => c.id)).toEqual(['c1', 'c2']);
        for (const [url, code] of [['/api/clusters?topics=energy', 'QUERY_INVALID'], ['/api/clusters?since=yesterday', 'QUERY_INVALID'], ['/api/clusters?limit=0', 'QUERY_INVALID'], ['/api/clusters?topic=nope', 'TOPIC_UNKNOWN'], ['/api/clusters?limit=2&limit=3', 'QUERY_INVALID'], ['/api/clusters?since=2025-01-21&until=2025-01-20', 'QUERY_INVALID']]) {
          const bad = await app.inject({ url });
          expect([url, bad.statusCode, (bad.json() as { error: { code: string } }).error.code]).toEqual([url, 400, code]);
        }
      } finally {
        await app.close();
      }
    });
  });
}
