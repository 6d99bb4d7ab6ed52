import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/api/build-app.js';
import type { EntityMention } from '../../../src/model.js';
import type { StoryStore, StoryWrite } from '../../../src/store/story-store.js';
import { storeBackends } from '../../helpers/store-backends.js';
import { storyWrite } from '../../helpers/story-write.js';

/** Story `id` of cluster `cluster`, published on January `day` 2025 at `hour`, with its topics and entities. */
function story(id: string, cluster: string, day: number, hour: number, topics: string[], entities: { places?: EntityMention[]; people?: string[]; organizations?: string[] }): StoryWrite {
  const at = `2025-01-${day}T${String(hour).padStart(2, '0')}:00:00.000Z`;
  const w = storyWrite({ id, publishedAt: at, topics });
  return {
    ...w,
    clusterId: cluster,
    story: { ...w.story, entities: { places: entities.places ?? [], people: (entities.people ?? []).map((name) => ({ name })), organizations: (entities.organizations ?? []).map((name) => ({ name })) } },
  };
}

const topics = [
  { id: 'diplomacy', label: 'Diplomacy', iptc: 'medtop:20000638', parent: 'politics' },
  { id: 'energy', label: 'Energy', iptc: 'medtop:20000256', parent: 'economy' },
  { id: 'conflict', label: 'Conflict, war and peace', iptc: 'medtop:16000000', parent: null },
];

