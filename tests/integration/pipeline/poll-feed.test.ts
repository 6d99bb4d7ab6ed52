import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fetchFeed } from '../../../src/fetch/fetch-feed.js';
import { createMemoryHostLimiter } from '../../../src/fetch/host-limiter.js';
import { createMemoryCounters } from '../../../src/metrics/counters.js';
import { parseFeed } from '../../../src/parse/parse-feed.js';
import { createIngestBatcher } from '../../../src/pipeline/ingest-batcher.js';
import { pollFeed, pollFeedOrDefer, type PollDeps } from '../../../src/pipeline/poll-feed.js';
import { createRedisSeenFilter } from '../../../src/pipeline/seen-filter.js';
import { createPollSlots } from '../../../src/pipeline/poll-slots.js';
import { createDueIndex } from '../../../src/queue/due-index.js';
import { createQueues, type ServiceQueues } from '../../../src/queue/queues.js';
import { openStore } from '../../../src/store/open-store.js';
import type { StoryStore } from '../../../src/store/story-store.js';
import { readFileSync } from 'node:fs';
import { addFullText } from '../../../src/fulltext/add-full-text.js';
import { decideFailure } from '../../../workers/retry-policy.js';
import { REDIS_URL, redisAvailable, uniqueName, deletePrefix } from '../../helpers/services.js';

