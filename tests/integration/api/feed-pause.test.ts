import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/api/build-app.js';
import { main } from '../../../src/cli/main.js';
import { NEWSFEED_OPML_NS, parseOpml } from '../../../src/opml/parse-opml.js';
import { pollFeed } from '../../../src/pipeline/poll-feed.js';
import { createDueIndex, type DueIndex } from '../../../src/queue/due-index.js';
import { openStore } from '../../../src/store/open-store.js';
import type { StoryStore } from '../../../src/store/story-store.js';
import { memoryIo } from '../../helpers/cli-streams.js';
import { REDIS_URL, deletePrefix, redisAvailable, uniqueName } from '../../helpers/services.js';

const AUTH = { authorization: 'Bearer t0ken' };

describe.skipIf(!redisAvailable)('pausing and resuming a feed', () => {
  let dir: string;
  let databaseUrl: string;
  let store: StoryStore;
  let redis: Redis;
  let prefix: string;
  let dueIndex: DueIndex;
  beforeEach(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'newsfeed-pause-'));
    databaseUrl = `sqlite:${path.join(dir, 'db.sqlite')}`;
    store = await openStore(databaseUrl);
    redis = new Redis(REDIS_URL);
    prefix = uniqueName('pause');
    dueIndex = createDueIndex(redis, prefix);
  });
  afterEach(async () => {
    await store.close();
    await deletePrefix(redis, prefix);
    redis.disconnect();
    rmSync(dir, { recursive: true, force: true });
  });

  const app = () => buildApp({ store, dueIndex, log: pino({ level: 'silent' }), topics: [], settings: { apiToken: 't0ken', defaultLimit: 10, maxLimit: 50, queuePrefix: prefix } });

  it('POST /api/feeds/:id/pause stops its polls (schedule and store), /resume polls it again now; a retired feed resumes too', async () => {
    const { feed } = await store.addFeed({ url: 'https://news.example/feed.xml' });
    const { feed: gone } = await store.addFeed({ url: 'https://gone.example/feed.xml' });
    await store.updateFeed(gone.id, { status: 'retired', errorCount: 4, lastErrorCode: 'FETCH_GONE', lastErrorMessage: 'gone' });
    await dueIndex.schedule(feed.id, new Date());
    const api = await app();
    const paused = await api.inject({ method: 'POST', url: `/api/feeds/${feed.id}/pause`, headers: AUTH });
    expect(paused.json()).toMatchObject({ id: feed.id, status: 'paused', nextPoll: null });
    expect(await dueIndex.members()).toEqual([]);
    expect(await store.listFeedSchedule()).toEqual([]);
    expect((await api.inject({ url: '/api/stats' })).json()).toMatchObject({ feeds: { total: 2, paused: 1, retired: 1, ok: 0 } });
    // A poll already queued for it does nothing.
    const report = await pollFeed(feed.id, { store, schedule: { set: async () => {}, remove: async () => {} } } as never);
    expect(report).toMatchObject({ outcome: 'paused', newItems: 0 });

    for (const f of [feed, gone]) {
      const resumed = await api.inject({ method: 'POST', url: `/api/feeds/${f.url === feed.url ? feed.id : gone.id}/resume`, headers: AUTH });
      expect(resumed.json()).toMatchObject({ status: 'active', errorCount: 0 });
    }
    expect((await dueIndex.members()).sort()).toEqual([feed.id, gone.id].sort());
    expect((await store.listFeedSchedule()).map((f) => f.id).sort()).toEqual([feed.id, gone.id].sort());
    for (const [url, status, code] of [[`/api/feeds/999/pause`, 404, 'NOT_FOUND'], [`/api/feeds/${feed.id}/resume`, 200, undefined]] as const) {
      const res = await api.inject({ method: 'POST', url, headers: AUTH });
      expect(res.statusCode).toBe(status);
      if (code) expect((res.json() as { error: { code: string } }).error.code).toBe(code);
    }
    expect((await api.inject({ method: 'POST', url: `/api/feeds/${feed.id}/pause` })).statusCode).toBe(401);
    await api.close();
  });

  it('newsfeed feeds pause / resume URL|ID', async () => {
    const { feed } = await store.addFeed({ url: 'https://user:pw@news.example/feed.xml' });
    const env = { DATABASE_URL: databaseUrl, REDIS_URL, QUEUE_PREFIX: prefix };
    const run = async (...args: string[]) => {
      const m = memoryIo('', env);
      const code = await main(['feeds', ...args], m.io);
      return { code, out: m.out(), err: m.err() };
    };
    expect(await run('pause', String(feed.id))).toMatchObject({ code: 0, out: `paused: ${feed.id} https://user:***@news.example/feed.xml\n` });
    expect(await run('pause', 'https://user:pw@news.example/feed.xml')).toMatchObject({ code: 0, out: `unchanged (paused): ${feed.id} https://user:***@news.example/feed.xml\n` });
    expect((await store.getFeed(feed.id))!.status).toBe('paused');
    expect(await run('resume', String(feed.id))).toMatchObject({ code: 0, out: `resumed: ${feed.id} https://user:***@news.example/feed.xml\n` });
    expect(await dueIndex.members()).toEqual([feed.id]);
    expect(await run('resume', '42')).toMatchObject({ code: 1, err: expect.stringContaining('FEED_NOT_FOUND') });
    expect(await run('pause')).toMatchObject({ code: 2 });
  });

  it('full text per feed: POST /api/feeds {fullText}, PATCH /api/feeds/:id, feeds add --full-text and feeds full-text', async () => {
    const api = await app();
    const created = await api.inject({ method: 'POST', url: '/api/feeds', headers: AUTH, payload: { url: 'https://a.example/rss', fullText: true } });
    expect(created.json()).toMatchObject({ fullText: true });
    const id = (created.json() as { id: number }).id;
    expect((await api.inject({ method: 'PATCH', url: `/api/feeds/${id}`, headers: AUTH, payload: { fullText: false } })).json()).toMatchObject({ id, fullText: false });
    for (const [url, payload, status] of [[`/api/feeds/${id}`, { fullText: 'yes' }, 400], [`/api/feeds/${id}`, { title: 'x' }, 400], ['/api/feeds/999', { fullText: true }, 404]] as const) {
      expect((await api.inject({ method: 'PATCH', url, headers: AUTH, payload })).statusCode).toBe(status);
    }
    await api.close();
    const env = { DATABASE_URL: databaseUrl, REDIS_URL, QUEUE_PREFIX: prefix };
    const run = async (...args: string[]) => {
      const m = memoryIo('', env);
      return { code: await main(['feeds', ...args], m.io), out: m.out() };
    };
    expect(await run('add', '--full-text', 'https://b.example/rss')).toMatchObject({ code: 0 });
    const b = (await store.listFeeds()).find((f) => f.url === 'https://b.example/rss')!;
    expect(b.fullText).toBe(true);
    expect(await run('full-text', String(b.id), 'off')).toEqual({ code: 0, out: `full text off: ${b.id} https://b.example/rss\n` });
    expect((await store.getFeed(b.id))!.fullText).toBe(false);
    expect(await run('full-text', String(b.id), 'maybe')).toMatchObject({ code: 2 });
  });

  it('full-text selector per feed: set, kept, replaced and removed through the API and the CLI; refused when it is no selector this project reads', async () => {
    const api = await app();
    const post = (payload: object) => api.inject({ method: 'POST', url: '/api/feeds', headers: AUTH, payload });
    const patch = (id: number, payload: object) => api.inject({ method: 'PATCH', url: `/api/feeds/${id}`, headers: AUTH, payload });
    const created = await post({ url: 'https://a.example/rss', fullTextSelector: 'article .body' });
    // A selector asks for full text.
    expect(created.json()).toMatchObject({ fullText: true, fullTextSelector: 'article .body' });
    const id = (created.json() as { id: number }).id;
    expect((await patch(id, { fullText: false })).json()).toMatchObject({ fullText: false, fullTextSelector: 'article .body' });
    // A selector set asks for full text, unless fullText says otherwise.
    expect((await patch(id, { fullTextSelector: ' #story > p ' })).json()).toMatchObject({ fullText: true, fullTextSelector: '#story > p' });
    expect((await patch(id, { fullText: false, fullTextSelector: '#story' })).json()).toMatchObject({ fullText: false, fullTextSelector: '#story' });
    // POST of a feed already in the list applies the settings given, and keeps its title.
    const again = await post({ url: 'https://a.example/rss', fullTextSelector: '#story > p', title: 'Other' });
    expect([again.statusCode, again.json()]).toEqual([200, expect.objectContaining({ id, fullText: true, fullTextSelector: '#story > p', title: null })]);
    // The URL as the CLI reads it: one feed whatever the case of its scheme and host, or a fragment.
    const same = await post({ url: 'HTTPS://A.Example/rss#top', fullTextSelector: null });
    expect([same.statusCode, same.json()]).toEqual([200, expect.objectContaining({ id, url: 'https://a.example/rss', fullTextSelector: null })]);
    expect((await patch(id, { fullTextSelector: null })).json()).toMatchObject({ fullTextSelector: null });
    expect((await patch(id, { fullTextSelector: '.x' })).json()).toMatchObject({ fullTextSelector: '.x' });
    expect((await patch(id, { fullTextSelector: '' })).json()).toMatchObject({ fullTextSelector: null });
    for (const res of [await patch(id, { fullTextSelector: 'p:first-child' }), await post({ url: 'https://c.example/rss', fullTextSelector: 'h1 + p' })]) {
      expect([res.statusCode, res.json().error.code]).toEqual([400, 'FULLTEXT_SELECTOR_INVALID']);
    }
    expect([(await patch(id, {})).statusCode, (await post({ url: 'https://d.example/rss', fullTextSelector: '' })).json().fullTextSelector]).toEqual([400, null]);
    await api.close();

    const env = { DATABASE_URL: databaseUrl, REDIS_URL, QUEUE_PREFIX: prefix };
    const run = async (...args: string[]) => {
      const m = memoryIo('', env);
      return { code: await main(['feeds', ...args], m.io), out: m.out(), err: m.err() };
    };
    expect(await run('add', '--selector', '.story-body', 'https://b.example/rss')).toMatchObject({ code: 0 });
    const b = (await store.listFeeds()).find((f) => f.url === 'https://b.example/rss')!;
    expect(b).toMatchObject({ fullText: true, fullTextSelector: '.story-body' });
    expect(await run('full-text', String(b.id), 'off')).toMatchObject({ code: 0, out: `full text off (selector .story-body): ${b.id} https://b.example/rss\n` });
    expect(await run('full-text', String(b.id), 'on', '--selector', 'main article')).toMatchObject({ code: 0, out: `full text on (selector main article): ${b.id} https://b.example/rss\n` });
    expect(await run('full-text', String(b.id), 'on', '--no-selector')).toMatchObject({ code: 0, out: `full text on: ${b.id} https://b.example/rss\n` });
    expect(await store.getFeed(b.id)).toMatchObject({ fullText: true, fullTextSelector: null });
    expect(await run('full-text', String(b.id), 'on', '--selector', 'a:hover')).toMatchObject({ code: 1, err: expect.stringContaining('FULLTEXT_SELECTOR_INVALID: pseudo-classes') });
    expect(await run('add', '--selector', 'x ~ y', 'https://e.example/rss')).toMatchObject({ code: 1, err: expect.stringContaining('FULLTEXT_SELECTOR_INVALID') });
    expect((await store.listFeeds()).some((f) => f.url === 'https://e.example/rss')).toBe(false);
    expect(await run('full-text', String(b.id), 'on', '--selector', 'p', '--no-selector')).toMatchObject({ code: 2 });
    // add on a feed already in the list applies what it is given.
    expect(await run('add', '--selector', '.body', 'https://b.example/rss')).toMatchObject({ code: 0, out: `already present, full text on (selector .body): ${b.id} https://b.example/rss\n` });
    expect(await run('add', 'https://b.example/rss')).toMatchObject({ code: 0, out: `already present: ${b.id} https://b.example/rss\n` });
  });

  it('a fixed poll interval per feed: through the API, the CLI and OPML; a shorter one brings the next poll forward; refused when out of range', async () => {
    const api = await app();
    const post = (payload: object) => api.inject({ method: 'POST', url: '/api/feeds', headers: AUTH, payload });
    const patch = (id: number, payload: object) => api.inject({ method: 'PATCH', url: `/api/feeds/${id}`, headers: AUTH, payload });
    const created = await post({ url: 'https://wire.example/rss', fixedIntervalSec: 120 });
    expect([created.statusCode, created.json().fixedIntervalSec]).toEqual([201, 120]);
    const id = (created.json() as { id: number }).id;
    expect((await post({ url: 'https://adaptive.example/rss', fixedIntervalSec: 'adaptive' })).json()).toMatchObject({ fixedIntervalSec: null });
    // Due in an hour; a 5-minute interval brings that poll forward to at most 5 minutes from now.
    const later = new Date(Date.now() + 3_600_000);
    await store.updateFeed(id, { nextPollAt: later.toISOString() });
    await dueIndex.schedule(id, later);
    const before = Date.now();
    expect((await patch(id, { fixedIntervalSec: '5m' })).json()).toMatchObject({ id, fixedIntervalSec: 300 });
    const due = (await dueIndex.dueAt(id))!.getTime();
    expect(due).toBeGreaterThanOrEqual(before + 300_000);
    expect(due).toBeLessThanOrEqual(Date.now() + 300_000);
    expect(Date.parse((await store.getFeed(id))!.nextPollAt!)).toBe(due);
    // A longer one leaves the next poll where it is (it applies from that poll on).
    expect((await patch(id, { fixedIntervalSec: 7200 })).json()).toMatchObject({ fixedIntervalSec: 7200 });
    expect((await dueIndex.dueAt(id))!.getTime()).toBe(due);
    // Back to adaptive: polled now, the adaptive rule planning from that poll (not days away).
    await patch(id, { fixedIntervalSec: '31d' });
    await store.updateFeed(id, { nextPollAt: new Date(Date.now() + 30 * 86_400_000).toISOString() });
    await dueIndex.schedule(id, new Date(Date.now() + 30 * 86_400_000));
    expect((await patch(id, { fixedIntervalSec: null, fullText: true })).json()).toMatchObject({ fixedIntervalSec: null, fullText: true });
    expect((await dueIndex.dueAt(id))!.getTime()).toBeLessThanOrEqual(Date.now());
    // POSTing a feed in the list sets its interval as PATCH does (bringing its next poll forward), and null or "Adaptive" clears it.
    await store.updateFeed(id, { nextPollAt: later.toISOString() });
    await dueIndex.schedule(id, later);
    const again = await post({ url: 'https://wire.example/rss', fixedIntervalSec: 60 });
    expect([again.statusCode, again.json().fixedIntervalSec]).toEqual([200, 60]);
    expect((await dueIndex.dueAt(id))!.getTime()).toBeLessThanOrEqual(Date.now() + 60_000);
    expect((await post({ url: 'https://wire.example/rss', fixedIntervalSec: ' Adaptive ' })).json()).toMatchObject({ fixedIntervalSec: null });
    await patch(id, { fixedIntervalSec: 60 });
    expect((await post({ url: 'https://wire.example/rss', fixedIntervalSec: null })).json()).toMatchObject({ fixedIntervalSec: null });
    for (const res of [await patch(id, { fixedIntervalSec: 0 }), await patch(id, { fixedIntervalSec: '2 weeks' }), await post({ url: 'https://c.example/rss', fixedIntervalSec: 40 * 86_400 })]) {
      expect([res.statusCode, res.json().error.code]).toEqual([400, 'FEED_INTERVAL_INVALID']);
    }
    expect((await patch(id, { fixedIntervalSec: true })).statusCode).toBe(400);
    await api.close();

    const env = { DATABASE_URL: databaseUrl, REDIS_URL, QUEUE_PREFIX: prefix };
    const run = async (...args: string[]) => {
      const m = memoryIo('', env);
      return { code: await main(['feeds', ...args], m.io), out: m.out(), err: m.err() };
    };
    expect(await run('interval', String(id), '90')).toMatchObject({ code: 0, out: expect.stringMatching(new RegExp(`^interval \\(every 90s, next poll [^)]+\\): ${id} https://wire.example/rss\n$`)) });
    expect(await run('interval', 'https://wire.example/rss', '90s')).toMatchObject({ code: 0, out: expect.stringMatching(/^unchanged \(every 90s/) });
    expect((await run('list')).out).toContain('https://wire.example/rss  every 90s');
    expect(await run('interval', String(id), 'ADAPTIVE')).toMatchObject({ code: 0, out: expect.stringMatching(/^interval \(adaptive/) });
    expect(await run('interval', String(id), '0')).toMatchObject({ code: 1, err: expect.stringContaining('FEED_INTERVAL_INVALID') });
    expect(await run('interval', String(id))).toMatchObject({ code: 2 });
    expect(await run('interval', '999', '60')).toMatchObject({ code: 1, err: expect.stringContaining('FEED_NOT_FOUND') });
    expect(await run('add', '--interval', '2h', 'https://hourly.example/rss')).toMatchObject({ code: 0 });
    const hourly = (await store.listFeeds()).find((f) => f.url === 'https://hourly.example/rss')!;
    await dueIndex.schedule(hourly.id, later);
    expect(await run('add', '--interval', '1m', 'https://hourly.example/rss')).toMatchObject({ code: 0, out: expect.stringMatching(/^already present, every 1m: /) });
    expect((await dueIndex.dueAt(hourly.id))!.getTime()).toBeLessThanOrEqual(Date.now() + 60_000);
    expect(await run('add', '--interval', 'adaptive', 'https://hourly.example/rss')).toMatchObject({ code: 0, out: expect.stringMatching(/^already present, adaptive interval: /) });
    expect((await store.getFeed(hourly.id))!.fixedIntervalSec).toBeNull();
    await run('interval', String(hourly.id), '60');
    expect(await run('add', '--interval', 'soon', 'https://other.example/rss')).toMatchObject({ code: 1, err: expect.stringContaining('FEED_INTERVAL_INVALID') });
    const exported = (await run('export')).out;
    expect(exported).toContain('xmlUrl="https://hourly.example/rss" newsfeed:fixedIntervalSec="60"/>');
    expect(parseOpml(exported).find((f) => f.url === 'https://hourly.example/rss')).toMatchObject({ fixedIntervalSec: 60 });
    const bad = parseOpml(`<opml xmlns:n="${NEWSFEED_OPML_NS}"><body><outline xmlUrl="https://x.example/rss" n:fixedIntervalSec="never"/></body></opml>`);
    expect(bad[0]).toMatchObject({ warnings: [expect.stringMatching(/^interval never: give whole seconds .*: left out, the interval is adaptive$/)] });
    expect(bad[0]!.fixedIntervalSec).toBeUndefined();
  });

  it('GET /api/opml exports the feed list with its settings, POST /api/opml imports one and polls the new feeds at once', async () => {
    await store.addFeed({ url: 'https://user:pw@wire.example/rss', title: 'Wire', categories: ['Wires'], fixedIntervalSec: 60, blockRule: '^sponsored' });
    const api = await app();
    expect((await api.inject({ url: '/api/opml' })).statusCode).toBe(401);
    const exported = await api.inject({ url: '/api/opml', headers: AUTH });
    expect(exported.headers['content-type']).toContain('text/x-opml');
    expect(parseOpml(exported.body)).toEqual([expect.objectContaining({ url: 'https://user:pw@wire.example/rss', categories: ['Wires'], fixedIntervalSec: 60, blockRule: '^sponsored' })]);
    const opml = exported.body.replace('</body>', '<outline text="New" xmlUrl="https://new.example/rss" category="World"/><outline text="Bad" xmlUrl="ftp://bad.example/rss"/><outline text="Space" xmlUrl="http://bob:hunter2@exa mple.com/y"/></body>');
    const imported = await api.inject({ method: 'POST', url: '/api/opml', headers: { ...AUTH, 'content-type': 'text/x-opml' }, payload: opml });
    expect(imported.json()).toMatchObject({ added: 1, existing: 1, rejected: [{ url: 'ftp://bad.example/rss' }, { url: 'http://bob:***@exa mple.com/y' }], warnings: [] });
    expect(imported.body).not.toContain('hunter2');
    const added = (await store.listFeeds()).find((f) => f.url === 'https://new.example/rss')!;
    expect(await dueIndex.dueAt(added.id)).not.toBeNull();
    const small = await buildApp({ store, dueIndex, log: pino({ level: 'silent' }), topics: [], settings: { apiToken: 't0ken', defaultLimit: 10, maxLimit: 50, queuePrefix: prefix, opmlMaxBytes: 2048 } });
    const big = await small.inject({ method: 'POST', url: '/api/opml', headers: { ...AUTH, 'content-type': 'text/x-opml' }, payload: opml.padEnd(4096, ' ') });
    expect([big.statusCode, big.json().error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    await small.close();
    // Read in the encoding the document declares, as feeds are.
    const latin1 = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><opml version="2.0"><body><outline text="Caf\u00e9"><outline text="Le Caf\u00e9" xmlUrl="https://cafe.example/rss"/></outline></body></opml>', 'latin1');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<?xml version="1.0" encoding="UTF-16"?><opml version="2.0"><body><outline text="Ελλάδα" xmlUrl="https://greek.example/rss"/></body></opml>', 'utf16le')]);
    for (const [body, type] of [[latin1, 'application/xml'], [utf16, 'text/x-opml']] as const) {
      const res = await api.inject({ method: 'POST', url: '/api/opml', headers: { ...AUTH, 'content-type': type }, payload: body });
      expect([res.statusCode, res.json().added]).toEqual([200, 1]);
    }
    const byUrl = new Map((await store.listFeeds()).map((f) => [f.url, f]));
    expect(byUrl.get('https://cafe.example/rss')).toMatchObject({ title: 'Le Café', categories: ['Café'] });
    expect(byUrl.get('https://greek.example/rss')).toMatchObject({ title: 'Ελλάδα' });
    for (const [type, payload, code] of [['application/xml', '<html><body/></html>', 'OPML_INVALID'], ['text/plain', ' ', 'BAD_REQUEST']] as const) {
      const res = await api.inject({ method: 'POST', url: '/api/opml', headers: { ...AUTH, 'content-type': type }, payload });
      expect([res.statusCode, res.json().error.code]).toEqual([400, code]);
    }
    await api.close();
  });

  it('block and keep rules per feed: through the API, the CLI and OPML; refused when they are no regular expression', async () => {
    const api = await app();
    const post = (payload: object) => api.inject({ method: 'POST', url: '/api/feeds', headers: AUTH, payload });
    const patch = (id: number, payload: object) => api.inject({ method: 'PATCH', url: `/api/feeds/${id}`, headers: AUTH, payload });
    const created = await post({ url: 'https://a.example/rss', blockRule: '^sponsored:', keepRule: '' });
    expect(created.json()).toMatchObject({ blockRule: '^sponsored:', keepRule: null });
    const id = (created.json() as { id: number }).id;
    expect((await patch(id, { keepRule: 'iran|russia' })).json()).toMatchObject({ blockRule: '^sponsored:', keepRule: 'iran|russia' });
    expect((await patch(id, { blockRule: null, keepRule: '' })).json()).toMatchObject({ blockRule: null, keepRule: null });
    for (const res of [await patch(id, { blockRule: '(unclosed' }), await post({ url: 'https://c.example/rss', keepRule: '[z-a]' })]) {
      expect([res.statusCode, res.json().error.code]).toEqual([400, 'FEED_RULE_INVALID']);
    }
    await api.close();

    const env = { DATABASE_URL: databaseUrl, REDIS_URL, QUEUE_PREFIX: prefix };
    const run = async (...args: string[]) => {
      const m = memoryIo('', env);
      return { code: await main(['feeds', ...args], m.io), out: m.out(), err: m.err() };
    };
    expect(await run('rules', String(id))).toEqual({ code: 0, out: `rules of ${id} https://a.example/rss: block none, keep all\n`, err: '' });
    expect(await run('rules', 'https://a.example/rss', '--block', 'podcast|sponsored', '--keep', 'energy')).toMatchObject({ code: 0, out: `rules of ${id} https://a.example/rss: block /podcast|sponsored/i, keep /energy/i\n` });
    expect(await run('rules', String(id), '--no-keep')).toMatchObject({ out: `rules of ${id} https://a.example/rss: block /podcast|sponsored/i, keep all\n` });
    expect(await run('rules', String(id), '--block', '(')).toMatchObject({ code: 1, err: expect.stringContaining('FEED_RULE_INVALID: block rule: Invalid regular expression') });
    expect(await run('rules', String(id), '--block', 'x', '--no-block')).toMatchObject({ code: 2 });
    expect(await run('rules', '999')).toMatchObject({ code: 1, err: expect.stringContaining('FEED_NOT_FOUND') });
    const exported = (await run('export')).out;
    expect(exported).toContain('xmlUrl="https://a.example/rss" newsfeed:blockRule="podcast|sponsored"/>');
    expect(parseOpml(exported).find((f) => f.url === 'https://a.example/rss')).toMatchObject({ blockRule: 'podcast|sponsored' });
  });
});
