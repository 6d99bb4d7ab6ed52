import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoryStore, StoryWrite } from '../../../src/store/story-store.js';
import { storeBackends } from '../../helpers/store-backends.js';

const backends = storeBackends('store');

function copy(overrides: Partial<StoryWrite> & { itemKey: string; text?: string; feedUrl?: string }): StoryWrite {
  const text = overrides.text ?? 'Russia and Iran sign a 20-year treaty on defense, technology, energy and trade.';
  return {
    storyId: 'story-1',
    clusterId: 'story-1',
    canonical: true,
    ingestedAt: '2025-01-17T12:00:00.000Z',
    ...overrides,
    story: {
      title: 'Russia and Iran sign treaty',
      url: 'https://a.example/treaty',
      canonicalUrl: 'https://a.example/treaty',
      summary: text.slice(0, 60),
      text,
      publishedAt: '2025-01-17T10:00:00.000Z',
      topics: [{ id: 'energy', score: 0.9, evidence: ['gas'] }],
      entities: { places: [{ name: 'Iran', count: 3 }], people: [], organizations: [] },
      ...overrides.story,
    },
    source: {
      itemKey: overrides.itemKey,
      feedId: 1,
      // Item keys are `<feed id>:<guid>`: another feed, another URL (feed 1 is a.example's).
      feedUrl: overrides.feedUrl ?? (overrides.itemKey.startsWith('1:') ? 'https://a.example/feed.xml' : `https://feed-${overrides.itemKey.split(':')[0]}.example/feed.xml`),
      guid: overrides.itemKey,
      url: 'https://a.example/treaty',
      canonicalUrl: 'https://a.example/treaty',
      title: 'Russia and Iran sign treaty',
      publishedAt: '2025-01-17T10:00:00.000Z',
      match: 'new',
      similarity: null,
      ...overrides.source,
    },
  };
}

