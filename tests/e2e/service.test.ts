import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { farmOpml, freePort, startFeedFarm, type FeedFarm } from '../../scripts/feed-farm.js';
import { REDIS_URL, redisAvailable, uniqueName, deletePrefix } from '../helpers/services.js';
import { readSeed, seedOutletFeeds, seedPresent } from '../helpers/seed-feeds.js';
import { until } from '../helpers/until.js';
import { startWebhookReceiver } from '../helpers/webhook-receiver.js';
import { signWebhookBody } from '../../src/webhooks/webhook-payload.js';

const FEEDS = 200;
const ITEMS = 50;
/** A summary-only feed with full text on, and the article page its item links to (relative link). */
const FULL_TEXT_FEED = '/fulltext/summaries.xml';
const ARTICLE_PAGE = '/fulltext/cyclone-mara.html';
const SITE_PAGE = '/fulltext/index.html';
const FULL_TEXT = {
  [FULL_TEXT_FEED]: {
    contentType: 'application/rss+xml',
    body: '<rss version="2.0"><channel><title>Summaries</title><item><guid>cyclone-mara</guid><title>Cyclone Mara kills 12 in southern Mozambique</title><link>/fulltext/cyclone-mara.html</link><description>Cyclone Mara made landfall near Beira.</description><pubDate>Sat, 03 Mar 2001 08:00:00 GMT</pubDate></item><item><guid>sponsored-1</guid><title>Sponsored: the best travel insurance for storm season</title><link>/fulltext/sponsored.html</link><description>Advertisement.</description></item></channel></rss>',
  },
  [ARTICLE_PAGE]: { contentType: 'text/html; charset=utf-8', body: readFileSync(new URL('../fixtures/fulltext/news-page.html', import.meta.url)) },
  // The site's home page: the operator knows only this address; its feed is found from it.
  [SITE_PAGE]: { contentType: 'text/html; charset=utf-8', body: `<!DOCTYPE html><html><head><title>Summaries</title><link rel="alternate" type="application/rss+xml" title="Summaries" href="${FULL_TEXT_FEED}"></head><body><p>News.</p></body></html>` },
};

/**
 * The whole service as a user runs it (`newsfeed start`, all roles in one process) against a local
 * farm of 200 feeds × 50 items, the seed story from three outlets, and six hostile feeds.
 */