for (const backend of storeBackends('trends')) {
  describe.skipIf(!backend.available)(`trends on ${backend.name}`, () => {
    let store: StoryStore;
    let cleanup: () => Promise<void>;
    beforeEach(async () => {
      ({ store, cleanup } = await backend.open());
      await store.writeStories([
        // The window: January 20.
        story('s1', 'c1', 20, 8, ['diplomacy'], { places: [{ name: 'Russia', kind: 'country' }, { name: 'Iran', kind: 'country' }], people: ['Vladimir Putin'] }),
        story('s2', 'c1', 20, 9, ['diplomacy'], { places: [{ name: 'Moscow', kind: 'city', country: 'Russia' }, { name: 'Iran', kind: 'country' }] }),
        story('s3', 'c2', 20, 10, ['energy'], { places: [{ name: 'Iran', kind: 'country' }], organizations: ['OPEC'] }),
        // The day before.
        story('p1', 'c9', 19, 10, ['conflict'], { places: [{ name: 'Ukraine', kind: 'country' }], people: ['Vladimir Putin'] }),
        story('p2', 'c9', 19, 11, ['conflict'], { people: ['Vladimir Putin'] }),
        story('p3', 'c8', 19, 12, ['energy'], { places: [{ name: 'Iran', kind: 'country' }] }),
      ]);
    });
    afterEach(() => cleanup());

    it('counts the labels of a window: stories, clusters and one story that carries each', async () => {
      expect(await store.countLabels({ since: '2025-01-20T00:00:00.000Z', until: '2025-01-21T00:00:00.000Z', namespace: 'e' })).toEqual([
        { label: 'e:iran', stories: 3, clusters: 2, sampleStoryId: 's3' },
        { label: 'e:russia', stories: 2, clusters: 1, sampleStoryId: 's2' },
        { label: 'e:moscow', stories: 1, clusters: 1, sampleStoryId: 's2' },
        { label: 'e:opec', stories: 1, clusters: 1, sampleStoryId: 's3' },
        { label: 'e:vladimir putin', stories: 1, clusters: 1, sampleStoryId: 's1' },
      ]);
      expect(await store.countLabels({ since: '2025-01-19T00:00:00.000Z', until: '2025-01-20T00:00:00.000Z', namespace: 't' })).toEqual([
        { label: 't:conflict', stories: 2, clusters: 1, sampleStoryId: 'p2' },
        { label: 't:energy', stories: 1, clusters: 1, sampleStoryId: 'p3' },
      ]);
    });

    const trends = async (query: string) => {
      const app = await buildApp({ store, log: pino({ level: 'silent' }), topics, settings: { apiToken: null, defaultLimit: 10, maxLimit: 50, queuePrefix: 'x' } });
      try {
        const res = await app.inject({ url: `/api/trends?${query}` });
        return { status: res.statusCode, body: res.json() as Record<string, unknown> & { entities: Array<Record<string, unknown>>; topics: Array<Record<string, unknown>>; error?: { code: string } } };
      } finally {
        await app.close();
      }
    };

    it('GET /api/trends: entities by name and kind (a city counts for its country) and topics, against the window before', async () => {
      const { status, body } = await trends('since=2025-01-20&until=2025-01-21');
      expect(status).toBe(200);
      expect(body.since).toBe('2025-01-20T00:00:00.000Z');
      expect(body.until).toBe('2025-01-21T00:00:00.000Z');
      expect(body.previous).toEqual({ since: '2025-01-19T00:00:00.000Z', until: '2025-01-20T00:00:00.000Z' });
      expect(body.entities).toEqual([
        { name: 'Iran', kind: 'place', stories: 3, clusters: 2, previousStories: 1, change: 2 },
        { name: 'Russia', kind: 'place', stories: 2, clusters: 1, previousStories: 0, change: 2 },
        { name: 'Moscow', kind: 'place', stories: 1, clusters: 1, previousStories: 0, change: 1 },
        { name: 'OPEC', kind: 'organization', stories: 1, clusters: 1, previousStories: 0, change: 1 },
        { name: 'Vladimir Putin', kind: 'person', stories: 1, clusters: 1, previousStories: 2, change: -1 },
      ]);
      expect(body.topics).toEqual([
        { id: 'diplomacy', label: 'Diplomacy', stories: 2, clusters: 1, previousStories: 0, change: 2 },
        { id: 'energy', label: 'Energy', stories: 1, clusters: 1, previousStories: 1, change: 0 },
      ]);
    });

    it.each<[string, string[], string[]]>([
      ['sort=rising&limit=3', ['Iran', 'Russia', 'Moscow'], ['diplomacy', 'energy']],
      ['kind=person', ['Vladimir Putin'], ['diplomacy', 'energy']],
      ['kind=organization&limit=1', ['OPEC'], ['diplomacy']],
      ['kind=Person&sort=RISING', ['Vladimir Putin'], ['diplomacy', 'energy']],
      ['limit=1', ['Iran'], ['diplomacy']],
    ])('%s', async (extra, names, topicIds) => {
      const { body } = await trends(`since=2025-01-20&until=2025-01-21&${extra}`);
      expect(body.entities.map((e) => e.name)).toEqual(names);
      expect(body.topics.map((t) => t.id)).toEqual(topicIds);
    });

    it('ranks the rise of the day before against the day before it, and defaults to the 24 hours before until', async () => {
      const { body } = await trends('until=2025-01-20&sort=rising');
      expect(body.since).toBe('2025-01-19T00:00:00.000Z');
      expect(body.entities.map((e) => [e.name, e.change])).toEqual([
        ['Vladimir Putin', 2],
        ['Iran', 1],
        ['Ukraine', 1],
      ]);
    });

    it.each([
      ['sort=hot', 'QUERY_INVALID'],
      ['kind=city', 'QUERY_INVALID'],
      ['since=2025-01-21&until=2025-01-20', 'QUERY_INVALID'],
      ['since=2999-01-01', 'QUERY_INVALID'],
      ['limit=0', 'QUERY_INVALID'],
      ['topic=energy', 'QUERY_INVALID'],
      ['sort=count&sort=rising', 'QUERY_INVALID'],
      ['since=-271821-04-20T00:00:00Z', 'QUERY_INVALID'],
    ])('refuses %s', async (query, code) => {
      const { status, body } = await trends(query);
      expect([status, body.error?.code]).toEqual([400, code]);
    });
  });
}
