import http from 'node:http';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiDeps } from '../../../src/api/api-deps.js';
import { buildApp } from '../../../src/api/build-app.js';
import { createRedisCounters } from '../../../src/metrics/counters.js';
import { createStoryEvents } from '../../../src/queue/story-events.js';
import { openStore } from '../../../src/store/open-store.js';
import type { StoryStore, StoryWrite } from '../../../src/store/story-store.js';
import { REDIS_URL, redisAvailable, uniqueName, deletePrefix } from '../../helpers/services.js';
import { storyWrite } from '../../helpers/story-write.js';

const topics = [
  { id: 'economy', label: 'Economy, business and finance', iptc: 'medtop:04000000', parent: null },
  { id: 'energy', label: 'Energy', iptc: 'medtop:20000256', parent: 'economy' },
  { id: 'sport', label: 'Sport', iptc: 'medtop:15000000', parent: null },
];

function write(i: number, topicIds: string[]): StoryWrite {
  const w = storyWrite({
    id: `s${i}`,
    name: String(i),
    title: `Story <${i}> & more`,
    text: `Text of story ${i} about gas`,
    publishedAt: `2025-01-1${i}T08:00:00.000Z`,
    topics: topicIds,
    places: ['Iran'],
    people: i === 2 ? ['Vladimir Putin', 'Hendrik Quillfeather'] : [],
  });
  w.story.language = i === 2 ? 'de' : 'en';
  return w;
}