describe.skipIf(!redisAvailable)('newsfeed start, end to end', () => {
  let farm: FeedFarm;
  let child: ChildProcess;
  let dir: string;
  let api: string;
  let output = '';
  const prefix = uniqueName('e2e');
  const exited = { code: null as number | null, promise: null as Promise<number | null> | null };
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let webhookSecret = '';

  beforeAll(async () => {
    farm = await startFeedFarm({ feeds: FEEDS, itemsPerFeed: ITEMS, hosts: 20, extra: { ...(seedPresent ? seedOutletFeeds() : {}), ...FULL_TEXT } });
    dir = mkdtempSync(path.join(os.tmpdir(), 'newsfeed-e2e-'));
    const opml = path.join(dir, 'feeds.opml');
    writeFileSync(opml, farmOpml([...farm.feedUrls, ...outletUrls(), ...Object.values(farm.hostile)]));
    const port = await freePort();
    api = `http://127.0.0.1:${port}`;
    const env = {
        PATH: process.env.PATH,
        REDIS_URL,
        QUEUE_PREFIX: prefix,
        DATABASE_URL: `sqlite:${path.join(dir, 'newsfeed.db')}`,
        FEEDS_FILE: opml,
        ALLOW_PRIVATE_NETWORKS: 'true',
        PORT: String(port),
        HOST: '127.0.0.1',
        API_TOKEN: 'e2e-token',
        LOG_LEVEL: 'warn',
        NEWSFEED_FETCH__TOTAL_TIMEOUT_MS: '3000',
        NEWSFEED_FETCH__CONNECT_TIMEOUT_MS: '1000',
    };
    // A webhook subscribed before the start, as an operator would: energy stories naming Azerbaijan.
    receiver = await startWebhookReceiver();
    const added = spawnSync(process.execPath, ['bin/newsfeed.js', 'webhooks', 'add', `${receiver.url}/hooks/energy`, '--topic', 'energy', '--entity', 'Azerbaijan'], { env, encoding: 'utf8' });
    expect(added.status, added.stderr).toBe(0);
    webhookSecret = (JSON.parse(added.stdout) as { secret: string }).secret;
    // The summary-only feed, found from its site's page, added with full text read by a selector,
    // and a block rule for its sponsored posts.
    // (Not spawnSync: the site is served by this process, which must keep answering meanwhile.)
    const fullText = await new Promise<{ status: number; stdout: string; stderr: string }>((resolve) =>
      execFile(process.execPath, ['bin/newsfeed.js', 'feeds', 'add', '--discover', '--selector', 'article .story-body', farm.extraUrls[SITE_PAGE]!], { env }, (err, stdout, stderr) =>
        resolve({ status: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
      ),
    );
    expect(fullText.status, fullText.stderr).toBe(0);
    expect(fullText.stdout).toContain(`discovered: ${farm.extraUrls[FULL_TEXT_FEED]!} (Summaries)`);
    const rules = spawnSync(process.execPath, ['bin/newsfeed.js', 'feeds', 'rules', farm.extraUrls[FULL_TEXT_FEED]!, '--block', '^sponsored:'], { env, encoding: 'utf8' });
    expect(rules.status, rules.stderr).toBe(0);
    child = spawn(process.execPath, ['bin/newsfeed.js', 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    exited.promise = new Promise((resolve) => child.once('exit', (code) => resolve((exited.code = code))));
    await until('the API', async () => (await fetch(`${api}/readyz`)).ok, 20_000);
  }, 60_000);

  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await farm?.close();
    await receiver?.close();
    const redis = new Redis(REDIS_URL);
    await deletePrefix(redis, prefix);
    redis.disconnect();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The seed story's outlets: the farm's extra feeds but the full-text ones. */
  const outletUrls = () => Object.entries(farm.extraUrls).filter(([p]) => !(p in FULL_TEXT)).map(([, url]) => url);
  const getJson = async (p: string) => (await fetch(`${api}${p}`)).json() as Promise<any>;
  const expectedStories = FEEDS * ITEMS + (seedPresent ? 1 : 0) + 1;

  it('ingests every story of the farm exactly once', async () => {
    await until('all stories', async () => (await getJson('/api/stats')).stories >= expectedStories, 150_000);
    await until('the queues to drain', async () => {
      const { queues } = await getJson('/api/stats');
      return queues.ingest.waiting + queues.ingest.active + queues.ingest.delayed === 0;
    }, 30_000);
    const stats = await getJson('/api/stats');
    expect(stats.stories).toBe(expectedStories);
    // Every farm story is its own event: unrelated stories are never grouped.
    expect(stats.clusters).toBe(expectedStories);
    const db = new Database(path.join(dir, 'newsfeed.db'), { readonly: true });
    try {
      const farmSources = db.prepare("SELECT COUNT(*) AS n, COUNT(DISTINCT guid) AS guids FROM story_sources WHERE guid LIKE 'farm-%'").get() as { n: number; guids: number };
      expect(farmSources).toEqual({ n: FEEDS * ITEMS, guids: FEEDS * ITEMS });
      const perStory = db.prepare("SELECT MAX(c) AS most FROM (SELECT COUNT(*) AS c FROM story_sources WHERE guid LIKE 'farm-%' GROUP BY story_id)").get() as { most: number };
      expect(perStory.most).toBe(1);
    } finally {
      db.close();
    }
    const page = await getJson('/api/stories?limit=3');
    expect(page.stories).toHaveLength(3);
    expect(page.stories[0].sources[0].url).toMatch(/^http:\/\/127\.0\.0\.\d+:\d+\/story\//);
    // Every stored story carries topics, each with its evidence, and its entities.
    const latest = (await getJson('/api/stories?limit=200')).stories as Array<{ topics: Array<{ id: string; evidence: string[] }>; entities: Record<string, unknown[]> }>;
    expect(latest).toHaveLength(200);
    for (const story of latest) {
      expect(story.topics.length).toBeGreaterThan(0);
      for (const topic of story.topics) expect(topic.evidence.length, topic.id).toBeGreaterThan(0);
      expect(Object.keys(story.entities).sort()).toEqual(['organizations', 'people', 'places']);
    }
  }, 200_000);

  it.skipIf(!seedPresent)('stores the seed story once, with three sources, each paragraph once, classified', async () => {
    const { stories } = await getJson('/api/stories?q=Pezeshkian');
    expect(stories).toHaveLength(1);
    const story = stories[0];
    expect(story.sources).toHaveLength(3);
    // The copy registered first is canonical: the three outlets are polled in parallel, so any may be.
    expect(story.sources.map((src: { feedUrl: string }) => src.feedUrl).sort()).toEqual(outletUrls().sort());
    expect(story.topics.map((t: { id: string }) => t.id)).toEqual(expect.arrayContaining(['diplomacy', 'defense', 'energy', 'trade', 'politics', 'economy']));
    expect(story.entities.places.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['Russia', 'Iran', 'Azerbaijan']));
    expect(story.entities.people.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['Masoud Pezeshkian', 'Vladimir Putin']));
    for (const topic of story.topics) expect(topic.evidence.length, topic.id).toBeGreaterThan(0);
    // The front page: the seed story's event leads, the one story carried by three outlets.
    const [top] = (await getJson('/api/clusters?since=2000-01-01&limit=1')).clusters;
    expect(top).toMatchObject({ id: story.clusterId, sources: 3, lead: { id: story.id } });
    for (const filter of ['topic=energy', 'entity=Iran', 'entity=azerbaijan']) {
      expect((await getJson(`/api/stories?${filter}&limit=200`)).stories.map((s: { id: string }) => s.id)).toContain(story.id);
    }
    const db = new Database(path.join(dir, 'newsfeed.db'), { readonly: true });
    try {
      const { text } = db.prepare('SELECT text FROM stories WHERE id = ?').get(story.id) as { text: string };
      for (const paragraph of readSeed().paragraphs.slice(2)) expect(text.split(paragraph).length - 1, paragraph.slice(0, 40)).toBe(1);
      expect(text).not.toContain('Strengthening Alliances');
    } finally {
      db.close();
    }
  });

  it.skipIf(!seedPresent)('POSTs the seed story, signed, to the webhook subscribed to energy stories naming Azerbaijan, and nothing else', async () => {
    const { stories } = await getJson('/api/stories?q=Pezeshkian');
    await receiver.waitFor(1, 30_000);
    const delivered = receiver.received.flatMap((req) => {
      expect(req.url).toBe('/hooks/energy');
      expect(req.headers['x-newsfeed-signature']).toBe(signWebhookBody(webhookSecret, req.body));
      return (JSON.parse(req.body) as { stories: Array<{ id: string; topics: Array<{ id: string }>; entities: { places: Array<{ name: string }> } }> }).stories;
    });
    expect(delivered.map((s) => s.id)).toEqual([stories[0].id]);
    expect(delivered[0]!.topics.map((t) => t.id)).toContain('energy');
    expect(delivered[0]!.entities.places.map((p) => p.name)).toContain('Azerbaijan');
    const text = await (await fetch(`${api}/metrics`)).text();
    expect(text).toMatch(/newsfeed_webhook_deliveries_total\{outcome="delivered"\} 1\n/);
    const hooks = await (await fetch(`${api}/api/webhooks`, { headers: { authorization: 'Bearer e2e-token' } })).json() as { webhooks: Array<Record<string, unknown>> };
    expect(hooks.webhooks).toEqual([expect.objectContaining({ delivered: 1, failed: 0, status: 'active', lastDelivery: expect.objectContaining({ status: 200, error: null }) })]);
  });

  it('stores the article of a summary-only feed with full text on, taken from its page', async () => {
    const { stories } = await getJson('/api/stories?q=Mozambique');
    expect(stories).toHaveLength(1);
    expect(stories[0].summary).toBe('Cyclone Mara made landfall near Beira.');
    const db = new Database(path.join(dir, 'newsfeed.db'), { readonly: true });
    try {
      const { text } = db.prepare('SELECT text FROM stories WHERE id = ?').get(stories[0].id) as { text: string };
      expect(text).toContain('Rescue teams were searching for people trapped under collapsed buildings in Beira');
      for (const furniture of ['Related stories', 'Markets rally', 'cookies', 'reader123']) expect(text).not.toContain(furniture);
    } finally {
      db.close();
    }
    const metrics = await (await fetch(`${api}/metrics`)).text();
    expect(metrics).toMatch(/newsfeed_articles_fetched_total\{outcome="selected"\} 1\n/);
    // The sponsored post was dropped by the feed's rule: never fetched, never stored.
    expect(metrics).toMatch(/newsfeed_items_blocked_total 1\n/);
    expect((await getJson('/api/stories?q=insurance')).stories).toEqual([]);
  });

  it('reports every hostile feed as failing with a coded error', async () => {
    const expected: Record<string, string> = {
      [farm.hostile.timeout]: 'FETCH_TIMEOUT',
      [farm.hostile.status500]: 'HTTP_STATUS',
      [farm.hostile.huge]: 'FETCH_TOO_LARGE',
      [farm.hostile.redirectLoop]: 'FETCH_REDIRECT_LOOP',
      [farm.hostile.html]: 'PARSE_NOT_A_FEED',
      [farm.hostile.truncated]: 'PARSE_TRUNCATED',
    };
    let seen: unknown = null;
    const feeds = await until('hostile feeds to be polled', async () => {
      const list = (await getJson('/api/feeds')).feeds as Array<{ url: string; status: string; lastError: { code: string } | null; lastPolledAt: string; nextPoll: string }>;
      const hostile = list.filter((f) => f.url in expected);
      seen = hostile;
      return hostile.every((f) => f.lastError) && hostile;
    }, 40_000).catch((err: Error) => {
      throw new Error(`${err.message}; the hostile feeds as last read: ${JSON.stringify(seen)}\n${output.slice(-3000)}`);
    });
    for (const f of feeds) {
      expect(f.status, f.url).toBe('failing');
      expect(f.lastError?.code, f.url).toBe(expected[f.url]);
      // Retried with backoff (60 s at first): scheduled well after the poll that failed. Not compared
      // with now: when the tests before this one took longer than the backoff, the retry is already due.
      expect(Date.parse(f.nextPoll) - Date.parse(f.lastPolledAt), f.url).toBeGreaterThanOrEqual(30_000);
    }
    expect((await getJson('/api/stats')).feeds).toMatchObject({ total: FEEDS + outletUrls().length + 1 + 6, failing: 6 });
  }, 60_000);

  it('exposes queue depth and outcome metrics', async () => {
    const text = await (await fetch(`${api}/metrics`)).text();
    expect(text).toMatch(/newsfeed_queue_jobs\{queue="ingest",state="completed"\} \d+/);
    expect(text).toMatch(/newsfeed_queue_jobs\{queue="poll",state="waiting"\} \d+/);
    expect(text).toMatch(/newsfeed_fetch_outcomes_total\{outcome="2xx"\} \d+/);
    expect(text).toMatch(/newsfeed_fetch_outcomes_total\{code="HTTP_STATUS",outcome="5xx"\} \d+/);
    expect(text).toMatch(/newsfeed_stories_stored_total \d+/);
    const admin = await fetch(`${api}/admin/queues`);
    expect(admin.status).toBe(401);
    const authed = await fetch(`${api}/admin/queues?token=e2e-token`);
    expect(authed.status).toBe(200);
  });

  it('exits 0 on SIGTERM after draining', async () => {
    child.kill('SIGTERM');
    const code = await Promise.race([exited.promise, new Promise((r) => setTimeout(() => r('timeout'), 20_000))]);
    expect(code, output.slice(-2000)).toBe(0);
    expect(output).not.toMatch(/"level":(50|60)/);
  }, 30_000);
});
