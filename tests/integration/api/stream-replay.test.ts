import http from 'node:http';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ApiDeps } from '../../../src/api/api-deps.js';
import { buildApp } from '../../../src/api/build-app.js';
import { createStoryEvents, type StoryEvents } from '../../../src/queue/story-events.js';
import { openStore } from '../../../src/store/open-store.js';
import type { StoryStore, StoryWrite } from '../../../src/store/story-store.js';
import { REDIS_URL, deletePrefix, redisAvailable, uniqueName } from '../../helpers/services.js';
import { storyWrite } from '../../helpers/story-write.js';

const topics = [
  { id: 'energy', label: 'Energy', iptc: 'medtop:20000256', parent: null },
  { id: 'sport', label: 'Sport', iptc: 'medtop:15000000', parent: null },
];

/** Story `s<i>`; even ones are about Iran, odd ones about Putin. */
function write(i: number, topic: string): StoryWrite {
  const w = storyWrite({
    id: `s${i}`,
    publishedAt: `2025-01-30T08:${String(i).padStart(2, '0')}:00.000Z`,
    topics: [topic],
    title: i % 2 ? `Putin visits factory ${i}` : `Iran oil exports ${i}`,
    places: i % 2 ? ['Russia'] : ['Iran'],
    people: i % 2 ? ['Vladimir Putin'] : [],
  });
  w.story.language = i % 2 ? 'ru' : 'en';
  return w;
}

interface SseEvent {
  event: string;
  id: string | null;
  data: string;
}

/** Opens the stream and collects its events until `until` says enough (or `waitMs` pass). */
function readStream(base: string, path: string, headers: Record<string, string>, until: (events: SseEvent[]) => boolean, onOpen?: () => void, waitMs = 5000): Promise<SseEvent[]> {
  return new Promise((resolve, reject) => {
    const events: SseEvent[] = [];
    let buffer = '';
    const req = http.get(`${base}${path}`, { headers }, (res) => {
      res.setEncoding('utf8');
      onOpen?.();
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields = Object.fromEntries(block.split('\n').filter((l) => l && !l.startsWith(':')).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 2)]));
          if (fields.event) events.push({ event: fields.event, id: fields.id ?? null, data: fields.data ?? '' });
        }
        if (until(events)) {
          req.destroy();
          resolve(events);
        }
      });
      res.on('end', () => resolve(events));
    });
    req.on('error', reject);
    setTimeout(() => {
      req.destroy();
      resolve(events);
    }, waitMs).unref();
  });
}

