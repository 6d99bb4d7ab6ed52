import http from 'node:http';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { storyEventsChannel, type ApiDeps } from '../../../src/api/api-deps.js';
import { buildApp } from '../../../src/api/build-app.js';
import { openStore } from '../../../src/store/open-store.js';
import type { StoryStore, StoryWrite } from '../../../src/store/story-store.js';
import { REDIS_URL, redisAvailable, uniqueName } from '../../helpers/services.js';
import { storyWrite } from '../../helpers/story-write.js';

const topics = [
  { id: 'energy', label: 'Energy', iptc: 'medtop:20000256', parent: null },
  { id: 'sport', label: 'Sport', iptc: 'medtop:15000000', parent: null },
];

/** Story `s<i>`, stored at minute `i` of 2025-02-01; even ones are about Iran, odd ones about Putin. */
function write(i: number, topic: string): StoryWrite {
  const w = storyWrite({
    id: `s${i}`,
    publishedAt: `2025-01-3${i % 2}T08:00:00.000Z`,
    topics: [topic],
    title: i % 2 ? `Putin visits factory ${i}` : `Iran oil exports ${i}`,
    places: i % 2 ? ['Russia'] : ['Iran'],
    people: i % 2 ? ['Vladimir Putin'] : [],
  });
  return { ...w, ingestedAt: `2025-02-01T00:0${i}:00.000Z` };
}
const eventId = (i: number) => `2025-02-01T00:0${i}:00.000Z/s${i}`;

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
    });
    req.on('error', reject);
    setTimeout(() => {
      req.destroy();
      resolve(events);
    }, waitMs).unref();
  });
}