function rss(items: string[]): string {
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Test feed</title><link>http://example.test/</link><ttl>30</ttl>${items
    .map((g) => `<item><guid>${g}</guid><title>Title ${g}</title><link>http://example.test/${g}?utm_source=rss</link><description>Body of ${g}.</description><pubDate>Fri, 17 Jan 2025 10:00:00 GMT</pubDate></item>`)
    .join('')}</channel></rss>`;
}

describe.skipIf(!redisAvailable)('pollFeed against a local HTTP server and the real Redis', () => {
  let server: http.Server;
  let base: string;
  let redis: Redis;
  let store: StoryStore;
  let queues: ServiceQueues;
  let prefix: string;
  let deps: PollDeps;
  let counters: ReturnType<typeof createMemoryCounters>;
  const routes = new Map<string, http.RequestListener>();

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const route = routes.get(new URL(req.url!, 'http://x').pathname);
      if (route) route(req, res);
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    redis = new Redis(REDIS_URL);
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    redis.disconnect();
  });

  beforeEach(async () => {
    prefix = uniqueName('poll');
    routes.clear();
    store = await openStore('sqlite::memory:');
    queues = createQueues(redis, { prefix, ingestAttempts: 1, ingestBackoffMs: 0 });
    counters = createMemoryCounters();
    const due = createDueIndex(redis, prefix);
    deps = {
      store,
      fetch: (req) => fetchFeed(req, { allowPrivateNetworks: true, limits: { totalTimeoutMs: 2000, maxBytes: 100_000 } }),
      parse: (body, opts) => parseFeed(body, opts),
      seen: createRedisSeenFilter(redis, prefix),
      // One job per poll, 2 items per job at most: how a poll's items are cut into jobs is visible.
      enqueueItems: (feed, items) => createIngestBatcher({ enqueue: (b) => queues.enqueueIngest(b), maxItems: 2, maxWaitMs: 0 }).add(feed, items),
      schedule: { set: (id, at) => due.schedule(id, at), remove: (ids) => due.remove(ids) },
      decideFailure,
      counters,
      settings: { maxItemChars: 10_000, policy: {} },
      log: pino({ level: 'silent' }),
      now: () => new Date('2025-01-17T12:00:00Z'),
    };
  });
  afterEach(async () => {
    await queues.ingest.obliterate({ force: true });
    await queues.close();
    await store.close();
    await deletePrefix(redis, prefix);
  });

  const jobIds = async () => (await queues.ingest.getJobs(['waiting', 'delayed', 'active'])).map((j) => j.id).sort();

  it('with full text on, takes the article of each summary-only item from its page; pages that fail or hold none leave the item as it is', async () => {
    const page = readFileSync(new URL('../../fixtures/fulltext/news-page.html', import.meta.url));
    routes.set('/summaries.xml', (_req, res) => {
      const items = ['cyclone', 'broken', 'empty', 'latin']
        .map((g) => `<item><guid>${g}</guid><title>Title ${g}</title><link>${base}/article/${g}</link><description>Teaser of ${g}.</description></item>`)
        .join('');
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(`<rss version="2.0"><channel><title>Summaries</title>${items}</channel></rss>`);
    });
    routes.set('/article/cyclone', (_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page));
    routes.set('/article/broken', (_req, res) => res.writeHead(500).end());
    // windows-1252, declared only in the page's <meta>: "Café" is one byte 0xE9.
    const latin = `<html><head><meta charset="windows-1252"></head><body><article>${'<p>Le Café de Flore, à Paris, a rouvert ses portes lundi après des travaux qui ont duré plusieurs mois, selon la direction.</p>'.repeat(4)}</article></body></html>`;
    routes.set('/article/latin', (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(Buffer.from(latin, 'latin1')));
    routes.set('/article/empty', (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body><nav>Home</nav></body></html>'));
    const { feed } = await store.addFeed({ url: `${base}/summaries.xml`, fullText: true });
    const { feed: plain } = await store.addFeed({ url: `${base}/summaries.xml?plain` });
    const withFullText: PollDeps = {
      ...deps,
      fullText: (items) => addFullText(items, { fetchPage: async (url) => fetchFeed({ url }, { allowPrivateNetworks: true }) as Promise<{ body: Uint8Array; contentType: string | null }>, settings: { maxPerPoll: 10, minWords: 150, concurrency: 2, budgetMs: 20_000 }, counters, log: pino({ level: 'silent' }) }),
    };
    expect(await pollFeed(feed.id, withFullText)).toMatchObject({ outcome: 'updated', newItems: 4 });
    const items = (await queues.ingest.getJobs(['waiting'])).flatMap((j) => j.data.items as Array<{ guid: string; contentHtml: string; summary: string }>);
    const byGuid = Object.fromEntries(items.map((i) => [i.guid, i]));
    expect(byGuid.cyclone!.contentHtml).toMatch(/^<p>Cyclone Mara made landfall near the port city of Beira/);
    expect(byGuid.cyclone!.contentHtml).not.toContain('Related stories');
    expect(byGuid.cyclone!.summary).toBe('Teaser of cyclone.');
    expect(byGuid.broken!.contentHtml).toBe('');
    expect(byGuid.empty!.contentHtml).toBe('');
    expect(byGuid.latin!.contentHtml).toContain('Le Café de Flore, à Paris');
    expect(Object.fromEntries([...counters.snapshot()].filter(([k]) => k.startsWith('articlesFetched')))).toEqual({
      'articlesFetched|outcome=extracted': 2,
      'articlesFetched|outcome=no-article': 1,
      'articlesFetched|code=HTTP_STATUS|outcome=failed': 1,
    });
    // A feed with full text off fetches no page.
    await pollFeed(plain.id, withFullText);
    expect([...counters.snapshot()].filter(([k]) => k.startsWith('articlesFetched')).reduce((n, [, v]) => n + v, 0)).toBe(4);
  });

  it("with a full-text selector, takes what it names on each page (counted as selected), and the reader heuristic where it names nothing", async () => {
    const page = readFileSync(new URL('../../fixtures/fulltext/news-page.html', import.meta.url));
    routes.set('/selected.xml', (_req, res) => {
      const items = ['cyclone', 'redesigned'].map((g) => `<item><guid>${g}</guid><title>Title ${g}</title><link>${base}/story/${g}</link><description>Teaser.</description></item>`).join('');
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(`<rss version="2.0"><channel><title>Selected</title>${items}</channel></rss>`);
    });
    routes.set('/story/cyclone', (_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page));
    // The site changed its markup: the selector names nothing there any more.
    routes.set('/story/redesigned', (_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page.toString('utf8').replaceAll('story-body', 'article-text').replace('<div class="byline">', '<div class="credit">')));
    const { feed } = await store.addFeed({ url: `${base}/selected.xml`, fullText: true, fullTextSelector: '.byline, .story-body > h2' });
    const withFullText: PollDeps = {
      ...deps,
      fullText: (items, f) => addFullText(items, { selector: f.selector, fetchPage: async (url) => fetchFeed({ url }, { allowPrivateNetworks: true }) as Promise<{ body: Uint8Array; contentType: string | null }>, settings: { maxPerPoll: 10, minWords: 150, concurrency: 2, budgetMs: 20_000 }, counters, log: pino({ level: 'silent' }) }),
    };
    await pollFeed(feed.id, withFullText);
    const items = (await queues.ingest.getJobs(['waiting'])).flatMap((j) => j.data.items as Array<{ guid: string; contentHtml: string }>);
    const byGuid = Object.fromEntries(items.map((i) => [i.guid, i.contentHtml]));
    expect(byGuid.cyclone).toBe('<p>By Ana Costa, 3 March 2025</p><h2>Farms flooded before the harvest</h2>');
    expect(byGuid.redesigned).toMatch(/^<p>Cyclone Mara made landfall/);
    expect(Object.fromEntries([...counters.snapshot()].filter(([k]) => k.startsWith('articlesFetched')))).toEqual({ 'articlesFetched|outcome=selected': 1, 'articlesFetched|outcome=extracted': 1 });
  });

  it("drops the new items its feed's block and keep rules refuse, counted, before any article page is fetched for them", async () => {
    routes.set('/ruled.xml', (_req, res) => {
      const items = [
        ['a', 'Russia and Iran sign treaty'],
        ['b', 'Sponsored: the best VPNs'],
        ['c', 'Energy prices fall'],
        ['d', 'Match report'],
      ]
        .map(([g, t]) => `<item><guid>${g}</guid><title>${t}</title><link>${base}/page/${g}</link><description>Teaser.</description></item>`)
        .join('');
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(`<rss version="2.0"><channel><title>Ruled</title>${items}</channel></rss>`);
    });
    const pages: string[] = [];
    const { feed } = await store.addFeed({ url: `${base}/ruled.xml`, fullText: true, blockRule: '^sponsored:', keepRule: 'treaty|energy|sponsored' });
    const withFullText: PollDeps = {
      ...deps,
      fullText: async (items) => {
        pages.push(...items.map((i) => i.url!));
        return items;
      },
    };
    expect(await pollFeed(feed.id, withFullText)).toMatchObject({ outcome: 'updated', newItems: 2 });
    const items = (await queues.ingest.getJobs(['waiting'])).flatMap((j) => j.data.items as Array<{ guid: string }>);
    expect(items.map((i) => i.guid).sort()).toEqual(['a', 'c']);
    expect(pages).toEqual([`${base}/page/a`, `${base}/page/c`]);
    expect(counters.snapshot().get('itemsBlocked')).toBe(2);
    // Dropped items are seen: the next poll of the same document queues nothing.
    await store.updateFeed(feed.id, { bodyHash: null, blockRule: null, keepRule: null });
    expect(await pollFeed(feed.id, withFullText)).toMatchObject({ newItems: 0 });
  });

  it("queues a credentialed feed's items under its URL with the password masked: nothing but the feeds table keeps it", async () => {
    routes.set('/private.xml', (_req, res) => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss(['p'])));
    const url = base.replace('http://', 'http://reader:s3cr3t@') + '/private.xml';
    const { feed } = await store.addFeed({ url });
    await pollFeed(feed.id, deps);
    const jobs = await queues.ingest.getJobs(['waiting']);
    expect(JSON.stringify(jobs.map((j) => j.data))).not.toContain('s3cr3t');
    expect(jobs[0]!.data).toMatchObject({ feedId: feed.id, feedUrl: url.replace('s3cr3t', '***') });
  });

  it('queues new items in batches, then answers 304 with no work, and records validators and schedule', async () => {
    let body = rss(['a', 'b', 'c']);
    routes.set('/feed.xml', (req, res) => {
      if (req.headers['if-none-match'] === '"v1"' && body === rss(['a', 'b', 'c'])) return void res.writeHead(304, { etag: '"v1"' }).end();
      res.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"v1"' }).end(body);
    });
    const { feed } = await store.addFeed({ url: `${base}/feed.xml` });
    const first = await pollFeed(feed.id, deps);
    expect(first).toMatchObject({ outcome: 'updated', newItems: 3 });
    const jobs = await queues.ingest.getJobs(['waiting']);
    expect(jobs.map((j) => j.data.items.length).sort()).toEqual([1, 2]);
    expect(jobs.flatMap((j) => (j.data.items as Array<{ key: string; canonicalUrl: string }>).map((i) => [i.key, i.canonicalUrl]))).toContainEqual([`${feed.id}:a`, 'http://example.test/a']);
    const stored = await store.getFeed(feed.id);
    expect(stored).toMatchObject({ etag: '"v1"', status: 'active', title: 'Test feed', errorCount: 0, lastNewItemAt: '2025-01-17T12:00:00.000Z' });
    // ttl 30 minutes is a floor for the next poll.
    expect(new Date(stored!.nextPollAt!).getTime() - Date.parse('2025-01-17T12:00:00Z')).toBeGreaterThanOrEqual(30 * 60_000);
    expect(await createDueIndex(redis, prefix).dueAt(feed.id)).toEqual(new Date(stored!.nextPollAt!));

    const later = { ...deps, now: () => new Date('2025-01-17T13:00:00Z') };
    const second = await pollFeed(feed.id, later);
    expect(second).toMatchObject({ outcome: 'unchanged', newItems: 0 });
    expect(await jobIds()).toHaveLength(2);
    // A poll that finds nothing new leaves when the feed last brought something.
    expect(await store.getFeed(feed.id)).toMatchObject({ lastPolledAt: '2025-01-17T13:00:00.000Z', lastNewItemAt: '2025-01-17T12:00:00.000Z' });

    body = rss(['d', 'a', 'b', 'c']);
    const third = await pollFeed(feed.id, deps);
    expect(third).toMatchObject({ outcome: 'updated', newItems: 1 });
    expect(await jobIds()).toHaveLength(3);
    expect(counters.snapshot().get('fetchOutcomes|outcome=304')).toBe(1);
  });

  it("polls a feed with a fixed interval after that interval, whatever its ttl says, and records it in the store and the schedule", async () => {
    routes.set('/fixed.xml', (_req, res) => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss(['a'])));
    const { feed } = await store.addFeed({ url: `${base}/fixed.xml`, fixedIntervalSec: 120 });
    expect(await pollFeed(feed.id, deps)).toMatchObject({ outcome: 'updated', newItems: 1 });
    const stored = (await store.getFeed(feed.id))!;
    // ttl 30 minutes would have been a floor; the operator's 2 minutes (±10% jitter) wins.
    const waitSec = (Date.parse(stored.nextPollAt!) - Date.parse('2025-01-17T12:00:00Z')) / 1000;
    expect(waitSec).toBeGreaterThanOrEqual(108);
    expect(waitSec).toBeLessThanOrEqual(132);
    expect(stored).toMatchObject({ fixedIntervalSec: 120, pollIntervalSec: waitSec });
    expect(await createDueIndex(redis, prefix).dueAt(feed.id)).toEqual(new Date(stored.nextPollAt!));
  });

  it('takes items that only changed their date as changed, not as new: lastNewItemAt stays', async () => {
    let date = 'Fri, 17 Jan 2025 10:00:00 GMT';
    routes.set('/restamped.xml', (_req, res) => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss(['x']).replace(/<pubDate>[^<]*</, `<pubDate>${date}<`)));
    const { feed } = await store.addFeed({ url: `${base}/restamped.xml` });
    await pollFeed(feed.id, deps);
    date = 'Fri, 17 Jan 2025 11:00:00 GMT';
    const later = { ...deps, now: () => new Date('2025-01-17T13:00:00Z') };
    expect(await pollFeed(feed.id, later)).toMatchObject({ outcome: 'updated', newItems: 1 });
    expect(await store.getFeed(feed.id)).toMatchObject({ lastSuccessAt: '2025-01-17T13:00:00.000Z', lastNewItemAt: '2025-01-17T12:00:00.000Z' });
  });

  it('treats the same body without a 304 as unchanged, and re-queues nothing twice', async () => {
    routes.set('/plain.xml', (_req, res) => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss(['x', 'y'])));
    const { feed } = await store.addFeed({ url: `${base}/plain.xml` });
    await pollFeed(feed.id, deps);
    const before = await jobIds();
    expect(await pollFeed(feed.id, deps)).toMatchObject({ outcome: 'unchanged' });
    // Even when the seen-filter is lost, deterministic job ids keep the queue free of repeats.
    await deps.seen.forget(feed.id);
    await store.updateFeed(feed.id, { bodyHash: null });
    await pollFeed(feed.id, deps);
    expect(await jobIds()).toEqual(before);
  });

  it.each([
    ['/500', (_q: http.IncomingMessage, s: http.ServerResponse) => s.writeHead(500).end('boom'), 'HTTP_STATUS', 'failing'],
    ['/html', (_q: http.IncomingMessage, s: http.ServerResponse) => s.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>hi</body></html>'), 'PARSE_NOT_A_FEED', 'failing'],
    ['/cut', (_q: http.IncomingMessage, s: http.ServerResponse) => s.writeHead(200).end('<?xml version="1.0"?><rss><chan'), null, null],
    ['/truncated', (_q: http.IncomingMessage, s: http.ServerResponse) => s.writeHead(200).end(rss(['a', 'b']).slice(0, -60)), 'PARSE_TRUNCATED', 'failing'],
    ['/gone', (_q: http.IncomingMessage, s: http.ServerResponse) => s.writeHead(410).end(), 'FETCH_GONE', 'retired'],
    ['/huge', (_q: http.IncomingMessage, s: http.ServerResponse) => s.writeHead(200).end(Buffer.alloc(200_000, 'x')), 'FETCH_TOO_LARGE', 'failing'],
  ])('records a coded error for %s and never throws', async (path, handler, code, status) => {
    routes.set(path, handler);
    const { feed } = await store.addFeed({ url: `${base}${path}` });
    const report = await pollFeed(feed.id, deps);
    const stored = (await store.getFeed(feed.id))!;
    if (code === null) {
      // A document cut before any item is refused or recovered empty, with a PARSE_ code either way.
      expect(report.error?.code).toMatch(/^PARSE_/);
      return;
    }
    if (code === 'PARSE_TRUNCATED') {
      // The complete item before the cut is kept; the cut one is not.
      const items = (await queues.ingest.getJobs(['waiting'])).flatMap((j) => j.data.items as Array<{ guid: string }>);
      expect(items.map((i) => i.guid)).toEqual(['a']);
      expect(stored.lastNewItemAt).toBe('2025-01-17T12:00:00.000Z');
    }
    expect(report.error?.code).toBe(code);
    expect(stored).toMatchObject({ status, lastErrorCode: code, errorCount: 1 });
    const dueAt = await createDueIndex(redis, prefix).dueAt(feed.id);
    if (status === 'retired') expect(dueAt).toBeNull();
    else expect(dueAt!.getTime()).toBeGreaterThan(Date.parse('2025-01-17T12:00:00Z'));
  });

  it("names, in the feed's last error, the feed that the HTML page it serves links to", async () => {
    routes.set('/site', (_q, s) => s.writeHead(200, { 'content-type': 'text/html' }).end('<html><head><link rel="alternate" type="application/rss+xml" href="/site/feed.xml"></head><body>hi</body></html>'));
    const { feed } = await store.addFeed({ url: `${base}/site` });
    await pollFeed(feed.id, deps);
    expect(await store.getFeed(feed.id)).toMatchObject({ lastErrorCode: 'PARSE_NOT_A_FEED', lastErrorMessage: `document is an HTML page; it announces the feed ${base}/site/feed.xml` });
  });

  it('backs off a failing feed exponentially and clears the error on success', async () => {
    let fail = true;
    routes.set('/flaky', (_q, s) => (fail ? s.writeHead(503).end() : s.writeHead(200).end(rss(['a']))));
    const { feed } = await store.addFeed({ url: `${base}/flaky` });
    const gaps: number[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await pollFeed(feed.id, deps);
      gaps.push(Date.parse(r.nextPollAt!) - Date.parse('2025-01-17T12:00:00Z'));
    }
    expect(gaps[1]!).toBeGreaterThan(gaps[0]! * 1.5);
    expect(gaps[2]!).toBeGreaterThan(gaps[1]! * 1.5);
    expect((await store.getFeed(feed.id))!.errorCount).toBe(3);
    fail = false;
    await pollFeed(feed.id, deps);
    expect(await store.getFeed(feed.id)).toMatchObject({ status: 'active', errorCount: 0, lastErrorCode: null });
  });

  it('defers a poll whose host has no free slot: back in seconds, no error counted, the next poll recorded', async () => {
    let requests = 0;
    routes.set('/busy', (_q, s) => (requests++, s.writeHead(200).end(rss(['a']))));
    const { feed } = await store.addFeed({ url: `${base}/busy` });
    const hostLimiter = createMemoryHostLimiter({ maxPerHost: 1 });
    const held = await hostLimiter.acquire('127.0.0.1', { timeoutMs: 100 });
    const busyDeps: PollDeps = {
      ...deps,
      fetch: (req) => fetchFeed(req, { allowPrivateNetworks: true, hostLimiter, limits: { totalTimeoutMs: 2000, maxBytes: 100_000, hostWaitMs: 50 } }),
    };
    const report = await pollFeed(feed.id, busyDeps);
    expect(report).toMatchObject({ outcome: 'deferred', error: { code: 'FETCH_HOST_BUSY' } });
    const waitSec = (Date.parse(report.nextPollAt!) - Date.parse('2025-01-17T12:00:00Z')) / 1000;
    expect(waitSec).toBeGreaterThanOrEqual(4);
    expect(waitSec).toBeLessThanOrEqual(6);
    expect(requests).toBe(0);
    expect(await store.getFeed(feed.id)).toMatchObject({ status: 'active', errorCount: 0, lastErrorCode: null, nextPollAt: report.nextPollAt });
    expect(counters.snapshot().get('fetchOutcomes|code=FETCH_HOST_BUSY|outcome=deferred')).toBe(1);
    await held!.release();
    expect(await pollFeed(feed.id, busyDeps)).toMatchObject({ outcome: 'updated', newItems: 1 });
  });

  it('defers the poll of a failing feed when every slot for failing feeds is taken, never a healthy one', async () => {
    let requests = 0;
    routes.set('/up', (_q, s) => (requests++, s.writeHead(200).end(rss(['a']))));
    const { feed: failing } = await store.addFeed({ url: `${base}/up?failing` });
    const { feed: healthy } = await store.addFeed({ url: `${base}/up?healthy` });
    await store.updateFeed(failing.id, { status: 'failing', errorCount: 3, lastErrorCode: 'FETCH_TIMEOUT' });
    const failingSlots = createPollSlots(1);
    const held = failingSlots.tryTake()!;
    const limited: PollDeps = { ...deps, failingSlots };
    const report = await pollFeed(failing.id, limited);
    expect(report).toMatchObject({ outcome: 'deferred', error: { code: 'FETCH_SLOTS_BUSY' } });
    expect((Date.parse(report.nextPollAt!) - Date.parse('2025-01-17T12:00:00Z')) / 1000).toBeGreaterThanOrEqual(54);
    expect(await store.getFeed(failing.id)).toMatchObject({ status: 'failing', errorCount: 3, lastErrorCode: 'FETCH_TIMEOUT', nextPollAt: report.nextPollAt });
    expect(counters.snapshot().get('fetchOutcomes|code=FETCH_SLOTS_BUSY|outcome=deferred')).toBe(1);
    expect(await pollFeed(healthy.id, limited)).toMatchObject({ outcome: 'updated' });
    expect(requests).toBe(1);
    held();
    expect(await pollFeed(failing.id, limited)).toMatchObject({ outcome: 'updated' });
    // Its slot is given back when the poll ends.
    expect(failingSlots.taken).toBe(0);
  });

  it('puts a feed whose poll stopped on the store back in the schedule after deferIntervalSec, not the lease', async () => {
    routes.set('/ok', (_q, s) => s.writeHead(200).end(rss(['a'])));
    const { feed } = await store.addFeed({ url: `${base}/ok` });
    const due = createDueIndex(redis, prefix);
    // The scheduler's claim leased it 5 minutes ahead.
    await due.schedule(feed.id, new Date('2025-01-17T12:05:00Z'));
    const outage = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const down: PollDeps = { ...deps, store: { ...store, getFeed: async () => Promise.reject(outage), updateFeed: (id, patch) => store.updateFeed(id, patch), listFeeds: () => store.listFeeds() }, settings: { ...deps.settings, policy: { deferIntervalSec: 30 } } };
    await expect(pollFeedOrDefer(feed.id, down)).rejects.toThrow('ECONNREFUSED');
    expect(await due.dueAt(feed.id)).toEqual(new Date('2025-01-17T12:00:30Z'));
    expect((await store.getFeed(feed.id))!.nextPollAt).toBe('2025-01-17T12:00:30.000Z');
    expect(counters.snapshot().get('pollsInterrupted|code=ECONNREFUSED')).toBe(1);
    // Redis down as well: the error is still the poll's, and nothing else is thrown.
    const both: PollDeps = { ...down, schedule: { set: async () => Promise.reject(new Error('Connection is closed.')), remove: async () => {} }, store: { ...down.store, updateFeed: async () => Promise.reject(outage) } };
    await expect(pollFeedOrDefer(feed.id, both)).rejects.toBe(outage);
    // A healthy poll is pollFeed's.
    expect(await pollFeedOrDefer(feed.id, deps)).toMatchObject({ outcome: 'updated', newItems: 1 });
  });

  it('moves the stored URL after permanent redirects only', async () => {
    routes.set('/old', (_q, s) => s.writeHead(301, { location: '/new' }).end());
    routes.set('/temp', (_q, s) => s.writeHead(302, { location: '/new' }).end());
    routes.set('/new', (_q, s) => s.writeHead(200).end(rss(['a'])));
    const { feed: moved } = await store.addFeed({ url: `${base}/old` });
    const { feed: temp } = await store.addFeed({ url: `${base}/temp` });
    await pollFeed(moved.id, deps);
    await pollFeed(temp.id, deps);
    expect((await store.getFeed(moved.id))!.url).toBe(`${base}/new`);
    expect((await store.getFeed(temp.id))!.url).toBe(`${base}/temp`);
  });

  it('retires a feed that moved for good onto a feed already in the list (FEED_DUPLICATE), instead of polling the same feed twice', async () => {
    routes.set('/old-home', (_q, s) => s.writeHead(301, { location: '/home' }).end());
    routes.set('/home', (_q, s) => s.writeHead(200).end(rss(['h'])));
    const { feed: home } = await store.addFeed({ url: `${base}/home` });
    const { feed: old } = await store.addFeed({ url: `${base}/old-home` });
    expect(await pollFeed(old.id, deps)).toMatchObject({ outcome: 'retired', nextPollAt: null });
    expect(await store.getFeed(old.id)).toMatchObject({ url: `${base}/old-home`, status: 'retired', lastErrorCode: 'FEED_DUPLICATE', lastErrorMessage: `moved permanently to ${base}/home, which is feed ${home.id}: retired as its duplicate` });
    expect(await createDueIndex(redis, prefix).dueAt(old.id)).toBeNull();
  });

  it('drops a removed feed from the schedule', async () => {
    const due = createDueIndex(redis, prefix);
    await due.schedule(999, new Date());
    expect(await pollFeed(999, deps)).toMatchObject({ outcome: 'missing' });
    expect(await due.dueAt(999)).toBeNull();
  });
});