describe.skipIf(!redisAvailable)('HTTP API', () => {
  let store: StoryStore;
  let redis: Redis;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let apiDeps: ApiDeps;
  const prefix = uniqueName('api');

  beforeAll(async () => {
    store = await openStore('sqlite::memory:');
    redis = new Redis(REDIS_URL);
    const news = await store.addFeed({ url: 'https://news.example/feed.xml', title: 'News' });
    await store.updateFeed(news.feed.id, { status: 'active', lastPolledAt: '2025-02-01T00:00:00.000Z', lastSuccessAt: '2025-02-01T00:00:00.000Z' });
    const { feed } = await store.addFeed({ url: 'https://broken.example/feed.xml' });
    await store.updateFeed(feed.id, { status: 'failing', lastPolledAt: '2025-02-01T00:00:00.000Z', lastErrorCode: 'HTTP_STATUS', lastErrorMessage: 'HTTP 500', errorCount: 3 });
    await store.addFeed({ url: 'https://never-polled.example/feed.xml' });
    await store.writeStories([write(1, ['energy', 'economy']), write(2, ['sport']), write(3, ['energy', 'economy'])]);
    const counters = createRedisCounters(redis, prefix);
    counters.inc('fetchOutcomes', { outcome: '2xx' }, 5);
    counters.inc('duplicatesDropped', { match: 'near' }, 2);
    await counters.flush();
    const deps: ApiDeps = {
      store,
      log: pino({ level: 'silent' }),
      topics,
      redis,
      settings: { apiToken: 'sekrit', defaultLimit: 2, maxLimit: 10, queuePrefix: prefix },
      queueCounts: async () => ({ poll: { waiting: 1, active: 0, delayed: 0, failed: 0, completed: 4 }, ingest: { waiting: 0, active: 2, delayed: 0, failed: 1, completed: 9 } }),
      storyEvents: createStoryEvents(redis, { prefix, maxEntries: 1000, connect: () => new Redis(REDIS_URL) }),
    };
    app = await buildApp(deps);
    apiDeps = deps;
  });

  afterAll(async () => {
    await app.close();
    await store.close();
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  it('filters by language and shows it where asked: include=language, a story by id, the topic feeds', async () => {
    const ids = async (url: string) => (await app.inject(url)).json().stories.map((s: { id: string }) => s.id);
    expect(await ids('/api/stories?language=de')).toEqual(['s2']);
    expect(await ids('/api/stories?language=en,de&limit=10')).toEqual(['s3', 's2', 's1']);
    expect(await ids('/api/stories?language=EN-gb&topic=energy&limit=10')).toEqual(['s3', 's1']);
    expect(await ids('/api/stories?language=fr')).toEqual([]);
    const shown = (await app.inject('/api/stories?language=de&include=language,text')).json().stories[0];
    expect(shown).toMatchObject({ id: 's2', language: 'de', text: expect.stringContaining('Text of story 2') });
    expect((await app.inject('/api/stories?language=de')).json().stories[0]).not.toHaveProperty('language');
    expect((await app.inject('/api/stories/s2')).json().language).toBe('de');
    const bad = await app.inject('/api/stories?language=english!');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'QUERY_INVALID', message: expect.stringContaining('language:') });
    expect((await app.inject('/api/stories?lang=de')).json().error.message).toContain('did you mean language?');
    const json = (await app.inject('/api/topics/energy/feed.json?language=en')).json();
    expect(json.language).toBe('en');
    expect(json.items.map((i: { id: string; language: string }) => `${i.id}:${i.language}`)).toEqual(['s3:en', 's1:en']);
    const rss = (await app.inject('/api/topics/energy/feed.xml?language=de')).body;
    expect(rss).toContain('<language>de</language>');
    expect(rss).not.toContain('<item>');
    expect((await app.inject('/api/topics/energy/feed.xml')).body).toContain('<dc:language>en</dc:language>');
  });

  it('lists stories newest first with a cursor and the DESIGN.md shape', async () => {
    const first = await app.inject('/api/stories');
    expect(first.statusCode).toBe(200);
    const page = first.json();
    expect(page.stories.map((s: { id: string }) => s.id)).toEqual(['s3', 's2']);
    expect(Object.keys(page.stories[0]).sort()).toEqual(['clusterId', 'entities', 'id', 'ingestedAt', 'publishedAt', 'sources', 'summary', 'title', 'topics', 'url'].sort());
    expect(page.stories[0].sources[0]).toEqual({ feedUrl: 'https://news.example/feed.xml', url: 'https://news.example/3', title: 'Story 3', publishedAt: null });
    const next = await app.inject(`/api/stories?cursor=${page.nextCursor}`);
    expect(next.json().stories.map((s: { id: string }) => s.id)).toEqual(['s1']);
    expect(next.json().nextCursor).toBeNull();
  });

  it.each([
    ['topic=energy', ['s3', 's1']],
    ['topic=sport', ['s2']],
    ['entity=iran&limit=10', ['s3', 's2', 's1']],
    ['since=2025-01-12&limit=10', ['s3', 's2']],
    ['until=2025-01-12T00:00:00Z', ['s1']],
    ['q=story%202', ['s2']],
    ['topic=energy,sport&limit=10', ['s3', 's2', 's1']],
    ['topic=energy,economy&limit=10', ['s3', 's1']],
    ['topic=sport&topic=energy&limit=10', ['s3', 's2', 's1']],
    ['topic=ECONOMY', ['s3', 's1']],
    ['topic=Sport,energy&entity=IRAN&limit=1', ['s3']],
    ['entity=iranian&limit=10', ['s3', 's2', 's1']],
    ['entity=Iranians&topic=sport', ['s2']],
    ['entity=Putin', ['s2']],
    ['entity=putin&topic=energy', []],
    ['entity=Vladimir%20Putin', ['s2']],
    ['entity=quillfeather', ['s2']],
    ['entity=Iranian&limit=2&cursor=WyIyMDI1LTAxLTEzVDA4OjAwOjAwLjAwMFoiLCJzMyJd', ['s2', 's1']],
    ['entity=U.S.', []],
    ['topic=sport,energy&since=2025-01-12&limit=10', ['s3', 's2']],
    ['q=gas%20STORY&limit=10', ['s3', 's2', 's1']],
    ['q=about,%20story%203', ['s3']],
    ['cluster=s1', ['s1']],
    ['feed=https%3A%2F%2Fnews.example%2Ffeed.xml&limit=10', ['s3', 's2', 's1']],
  ])('filters stories by %s', async (query, ids) => {
    const res = await app.inject(`/api/stories?${query}`);
    expect(res.json().stories.map((s: { id: string }) => s.id)).toEqual(ids);
  });

  it.each([
    ['/api/stories?limit=0', 400, 'QUERY_INVALID'],
    ['/api/stories?limit=11', 400, 'QUERY_INVALID'],
    ['/api/stories?since=yesterday', 400, 'QUERY_INVALID'],
    ['/api/stories?cursor=abc', 400, 'QUERY_INVALID'],
    [`/api/stories?cursor=${Buffer.from(JSON.stringify(['x', 'y'])).toString('base64url')}`, 400, 'QUERY_INVALID'],
    ['/api/stories?limit=2&limit=3', 400, 'QUERY_INVALID'],
    ['/api/stories?q=%25%25', 400, 'QUERY_INVALID'],
    ['/api/stories?topic=nope', 400, 'TOPIC_UNKNOWN'],
    ['/api/stories?topic=energy,nope', 400, 'TOPIC_UNKNOWN'],
    ['/api/stream?topic=nope', 400, 'TOPIC_UNKNOWN'],
    ['/api/stream?topic=', 400, 'QUERY_INVALID'],
    ['/api/stories/nope', 404, 'NOT_FOUND'],
    ['/api/topics/nope/feed.xml', 404, 'NOT_FOUND'],
    ['/api/nothing', 404, 'NOT_FOUND'],
  ])('answers %s with a coded error', async (url, status, code) => {
    const res = await app.inject(url);
    expect(res.statusCode).toBe(status);
    expect(res.json().error.code).toBe(code);
  });

  it('names the unknown topic and where the topic ids are listed', async () => {
    for (const url of ['/api/stories?topic=nope', '/api/stream?topic=sport,nope']) {
      const res = await app.inject(url);
      expect(res.json().error.message).toBe('topic: unknown topic "nope"; GET /api/topics lists the topic ids');
    }
  });

  it('says which parameter was given twice', async () => {
    const res = await app.inject('/api/stories?limit=2&limit=3');
    expect(res.json()).toEqual({ error: { code: 'QUERY_INVALID', message: 'limit: give one value' } });
    expect((await app.inject('/api/stories?cursor=a&cursor=b')).json().error.message).toBe('cursor: give one value');
  });

  it('pages a topic list without repeating a story that has several of the topics', async () => {
    const first = (await app.inject('/api/stories?topic=energy,economy,sport&limit=2')).json();
    const next = (await app.inject(`/api/stories?topic=energy,economy,sport&limit=2&cursor=${first.nextCursor}`)).json();
    expect([...first.stories, ...next.stories].map((s: { id: string }) => s.id)).toEqual(['s3', 's2', 's1']);
    expect(next.nextCursor).toBeNull();
  });

  it('returns one story by id, with its stored text', async () => {
    const res = await app.inject('/api/stories/s2');
    expect(res.json()).toMatchObject({ id: 's2', title: 'Story <2> & more', topics: [{ id: 'sport', score: 0.8 }], text: 'Text of story 2 about gas' });
  });

  it('filters by feed category', async () => {
    // A store of its own: the other tests count this one's stories.
    const own = await openStore('sqlite::memory:');
    const api = await buildApp({ ...apiDeps, store: own });
    try {
      const ids = async (qs: string) => (await api.inject(`/api/stories?${qs}`)).json().stories.map((s: { id: string }) => s.id);
      await own.addFeed({ url: 'https://news.example/feed.xml', categories: ['News'] }); // feed 1, s1's
      const { feed } = await own.addFeed({ url: 'https://wire.example/rss', categories: ['Wires'] });
      await own.writeStories([write(1, ['energy']), { ...write(4, ['energy']), source: { ...write(4, ['energy']).source, itemKey: `${feed.id}:4`, feedId: feed.id, feedUrl: feed.url } }]);
      expect(await ids('category=nowhere')).toEqual([]);
      expect(await ids('category=wires&limit=10')).toEqual(['s4']);
      expect(await ids('category=news&limit=10')).toEqual(['s1']);
      expect(await ids('category=Wires&topic=sport')).toEqual([]);
      expect((await api.inject('/api/stories?category=')).statusCode).toBe(400);
      await own.removeFeed(String(feed.id));
      expect(await ids('category=Wires')).toEqual([]);
    } finally {
      await api.close();
      await own.close();
    }
  });

  it('adds the stored text to listed stories with include=text', async () => {
    const page = (await app.inject('/api/stories?include=text&topic=sport')).json();
    expect(page.stories.map((s: { text: string }) => s.text)).toEqual(['Text of story 2 about gas']);
    expect((await app.inject('/api/stories?include=%20text%20')).json().stories[0].text).toBe('Text of story 3 about gas');
    for (const bad of ['include=body', 'include=', 'include=text,html']) {
      const res = await app.inject(`/api/stories?${bad}`);
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'QUERY_INVALID' });
      expect(res.json().error.message, bad).toMatch(/^include: /);
    }
  });

  it('reports stats with feed health and queue depths', async () => {
    const res = await app.inject('/api/stats');
    expect(res.json()).toEqual({
      stories: 3,
      clusters: 3,
      feeds: { total: 3, ok: 1, failing: 1, pending: 1, retired: 0, paused: 0 },
      queues: { poll: { waiting: 1, active: 0, delayed: 0, failed: 0, completed: 4 }, ingest: { waiting: 0, active: 2, delayed: 0, failed: 1, completed: 9 } },
    });
  });

  it('lists feeds with status, last error and next poll, and shows one by id', async () => {
    const feeds = (await app.inject('/api/feeds')).json().feeds;
    expect(feeds[1]).toMatchObject({ url: 'https://broken.example/feed.xml', status: 'failing', lastError: { code: 'HTTP_STATUS', message: 'HTTP 500' }, errorCount: 3, nextPoll: null, lastNewItemAt: null });
    expect((await app.inject(`/api/feeds/${feeds[1].id}`)).json()).toEqual(feeds[1]);
    for (const id of ['999', 'abc', '0']) {
      const res = await app.inject(`/api/feeds/${id}`);
      expect([res.statusCode, res.json().error.code]).toEqual([404, 'NOT_FOUND']);
    }
  });

  it('guards write endpoints with the API token', async () => {
    const body = { url: 'https://new.example/rss' };
    expect((await app.inject({ method: 'POST', url: '/api/feeds', payload: body })).statusCode).toBe(401);
    expect((await app.inject({ method: 'POST', url: '/api/feeds', payload: body, headers: { authorization: 'Bearer wrong' } })).statusCode).toBe(401);
    const ok = await app.inject({ method: 'POST', url: '/api/feeds', payload: body, headers: { authorization: 'Bearer sekrit' } });
    expect(ok.statusCode).toBe(201);
    const bad = await app.inject({ method: 'POST', url: '/api/feeds', payload: { url: 'ftp://x' }, headers: { authorization: 'Bearer sekrit' } });
    expect(bad.json().error.code).toBe('BAD_REQUEST');
    // A misspelt setting is refused, not dropped; a body that is not JSON is coded by its status.
    const typo = await app.inject({ method: 'POST', url: '/api/feeds', payload: { url: 'https://typo.example/rss', fulltext: true }, headers: { authorization: 'Bearer sekrit' } });
    expect([typo.statusCode, typo.json().error.code, typo.json().error.message]).toEqual([400, 'BAD_REQUEST', expect.stringContaining('fulltext')]);
    const form = await app.inject({ method: 'POST', url: '/api/feeds', payload: 'url=x', headers: { authorization: 'Bearer sekrit', 'content-type': 'application/x-www-form-urlencoded' } });
    expect([form.statusCode, form.json().error.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    const del = await app.inject({ method: 'DELETE', url: `/api/feeds/${ok.json().id}`, headers: { authorization: 'Bearer sekrit' } });
    expect(del.statusCode).toBe(204);
  });

  it('lists the taxonomy with counts and renders topic feeds', async () => {
    const list = (await app.inject('/api/topics')).json().topics;
    expect(list.find((t: { id: string }) => t.id === 'energy')).toMatchObject({ iptc: 'medtop:20000256', parent: 'economy', count: 2 });
    const xml = await app.inject('/api/topics/energy/feed.xml');
    expect(xml.headers['content-type']).toContain('application/rss+xml');
    expect(xml.body).toContain('<title>Story &lt;3&gt; &amp; more</title>');
    expect(xml.body).not.toContain('Story <2>');
    expect(xml.body).toContain('<source url="https://news.example/feed.xml">News</source>');
    expect((await app.inject('/api/topics/ENERGY/feed.xml')).statusCode).toBe(200);
    const json = (await app.inject('/api/topics/energy/feed.json')).json();
    expect(json.version).toBe('https://jsonfeed.org/version/1.1');
    expect(json.items.map((i: { id: string }) => i.id)).toEqual(['s3', 's1']);
    // The stored text, not only the summary, for feed readers.
    expect(xml.body).toContain('xmlns:content="http://purl.org/rss/1.0/modules/content/"');
    expect(xml.body).toContain('<content:encoded>&lt;p&gt;Text of story 3 about gas&lt;/p&gt;</content:encoded>');
    expect(json.items[0]).toMatchObject({ content_text: 'Text of story 3 about gas' });
  });

  it('names its own address in topic feeds under api.publicUrl when set, whatever Host or X-Forwarded-Host a client sends', async () => {
    const spoofed = { headers: { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'http' } };
    // Without publicUrl: as the request came (what a client sends).
    expect((await app.inject({ url: '/api/topics/energy/feed.json', ...spoofed })).json().feed_url).toBe('http://evil.example/api/topics/energy/feed.json');
    const pinned = await buildApp({ ...apiDeps, settings: { ...apiDeps.settings, publicUrl: 'https://news.example.com/feeds/' } });
    try {
      expect((await pinned.inject({ url: '/api/topics/energy/feed.json?language=en', ...spoofed })).json().feed_url).toBe('https://news.example.com/feeds/api/topics/energy/feed.json?language=en');
      const rss = (await pinned.inject({ url: '/api/topics/energy/feed.xml', ...spoofed })).body;
      expect(rss).toContain('<atom:link href="https://news.example.com/feeds/api/topics/energy/feed.xml" rel="self"');
      expect(rss).not.toContain('evil.example');
    } finally {
      await pinned.close();
    }
  });

  it('exposes Prometheus metrics: queue depth, stories, counters from Redis', async () => {
    const text = (await app.inject('/metrics')).body;
    expect(text).toContain('newsfeed_queue_jobs{queue="ingest",state="failed"} 1');
    expect(text).toContain('newsfeed_stories{kind="stories"} 3');
    expect(text).toContain('newsfeed_feeds{status="failing"} 1');
    expect(text).toContain('newsfeed_feeds{status="pending"} 1');
    expect(text).toContain('newsfeed_feeds{status="ok"} 1');
    expect(text).toContain('newsfeed_fetch_outcomes_total{outcome="2xx"} 5');
    expect(text).toContain('newsfeed_duplicates_total{match="near"} 2');
  });

  it('declares every counter in /metrics before it counts, and names process metrics once', async () => {
    const text = (await app.inject('/metrics')).body;
    expect(text).toContain('# HELP newsfeed_ingest_item_failures_total Items that failed to ingest for good (a permanent error, or no attempt left), each once, by error code\n# TYPE newsfeed_ingest_item_failures_total counter\n');
    expect(text).toContain('newsfeed_stories_stored_total 0');
    expect(text).toMatch(/^newsfeed_process_cpu_seconds_total \d/m);
    expect(text).toMatch(/^newsfeed_process_resident_memory_bytes \d/m);
    expect(text).toMatch(/^# TYPE newsfeed_nodejs_eventloop_lag_seconds gauge/m);
    expect(text).not.toContain('newsfeed_process_process_');
    expect(text).not.toContain('newsfeed_process_nodejs_');
  });

  it('answers health and readiness', async () => {
    expect((await app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    expect((await app.inject('/readyz')).json()).toEqual({ status: 'ready' });
  });

  it('streams new stories as server-sent events, filtered by topic (case-insensitive)', async () => {
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const received: string[] = [];
    const done = new Promise<void>((resolve, reject) => {
      const req = http.get(`${address}/api/stream?topic=SPORT`, (res) => {
        expect(res.headers['content-type']).toContain('text/event-stream');
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          received.push(chunk);
          if (received.join('').includes('event: story')) {
            req.destroy();
            resolve();
          }
        });
      });
      req.on('error', reject);
    });
    await new Promise((r) => setTimeout(r, 300));
    await createStoryEvents(redis, { prefix, maxEntries: 1000 }).append(['s1', 's2']);
    await done;
    const text = received.join('');
    expect(text).toMatch(/id: \d+-\d+\/1\n/);
    expect(text).toContain('"id":"s2"');
    expect(text).not.toContain('"id":"s1"');
  });
});