const storyIds = (events: SseEvent[]) => events.filter((e) => e.event === 'story').map((e) => (JSON.parse(e.data) as { id: string }).id);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!redisAvailable)('GET /api/stream: the story-event log, filters, and resuming from Last-Event-ID', () => {
  let store: StoryStore;
  let redis: Redis;
  let prefix: string;
  let events: StoryEvents;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let base: string;
  /** Set by a test: runs while a replay reads the store. */
  let duringReplay: (() => Promise<void>) | null;

  const start = async (settings: Partial<ApiDeps['settings']> = {}) => {
    // The store as the route sees it, with a hook into its reads (a batch stored meanwhile).
    const slowed: StoryStore = Object.create(store) as StoryStore;
    slowed.queryStories = async (query) => {
      const page = await store.queryStories(query);
      const hook = duringReplay;
      duringReplay = null;
      await hook?.();
      return page;
    };
    app = await buildApp({
      store: slowed,
      log: pino({ level: 'silent' }),
      topics,
      settings: { apiToken: null, defaultLimit: 10, maxLimit: 50, queuePrefix: prefix, ...settings },
      storyEvents: createStoryEvents(redis, { prefix, maxEntries: 1000, connect: () => new Redis(REDIS_URL) }),
    });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  };
  /** Stores stories as an ingest batch does: written, then appended to the log. */
  const ingest = async (...batch: Array<[number, string]>) => {
    await store.writeStories(batch.map(([i, t]) => write(i, t)));
    await events.append(batch.map(([i]) => `s${i}`));
  };

  beforeAll(() => {
    redis = new Redis(REDIS_URL);
  });
  afterAll(() => redis.disconnect());
  beforeEach(async () => {
    prefix = uniqueName('stream');
    duringReplay = null;
    events = createStoryEvents(redis, { prefix, maxEntries: 1000 });
    store = await openStore('sqlite::memory:');
  });
  afterEach(async () => {
    await app.close();
    await store.close();
    await deletePrefix(redis, prefix);
  });

  it('sends each batch in its order, and a client that comes back gets what it missed, then the live ones, none twice', async () => {
    await ingest([1, 'energy']);
    await start();
    const first = await readStream(base, '/api/stream', {}, (e) => storyIds(e).length >= 3, () => void sleep(300).then(() => ingest([2, 'sport'], [3, 'energy'], [4, 'energy'])));
    expect(storyIds(first)).toEqual(['s2', 's3', 's4']);
    const ids = first.map((e) => e.id!);
    expect(ids[0]).toMatch(/^\d+-\d+\/0$/);
    expect(ids.slice(1).map((id) => id.split('/')[1])).toEqual(['1', '2']);
    // Gone after s2; s5 and s6 come meanwhile in two batches; back with s2's id.
    await ingest([5, 'energy']);
    await ingest([6, 'sport']);
    const back = await readStream(base, '/api/stream', { 'last-event-id': ids[0]! }, (e) => storyIds(e).length >= 5, () => void sleep(300).then(() => ingest([7, 'energy'])));
    expect(storyIds(back)).toEqual(['s3', 's4', 's5', 's6', 's7']);
    expect(back.map((e) => e.event)).not.toContain('resync');
  });

  it('takes the id from ?lastEventId= too, and replays only what the filters take, the limit counting those', async () => {
    for (let i = 1; i <= 8; i += 1) await ingest([i, i % 3 ? 'energy' : 'sport']);
    await start({ streamReplayMax: 2 });
    await ingest([9, 'energy']);
    // From the log's first entry (s1) onwards.
    const firstEntry = (await events.first())!;
    const iranian = await readStream(base, `/api/stream?entity=Iranian&lastEventId=${encodeURIComponent(`${firstEntry}/0`)}`, {}, (e) => e.some((x) => x.event === 'resync'));
    // Even stories after s1 are about Iran: s2, s4 (the limit of 2), then a resync to go on from s4.
    expect(storyIds(iranian)).toEqual(['s2', 's4']);
    const resync = JSON.parse(iranian.at(-1)!.data) as { reason: string; lastEventId: string };
    expect(resync.reason).toBe('more than 2 stories were missed; reconnect with lastEventId for the next ones');
    // The resync carries the id as its event id, and the response ends: EventSource comes back from there.
    expect(iranian.at(-1)!.id).toBe(resync.lastEventId);
    const next = await readStream(base, '/api/stream?entity=Iranian', { 'last-event-id': resync.lastEventId }, (e) => storyIds(e).length >= 2);
    expect(storyIds(next)).toEqual(['s6', 's8']);
    // The cut response ended by itself after the resync (no live event came through it).
    let late: Promise<void> | undefined;
    const ended = await readStream(base, `/api/stream?entity=Iranian&lastEventId=${encodeURIComponent(`${firstEntry}/0`)}`, {}, () => false, () => void (late = sleep(100).then(() => ingest([10, 'energy']))), 3000);
    expect(ended.map((e) => e.event)).toEqual(['story', 'story', 'resync']);
    await late; // not into the next test's store
    const putin = await readStream(base, `/api/stream?q=${encodeURIComponent('putin -"factory 3"')}&topic=energy`, { 'last-event-id': `${firstEntry}/0` }, (e) => storyIds(e).length >= 2);
    expect(storyIds(putin)).toEqual(['s5', 's7']);
  });

  it('filters by feed category, live and in the replay', async () => {
    await store.addFeed({ url: 'https://news.example/feed.xml', categories: ['Wires/Reuters'] }); // feed 1, every story's
    await ingest([1, 'energy'], [2, 'energy']);
    await start();
    const from = `${(await events.first())!}/0`;
    const wires = await readStream(base, '/api/stream?category=wires', { 'last-event-id': from }, (e) => storyIds(e).length >= 2, () => void sleep(200).then(() => ingest([3, 'sport'])));
    expect(storyIds(wires)).toEqual(['s2', 's3']);
    const other = await readStream(base, '/api/stream?category=Sports', { 'last-event-id': from }, () => false, () => void sleep(200).then(() => ingest([4, 'sport'])), 1500);
    expect(storyIds(other)).toEqual([]);
  });

  it('carries the stored text with include=text, live and in the replay, and only to the clients that ask', async () => {
    await ingest([1, 'energy'], [2, 'energy']);
    await start();
    const from = `${(await events.first())!}/0`;
    const texts = (events: SseEvent[]) => events.filter((e) => e.event === 'story').map((e) => (JSON.parse(e.data) as { text?: string }).text ?? null);
    const plain = readStream(base, '/api/stream', {}, (e) => storyIds(e).length >= 1);
    const [withText] = await Promise.all([
      readStream(base, '/api/stream?include=text', { 'last-event-id': from }, (e) => storyIds(e).length >= 2, () => void sleep(300).then(() => ingest([3, 'energy']))),
      plain,
    ]);
    expect(storyIds(withText)).toEqual(['s2', 's3']);
    expect(texts(withText)).toEqual(['Text of story s2', 'Text of story s3']);
    expect(texts(await plain)).toEqual([null]);
    const bad = await fetch(`${base}/api/stream?include=html`);
    expect([bad.status, ((await bad.json()) as { error: { code: string } }).error.code]).toEqual([400, 'QUERY_INVALID']);
  });

  it('filters by language and carries it with include=language, live and in the replay, only to the clients that ask', async () => {
    await ingest([1, 'energy'], [2, 'energy']);
    await start();
    const from = `${(await events.first())!}/0`;
    const languages = (events: SseEvent[]) => events.filter((e) => e.event === 'story').map((e) => (JSON.parse(e.data) as { language?: string }).language ?? null);
    const plain = readStream(base, '/api/stream?language=ru,uk', {}, (e) => storyIds(e).length >= 1);
    const [shown] = await Promise.all([
      readStream(base, '/api/stream?include=language', { 'last-event-id': from }, (e) => storyIds(e).length >= 2, () => void sleep(300).then(() => ingest([3, 'energy']))),
      plain,
    ]);
    expect(storyIds(shown)).toEqual(['s2', 's3']);
    expect(languages(shown)).toEqual(['en', 'ru']);
    expect(storyIds(await plain)).toEqual(['s3']);
    expect(languages(await plain)).toEqual([null]);
    const bad = await fetch(`${base}/api/stream?language=12`);
    expect([bad.status, ((await bad.json()) as { error: { code: string } }).error.code]).toEqual([400, 'QUERY_INVALID']);
  });

  it('sends a batch appended while the replay reads the store once, in order', async () => {
    await ingest([1, 'energy']);
    await ingest([2, 'energy']);
    await start();
    const from = `${(await events.first())!}/0`;
    duringReplay = async () => {
      await ingest([3, 'energy'], [4, 'energy']);
      await sleep(300);
    };
    const got = await readStream(base, '/api/stream', { 'last-event-id': from }, (e) => storyIds(e).length >= 3);
    await sleep(300);
    expect(storyIds(got)).toEqual(['s2', 's3', 's4']);
  });

  it('says to page with /api/stories when the log no longer reaches back to the id, or the id is not one of its own', async () => {
    await ingest([1, 'energy'], [2, 'energy']);
    await start();
    const trimmed = await readStream(base, '/api/stream', { 'last-event-id': '1-0/0' }, (e) => storyIds(e).length >= 2);
    expect(trimmed.map((e) => e.event)).toEqual(['resync', 'story', 'story']);
    expect(JSON.parse(trimmed[0]!.data)).toEqual({ reason: 'the stream no longer reaches back to this event; page what was missed with /api/stories', lastEventId: null });
    // An id beyond the log (another deployment's, or a log lost with Redis): a resync, then live stories.
    const beyond = await readStream(base, '/api/stream', { 'last-event-id': '9999999999999-0/0' }, (e) => storyIds(e).length >= 1, () => void sleep(300).then(() => ingest([3, 'energy'])));
    expect(beyond.map((e) => e.event)).toEqual(['resync', 'story']);
    expect(JSON.parse(beyond[0]!.data)).toEqual({ reason: 'this event is not in the stream; page what was missed with /api/stories', lastEventId: null });
    for (const id of ['s1', '2025-02-01T00:00:00.000Z/s1', 'nope']) {
      const unknown = await readStream(base, '/api/stream', { 'last-event-id': id }, (e) => e.length >= 1);
      expect(unknown.map((e) => e.event)).toEqual(['resync']);
      expect(JSON.parse(unknown[0]!.data)).toMatchObject({ lastEventId: null, reason: expect.stringContaining(`unknown last event id ${id}`) });
    }
  });

  it.each([
    ['entity=', 'QUERY_INVALID'],
    ['q=%25%25', 'QUERY_INVALID'],
    ['entity=Iran&entity=Russia', 'QUERY_INVALID'],
    ['lastEventId=a&lastEventId=b', 'QUERY_INVALID'],
    ['cluster=x', 'QUERY_INVALID'],
  ])('refuses %s before it opens', async (query, code) => {
    await start();
    const res = await app.inject({ url: `/api/stream?${query}` });
    expect([res.statusCode, res.json().error.code]).toEqual([400, code]);
  });
});