for (const backend of backends) {
  describe.skipIf(!backend.available)(`StoryStore on ${backend.name}`, () => {
    let store: StoryStore;
    let cleanup: () => Promise<void>;
    let another: () => Promise<StoryStore>;
    beforeEach(async () => ({ store, cleanup, another } = await backend.open()));
    afterEach(async () => cleanup());

    it('adds feeds idempotently and imports only new ones', async () => {
      const first = await store.addFeed({ url: 'https://a.example/feed.xml', title: 'A', categories: ['World'] });
      const again = await store.addFeed({ url: 'https://a.example/feed.xml', title: 'changed' });
      expect(first.created).toBe(true);
      expect(again.created).toBe(false);
      expect(again.feed.title).toBe('A');
      expect(again.feed.categories).toEqual(['World']);
      const imported = await store.importFeeds([{ url: 'https://a.example/feed.xml' }, { url: 'https://b.example/rss' }]);
      expect(imported).toEqual({ added: 1, existing: 1 });
      expect((await store.listFeeds()).map((f) => f.url)).toEqual(['https://a.example/feed.xml', 'https://b.example/rss']);
      expect(await store.removeFeed('https://b.example/rss')).toBe(true);
      expect(await store.removeFeed('https://b.example/rss')).toBe(false);
    });

    it('looks feed titles up by URL, leaving out unknown and untitled feeds', async () => {
      await store.addFeed({ url: 'https://a.example/feed.xml', title: 'Outlet A' });
      await store.addFeed({ url: 'https://b.example/rss' });
      expect(await store.feedTitles(['https://a.example/feed.xml', 'https://b.example/rss', 'https://c.example/none'])).toEqual({ 'https://a.example/feed.xml': 'Outlet A' });
      expect(await store.feedTitles([])).toEqual({});
    });

    it('patches feed state and lists the schedule without retired or paused feeds', async () => {
      const { feed } = await store.addFeed({ url: 'https://a.example/feed.xml' });
      const { feed: other } = await store.addFeed({ url: 'https://gone.example/feed.xml' });
      const { feed: paused } = await store.addFeed({ url: 'https://paused.example/feed.xml' });
      await store.updateFeed(paused.id, { status: 'paused' });
      await store.updateFeed(feed.id, { etag: '"v1"', nextPollAt: '2025-01-17T10:15:00.000Z', errorCount: 0, status: 'active' });
      await store.updateFeed(other.id, { status: 'retired', lastErrorCode: 'FETCH_GONE', lastErrorMessage: '410 Gone', errorCount: 1 });
      expect((await store.getFeed(feed.id))?.etag).toBe('"v1"');
      expect(await store.listFeedSchedule()).toEqual([{ id: feed.id, nextPollAt: '2025-01-17T10:15:00.000Z' }]);
      expect((await store.stats()).feeds).toEqual({ total: 3, ok: 0, failing: 0, pending: 1, retired: 1, paused: 1 });
    });

    it('counts feeds by their last poll: ok, failing, never polled (pending), retired, paused', async () => {
      const ids: number[] = [];
      for (const host of ['ok', 'failing', 'new', 'deferred', 'gone', 'paused']) ids.push((await store.addFeed({ url: `https://${host}.example/feed.xml` })).feed.id);
      const [ok, failing, , deferred, gone, paused] = ids;
      await store.updateFeed(paused!, { status: 'paused', lastPolledAt: '2025-01-17T10:00:00.000Z' });
      await store.updateFeed(ok!, { status: 'active', lastPolledAt: '2025-01-17T10:00:00.000Z', lastSuccessAt: '2025-01-17T10:00:00.000Z' });
      await store.updateFeed(failing!, { status: 'failing', lastPolledAt: '2025-01-17T10:00:00.000Z', lastErrorCode: 'HTTP_STATUS', errorCount: 1 });
      await store.updateFeed(deferred!, { nextPollAt: '2025-01-17T10:05:00.000Z' });
      await store.updateFeed(gone!, { status: 'retired', lastPolledAt: '2025-01-17T10:00:00.000Z', lastErrorCode: 'FETCH_GONE' });
      expect((await store.stats()).feeds).toEqual({ total: 6, ok: 1, failing: 1, pending: 2, retired: 1, paused: 1 });
    });

    it('stores a story once however often the same copy is written', async () => {
      const w = copy({ itemKey: '1:guid-a' });
      const [first] = await store.writeStories([w]);
      const [second] = await store.writeStories([w]);
      expect(first).toMatchObject({ created: true, sourceAdded: true });
      expect(second).toMatchObject({ created: false, sourceAdded: false, textReplaced: false });
      const story = await store.getStory('story-1');
      expect(story?.sources).toHaveLength(1);
      expect(await store.stats()).toMatchObject({ stories: 1, clusters: 1 });
    });

    it('merges copies as sources, canonical first, and keeps the fuller text', async () => {
      const dup = copy({
        itemKey: '2:guid-b',
        canonical: false,
        feedUrl: 'https://b.example/rss',
        text: 'Russia and Iran sign a 20-year treaty on defense, technology, energy and trade. A second, longer paragraph follows.',
        story: { title: 'Placeholder title from a copy' } as StoryWrite['story'],
        source: { url: 'https://b.example/x?utm_source=rss', match: 'near', similarity: 0.9 } as StoryWrite['source'],
      });
      // The copy lands before its canonical story (two workers racing): the story still ends right.
      const [d] = await store.writeStories([dup]);
      const [c] = await store.writeStories([copy({ itemKey: '1:guid-a' })]);
      expect(d?.created).toBe(true);
      expect(c).toMatchObject({ created: false, sourceAdded: true, textReplaced: false });
      const story = await store.getStory('story-1');
      expect(story?.title).toBe('Russia and Iran sign treaty');
      expect(story?.sources.map((s) => s.feedUrl)).toEqual(['https://a.example/feed.xml', 'https://b.example/rss']);
      expect(story?.summary.length).toBeGreaterThan(0);
    });

    it('takes a new version of the stored copy even when shorter, but a shorter other copy never', async () => {
      await store.writeStories([copy({ itemKey: '1:guid-a', text: 'First version: 12 dead in the flood, officials say, as rescue goes on.' })]);
      const [shorterCopy] = await store.writeStories([copy({ itemKey: '2:other', canonical: false, text: 'Flood: 12 dead.' })]);
      expect(shorterCopy).toMatchObject({ sourceAdded: true, textReplaced: false });
      const [update] = await store.writeStories([copy({ itemKey: '1:guid-a', text: 'Update: 15 dead in the flood.' })]);
      expect(update).toMatchObject({ sourceAdded: false, textReplaced: true });
      const [again] = await store.writeStories([copy({ itemKey: '1:guid-a', text: 'Update: 15 dead in the flood.' })]);
      expect(again).toMatchObject({ textReplaced: false });
      expect((await store.getStory('story-1'))?.sources).toHaveLength(2);
    });

    it("shows an updated item's new headline and link on its source, as on the story", async () => {
      await store.writeStories([copy({ itemKey: '1:guid-a', text: 'Explosion reported at the port of Odesa.' })]);
      await store.writeStories([copy({ itemKey: '2:other', canonical: false, text: 'Blast at Odesa port.', source: { title: 'Blast at Odesa port' } as StoryWrite['source'] })]);
      const headline = 'Explosion at Odesa port kills two, officials say';
      await store.writeStories([
        copy({ itemKey: '1:guid-a', text: 'Explosion at Odesa port kills two, officials say, as the fire is put out.', story: { title: headline } as StoryWrite['story'], source: { title: headline, url: 'https://a.example/treaty-2', publishedAt: '2025-01-17T11:00:00.000Z' } as StoryWrite['source'] }),
      ]);
      const story = (await store.getStory('story-1'))!;
      expect(story.title).toBe(headline);
      expect(story.sources.map((s) => [s.title, s.url, s.publishedAt])).toEqual([
        [headline, 'https://a.example/treaty-2', '2025-01-17T11:00:00.000Z'],
        ['Blast at Odesa port', 'https://a.example/treaty', '2025-01-17T10:00:00.000Z'],
      ]);
    });

    it('moves a story to the topics and entities of its replaced text', async () => {
      await store.writeStories([copy({ itemKey: '1:guid-a', text: 'Short text about gas.' })]);
      expect((await store.queryStories({ limit: 5, topic: 'energy' })).stories).toHaveLength(1);
      const fuller = copy({
        itemKey: '2:other',
        canonical: false,
        text: 'A much longer text about the football final, the goals, the coach and the league.',
        story: { topics: [{ id: 'sport', score: 0.9 }], entities: { places: [{ name: 'Zürich' }], people: [], organizations: [] } } as unknown as StoryWrite['story'],
      });
      const [res] = await store.writeStories([fuller]);
      expect(res?.textReplaced).toBe(true);
      expect((await store.queryStories({ limit: 5, topic: 'energy' })).stories).toHaveLength(0);
      expect((await store.queryStories({ limit: 5, entity: 'Iran' })).stories).toHaveLength(0);
      expect((await store.queryStories({ limit: 5, topic: 'sport', entity: 'zurich' })).stories.map((x) => x.id)).toEqual(['story-1']);
      expect(await store.topicCounts()).toEqual({ sport: 1 });
    });

    it('fails one bad copy alone and keeps the rest of the batch', async () => {
      const good = copy({ itemKey: '1:good', storyId: 'good', clusterId: 'good' });
      const bad = copy({ itemKey: '1:bad', storyId: 'bad', clusterId: 'bad', story: { title: null } as unknown as StoryWrite['story'] });
      const results = await store.writeStories([good, bad]);
      expect(results[0]).toMatchObject({ storyId: 'good', created: true });
      expect(results[1]?.error?.code).toBe('STORE_WRITE_FAILED');
      expect(await store.getStory('good')).not.toBeNull();
      expect(await store.getStory('bad')).toBeNull();
    });

    it('moves a story in time when its canonical copy comes back with another date (never past its first store), labels with it', async () => {
      const at = (publishedAt: string, text = 'Russia and Iran sign a 20-year treaty on defense, technology, energy and trade.') =>
        copy({ itemKey: '1:treaty', ingestedAt: '2025-01-17T12:00:00.000Z', story: { publishedAt } as StoryWrite['story'], text });
      await store.writeStories([at('2025-01-10T10:00:00.000Z')]);
      const ids = async (q: Partial<Parameters<StoryStore['queryStories']>[0]>) => (await store.queryStories({ limit: 50, ...q })).stories.map((s) => s.id);
      expect(await ids({ since: '2025-01-10', until: '2025-01-11' })).toEqual(['story-1']);
      // The feed corrects the date: the story is found on the date it shows, by time alone and through its labels.
      await store.writeStories([{ ...at('2025-01-15T10:00:00.000Z'), ingestedAt: '2025-01-18T12:00:00.000Z' }]);
      expect((await store.getStory('story-1'))!.publishedAt).toBe('2025-01-15T10:00:00.000Z');
      expect(await ids({ since: '2025-01-10', until: '2025-01-11' })).toEqual([]);
      expect(await ids({ since: '2025-01-15', until: '2025-01-16' })).toEqual(['story-1']);
      expect(await ids({ topic: 'energy', since: '2025-01-15', until: '2025-01-16' })).toEqual(['story-1']);
      expect(await ids({ entity: 'Iran', since: '2025-01-15' })).toEqual(['story-1']);
      // A date after the first store (or in the future) sorts at the first store, and a longer text later keeps its labels there.
      await store.writeStories([{ ...at('2030-01-01T00:00:00.000Z', 'Russia and Iran sign a 20-year treaty on defense, technology, energy and trade, in Moscow.'), ingestedAt: '2025-01-19T12:00:00.000Z' }]);
      expect(await ids({ since: '2025-01-17T12:00:00Z', until: '2025-01-17T12:00:01Z' })).toEqual(['story-1']);
      expect(await ids({ topic: 'energy', since: '2025-01-17T12:00:00Z', until: '2025-01-17T12:00:01Z' })).toEqual(['story-1']);
      expect(await ids({ topic: 'energy' })).toEqual(['story-1']);
      expect(await store.topicCounts()).toEqual({ energy: 1 });
      // The copy comes back without a date: the date known stays, and the story stays where it is.
      await store.writeStories([{ ...at('2025-01-15T10:00:00.000Z'), ingestedAt: '2025-01-20T12:00:00.000Z' }]);
      const undated = at('2025-01-15T10:00:00.000Z');
      await store.writeStories([{ ...undated, story: { ...undated.story, publishedAt: null }, source: { ...undated.source, publishedAt: null }, ingestedAt: '2025-01-21T12:00:00.000Z' }]);
      const kept = (await store.getStory('story-1'))!;
      expect(kept.publishedAt).toBe('2025-01-15T10:00:00.000Z');
      expect(kept.sources[0]!.publishedAt).toBe('2025-01-17T10:00:00.000Z');
      expect(await ids({ since: '2025-01-15', until: '2025-01-16' })).toEqual(['story-1']);
      expect(await ids({ topic: 'energy', since: '2025-01-15', until: '2025-01-16' })).toEqual(['story-1']);
    });

    it('filters by topic, entity, feed, time, text and cluster and pages with a cursor', async () => {
      const writes: StoryWrite[] = [];
      for (let i = 0; i < 7; i++) {
        writes.push(
          copy({
            itemKey: `1:item-${i}`,
            storyId: `s${i}`,
            clusterId: i < 2 ? 'c-treaty' : `s${i}`,
            story: {
              title: `Story ${i}`,
              url: null,
              canonicalUrl: null,
              summary: '',
              text: i % 2 ? 'Gas pipeline through Azerbaijan' : 'Football results',
              publishedAt: `2025-01-1${i}T10:00:00.000Z`,
              topics: i % 2 ? [{ id: 'energy', score: 0.8 }, { id: 'economy', score: 0.8 }] : [{ id: 'sport', score: 0.7 }],
              entities: { places: i % 2 ? [{ name: 'Azerbaijan' }] : [], people: [], organizations: [] },
            },
            feedUrl: i < 4 ? 'https://a.example/feed.xml' : 'https://c.example/feed',
          }),
        );
      }
      await store.writeStories(writes);
      const ids = async (q: Partial<Parameters<StoryStore['queryStories']>[0]>) => (await store.queryStories({ limit: 50, ...q })).stories.map((s) => s.id);
      expect(await ids({})).toEqual(['s6', 's5', 's4', 's3', 's2', 's1', 's0']);
      expect(await ids({ topic: 'energy' })).toEqual(['s5', 's3', 's1']);
      expect(await ids({ entity: 'azerbaijan' })).toEqual(['s5', 's3', 's1']);
      expect(await ids({ feed: 'https://c.example/feed' })).toEqual(['s6', 's5', 's4']);
      expect(await ids({ since: '2025-01-13', until: '2025-01-15T10:00:00Z' })).toEqual(['s4', 's3']);
      expect(await ids({ q: 'pipeline' })).toEqual(['s5', 's3', 's1']);
      expect(await ids({ q: '100%' })).toEqual([]);
      expect(await ids({ topic: 'energy', entity: 'Azerbaijan', since: '2025-01-12' })).toEqual(['s5', 's3']);
      expect(await ids({ topic: 'energy', feed: 'https://c.example/feed' })).toEqual(['s5']);
      const t1 = await store.queryStories({ limit: 2, topic: 'energy' });
      const t2 = await store.queryStories({ limit: 2, topic: 'energy', cursor: t1.nextCursor });
      expect([...t1.stories, ...t2.stories].map((x) => x.id)).toEqual(['s5', 's3', 's1']);
      expect(t2.nextCursor).toBeNull();
      expect(await ids({ cluster: 'c-treaty' })).toEqual(['s1', 's0']);
      const page1 = await store.queryStories({ limit: 3 });
      const page2 = await store.queryStories({ limit: 3, cursor: page1.nextCursor });
      const page3 = await store.queryStories({ limit: 3, cursor: page2.nextCursor });
      expect([...page1.stories, ...page2.stories, ...page3.stories].map((s) => s.id)).toEqual(['s6', 's5', 's4', 's3', 's2', 's1', 's0']);
      expect(page3.nextCursor).toBeNull();
      await expect(store.queryStories({ limit: 3, cursor: 'garbage' })).rejects.toMatchObject({ code: 'QUERY_INVALID' });
      expect(await store.topicCounts()).toEqual({ energy: 3, economy: 3, sport: 4 });
      expect(await ids({ topic: ['energy', 'sport'] })).toEqual(['s6', 's5', 's4', 's3', 's2', 's1', 's0']);
      expect(await ids({ topic: ['energy', 'economy'] })).toEqual(['s5', 's3', 's1']);
      expect(await ids({ topic: ['ENERGY', 'sport'], feed: 'https://c.example/feed', since: '2025-01-15' })).toEqual(['s6', 's5']);
      expect(await ids({ topic: ['economy', 'sport'], entity: 'AZERBAIJAN' })).toEqual(['s5', 's3', 's1']);
      const m1 = await store.queryStories({ limit: 2, topic: ['energy', 'economy', 'sport'] });
      const m2 = await store.queryStories({ limit: 10, topic: ['energy', 'economy', 'sport'], cursor: m1.nextCursor });
      expect([...m1.stories, ...m2.stories].map((x) => x.id)).toEqual(['s6', 's5', 's4', 's3', 's2', 's1', 's0']);
    });

    it('writes nothing for a copy already stored under another story (a dedup index that forgot it), so no story without sources appears', async () => {
      await store.writeStories([copy({ itemKey: '1:guid-a' })]);
      const [again] = await store.writeStories([copy({ itemKey: '1:guid-a', storyId: 'story-2', clusterId: 'story-2' })]);
      expect(again).toMatchObject({ storyId: 'story-1', created: false, sourceAdded: false });
      expect(await store.getStory('story-2')).toBeNull();
      expect((await store.getStory('story-1'))!.sources).toHaveLength(1);
    });

    it('keeps one source per feed for one article that comes back under new guids (guid churn, tracking parameters)', async () => {
      await store.writeStories([copy({ itemKey: '1:guid-a' })]);
      const again = (key: string, feedUrl: string, title: string) =>
        copy({ itemKey: key, canonical: false, feedUrl, source: { match: 'url', url: `https://a.example/treaty?utm_source=${key}`, title } as StoryWrite['source'] });
      const [churned] = await store.writeStories([again('1:guid-b', 'https://a.example/feed.xml', 'Treaty signed (updated)')]);
      expect(churned).toMatchObject({ created: false, sourceAdded: false });
      let story = (await store.getStory('story-1'))!;
      expect(story.sources).toHaveLength(1);
      expect(story.sources[0]).toMatchObject({ title: 'Treaty signed (updated)', url: 'https://a.example/treaty?utm_source=1:guid-b' });
      // The same article from another feed is another source.
      const [other] = await store.writeStories([again('2:guid-x', 'https://wire.example/rss', 'Treaty (wire)')]);
      expect(other!.sourceAdded).toBe(true);
      story = (await store.getStory('story-1'))!;
      expect(story.sources.map((src) => src.title)).toEqual(['Treaty signed (updated)', 'Treaty (wire)']);
    });

    it('filters by feed category (folder and its subfolders, any case), with its text where asked', async () => {
      const wire = (await store.addFeed({ url: 'https://wire.example/rss', categories: ['World/Middle East', 'Wires'] })).feed;
      const blog = (await store.addFeed({ url: 'https://blog.example/rss', categories: ['Worldwide'] })).feed;
      const none = (await store.addFeed({ url: 'https://plain.example/rss' })).feed;
      const write = (id: string, feedId: number, extra: Partial<StoryWrite['source']> = {}) =>
        copy({ storyId: id, clusterId: id, itemKey: `${feedId}:${id}`, source: { feedId, ...extra } as StoryWrite['source'] });
      await store.writeStories([write('w1', wire.id), write('b1', blog.id), write('n1', none.id), write('both', blog.id)]);
      await store.writeStories([{ ...write('both', wire.id), canonical: false, source: { ...write('both', wire.id).source, match: 'near' } }]);
      const ids = async (category: string, extra = {}) => (await store.queryStories({ category, limit: 10, ...extra })).stories.map((s) => s.id).sort();
      expect(await ids('World')).toEqual(['both', 'w1']);
      expect(await ids('world/middle east')).toEqual(['both', 'w1']);
      expect(await ids('World/')).toEqual(['both', 'w1']);
      expect(await ids('Worldwide')).toEqual(['b1', 'both']);
      expect(await ids('WIRES')).toEqual(['both', 'w1']);
      expect(await ids('Middle East')).toEqual([]);
      expect(await ids('nowhere')).toEqual([]);
      expect(await ids('World', { feed: String(blog.id) })).toEqual(['both']);
      expect(await ids('World', { ids: ['w1', 'b1'] })).toEqual(['w1']);
      const [withText] = (await store.queryStories({ category: 'Wires', ids: ['w1'], limit: 1, withText: true })).stories;
      expect(withText!.text).toContain('Russia and Iran sign');
      expect((await store.queryStories({ ids: ['w1'], limit: 1 })).stories[0]).not.toHaveProperty('text');
    });

    it('filters by category against the feeds as they are now, also those another process added a moment ago', async () => {
      expect((await store.queryStories({ category: 'Weather', limit: 5 })).stories).toEqual([]);
      const other = await another();
      try {
        const { feed } = await other.addFeed({ url: 'https://weather.example/rss', categories: ['Weather'] });
        await other.writeStories([copy({ storyId: 'storm', clusterId: 'storm', itemKey: `${feed.id}:storm`, source: { feedId: feed.id } as StoryWrite['source'] })]);
      } finally {
        await other.close();
      }
      expect((await store.queryStories({ category: 'weather', ids: ['storm'], limit: 5 })).stories.map((x) => x.id)).toEqual(['storm']);
    });

    it('filters by a category of more feeds than a statement takes parameters (SQLite 32,766; PostgreSQL 65,535)', async () => {
      const many = backend.name === 'sqlite' ? 33_000 : 66_000;
      await store.importFeeds(Array.from({ length: many }, (_, i) => ({ url: `https://f${i}.example/rss`, categories: ['Big'] })));
      const last = (await store.listFeeds()).at(-1)!;
      await store.writeStories([copy({ storyId: 'big', clusterId: 'big', itemKey: `${last.id}:big`, source: { feedId: last.id } as StoryWrite['source'] })]);
      expect((await store.queryStories({ category: 'big', limit: 5 })).stories.map((x) => x.id)).toEqual(['big']);
    }, 120_000);

    it('finds stories holding every word of q, in the title or the text, in any order and case', async () => {
      const story = (i: number, title: string, text: string) =>
        copy({ itemKey: `1:q-${i}`, storyId: `q${i}`, clusterId: `q${i}`, text, story: { title, publishedAt: `2025-01-1${i}T10:00:00.000Z` } as StoryWrite['story'] });
      await store.writeStories([
        story(1, 'Trump-Russia investigation widens', 'The inquiry asks new questions.'),
        story(2, 'Treaty signed', 'Russia and Iran sign a 20-year treaty on energy.'),
        story(3, 'Iran talks', 'Talks in Vienna; 100% of the quota_used.'),
        story(4, 'Russia holds rates', 'The central bank kept rates.'),
        story(5, 'Director wins film award', 'Critics warned the warehouse scene was too long; Ölpreise fell.'),
        story(6, 'Снег в Москве', 'Москва и Санкт-Петербург: снегопад.'),
        story(7, '俄罗斯与伊朗签署条约', '两国签署为期20年的全面战略伙伴关系条约。'),
        story(8, 'ロシアとイランが条約に署名', 'モスクワで署名された。'),
      ]);
      const ids = async (q: string) => (await store.queryStories({ limit: 10, q })).stories.map((s) => s.id);
      expect(await ids('Trump Russia')).toEqual(['q1']);
      expect(await ids('Russia Iran')).toEqual(['q2']);
      expect(await ids('iran RUSSIA')).toEqual(['q2']);
      expect(await ids('russia')).toEqual(['q4', 'q2', 'q1']);
      expect(await ids('treaty, energy!')).toEqual(['q2']);
      expect(await ids('Russia Vienna')).toEqual([]);
      // Wildcards in the input are never wildcards: `_` and `%` split words like any punctuation.
      expect(await ids('quota_used')).toEqual(['q3']);
      expect(await ids('100_percent')).toEqual([]);
      expect(await ids('%')).toEqual([]);
      // Whole words: "war" is not in "award", "warned" or "warehouse"; "rate" is not "rates".
      expect(await ids('war')).toEqual([]);
      expect(await ids('award')).toEqual(['q5']);
      expect(await ids('rate')).toEqual([]);
      expect(await ids('Ölpreise')).toEqual(['q5']);
      // Phrases: the words in order, with only spaces or punctuation between them.
      expect(await ids('"Russia and Iran"')).toEqual(['q2']);
      expect(await ids('"Iran and Russia"')).toEqual([]);
      expect(await ids('"trump russia" investigation')).toEqual(['q1']);
      expect(await ids('"20-year treaty"')).toEqual(['q2']);
      expect(await ids('"year treaty on"')).toEqual(['q2']);
      expect(await ids('"central rates"')).toEqual([]);
      // Exclusions: stories holding the word or phrase anywhere are left out.
      expect(await ids('russia -iran')).toEqual(['q4', 'q1']);
      expect(await ids('russia -"central bank"')).toEqual(['q2', 'q1']);
      expect(await ids('russia -war')).toEqual(['q4', 'q2', 'q1']);
      expect(await ids('-russia -iran')).toEqual(['q8', 'q7', 'q6', 'q5']);
      // Letters beyond ASCII in any case, on both stores (SQLite's LIKE folds only ASCII).
      expect(await ids('ölpreise')).toEqual(['q5']);
      expect(await ids('ÖLPREISE')).toEqual(['q5']);
      expect(await ids('москва')).toEqual(['q6']);
      expect(await ids('"САНКТ петербург"')).toEqual(['q6']);
      // Scripts written without spaces: a word is found inside a run of letters.
      expect(await ids('伊朗')).toEqual(['q7']);
      expect(await ids('伊朗 条约')).toEqual(['q7']);
      expect(await ids('战略伙伴')).toEqual(['q7']);
      expect(await ids('モスクワ')).toEqual(['q8']);
      expect(await ids('イラン -伊朗')).toEqual(['q8']);
      expect(await ids('20年')).toEqual(['q7']);
      // ... while a word of a spaced script beside them stays whole: "20" is not in "2025".
      expect(await ids('2025')).toEqual([]);
    });
  });
}