describe.skipIf(!redisAvailable)('GET /api/stream: filters and resuming from Last-Event-ID', () => {
  let store: StoryStore;
  let redis: Redis;
  let prefix: string;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let base: string;
  /** Set by a test: runs while the replay reads the store (a story stored meanwhile). */
  let duringReplay: (() => Promise<void>) | null;

  const start = async (settings: Partial<ApiDeps['settings']> = {}) => {
    const slowed: StoryStore = Object.create(store) as StoryStore;
    slowed.storiesIngestedAfter = async (after, opts) => {
      const missed = await store.storiesIngestedAfter(after, opts);
      await duringReplay?.();
      return missed;
    };
    app = await buildApp({
      store: slowed,
      log: pino({ level: 'silent' }),
      topics,
      settings: { apiToken: null, defaultLimit: 10, maxLimit: 50, queuePrefix: prefix, ...settings },
      subscribe: async (channel, onMessage) => {
        const sub = new Redis(REDIS_URL);
        await sub.subscribe(channel);
        sub.on('message', (_c, m) => onMessage(m));
        return async () => void sub.disconnect();
      },
    });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  };

  beforeAll(() => {
    redis = new Redis(REDIS_URL);
  });
  afterAll(() => redis.disconnect());
  beforeEach(async () => {
    prefix = uniqueName('stream');
    duringReplay = null;
    store = await openStore('sqlite::memory:');
    await store.writeStories([write(1, 'energy'), write(2, 'sport'), write(3, 'energy'), write(4, 'energy')]);
  });
  afterEach(async () => {
    await app.close();
    await store.close();
  });

  const stories = (events: SseEvent[]) => events.filter((e) => e.event === 'story').map((e) => e.id);

  it('sends the stories stored after the last event id, oldest first, with their ids, then the live ones', async () => {
    await start();
    const live = async () => {
      await store.writeStories([write(5, 'energy')]);
      await redis.publish(storyEventsChannel(prefix), JSON.stringify({ ids: ['s5'] }));
    };
    const events = await readStream(base, '/api/stream', { 'last-event-id': eventId(1) }, (e) => stories(e).length >= 4, () => void setTimeout(() => void live(), 300));
    expect(stories(events)).toEqual([eventId(2), eventId(3), eventId(4), eventId(5)]);
    expect(JSON.parse(events[0]!.data)).toMatchObject({ id: 's2', ingestedAt: '2025-02-01T00:02:00.000Z' });
  });

  it('replays only the topics asked for, from ?lastEventId= too, and from an id of the old form (a story id)', async () => {
    await start();
    expect(stories(await readStream(base, `/api/stream?topic=energy&lastEventId=${encodeURIComponent(eventId(1))}`, {}, (e) => stories(e).length >= 2))).toEqual([eventId(3), eventId(4)]);
    expect(stories(await readStream(base, '/api/stream', { 'last-event-id': 's3' }, (e) => stories(e).length >= 1))).toEqual([eventId(4)]);
  });

  it('sends a story stored while the replay reads the store once', async () => {
    await start();
    duringReplay = async () => {
      duringReplay = null;
      await store.writeStories([write(5, 'energy')]);
      await redis.publish(storyEventsChannel(prefix), JSON.stringify({ ids: ['s4', 's5'] }));
      await new Promise((r) => setTimeout(r, 200));
    };
    const events = await readStream(base, '/api/stream', { 'last-event-id': eventId(3) }, (e) => stories(e).length >= 2);
    await new Promise((r) => setTimeout(r, 200));
    expect(stories(events)).toEqual([eventId(4), eventId(5)]);
  });

  it('replays at most api.streamReplayMax, then says to resync with the id it stopped at', async () => {
    await start({ streamReplayMax: 2 });
    const events = await readStream(base, '/api/stream', { 'last-event-id': eventId(1) }, (e) => e.some((x) => x.event === 'resync'));
    expect(events.map((e) => e.event)).toEqual(['story', 'story', 'resync']);
    expect(stories(events)).toEqual([eventId(2), eventId(3)]);
    expect(JSON.parse(events[2]!.data)).toEqual({ reason: 'more than 2 stories were missed; page the rest with /api/stories', lastEventId: eventId(3) });
  });

  it('filters live and replayed stories by entity, q and feed as /api/stories does', async () => {
    await start();
    const live = async () => {
      await store.writeStories([write(5, 'energy'), write(6, 'energy')]);
      await redis.publish(storyEventsChannel(prefix), JSON.stringify({ ids: ['s5', 's6'] }));
    };
    const iranian = await readStream(base, '/api/stream?entity=Iranian', { 'last-event-id': eventId(1) }, (e) => stories(e).length >= 3, () => void setTimeout(() => void live(), 300));
    expect(stories(iranian)).toEqual([eventId(2), eventId(4), eventId(6)]);
    const putin = await readStream(base, `/api/stream?q=${encodeURIComponent('putin -"factory 3"')}&topic=energy`, { 'last-event-id': eventId(0) }, (e) => stories(e).length >= 2);
    expect(stories(putin)).toEqual([eventId(1), eventId(5)]);
    const byFeed = await readStream(base, '/api/stream?feed=https%3A%2F%2Fother.example%2Ffeed.xml', { 'last-event-id': eventId(0) }, () => false, undefined, 1000);
    expect(stories(byFeed)).toEqual([]);
  });

  it.each([
    ['entity=', 'QUERY_INVALID'],
    ['q=%25%25', 'QUERY_INVALID'],
    ['entity=Iran&entity=Russia', 'QUERY_INVALID'],
    ['cluster=x', 'QUERY_INVALID'],
  ])('refuses %s before it opens', async (query, code) => {
    await start();
    const res = await app.inject({ url: `/api/stream?${query}` });
    expect([res.statusCode, res.json().error.code]).toEqual([400, code]);
  });

  it('replays nothing for an id it does not know, and nothing without one', async () => {
    await start();
    for (const headers of [{ 'last-event-id': 'nope' }, {}] as Array<Record<string, string>>) {
      const events = await readStream(base, '/api/stream', headers, () => false, undefined, 1000);
      expect(events).toEqual([]);
    }
  });
});
