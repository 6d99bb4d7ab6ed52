import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config.js';
import { createMemoryCounters, createRedisCounters, readCounters } from '../../../src/metrics/counters.js';
import { canonicalUrl } from '../../../src/normalize/canonical-url.js';
import { ingestBatch } from '../../../src/pipeline/ingest-batch.js';
import type { IngestItem } from '../../../src/pipeline/ingest-item.js';
import { createQueues, type ServiceQueues } from '../../../src/queue/queues.js';
import { openStore } from '../../../src/store/open-store.js';
import type { StoryStore } from '../../../src/store/story-store.js';
import { ingestDepsFor, startIngestWorker } from '../../../workers/ingest.worker.js';
import { POSTGRES_URL, REDIS_URL, postgresAvailable, redisAvailable, uniqueName, deletePrefix } from '../../helpers/services.js';
import { dropPostgresSchema } from '../../helpers/store-backends.js';
import { readSeed, seedPresent } from '../../helpers/seed-feeds.js';

const log = pino({ level: 'silent' });

function item(key: string, over: Partial<IngestItem> = {}): IngestItem {
  const url = over.url ?? `https://news.example/${key}`;
  return {
    key,
    guid: key,
    url,
    canonicalUrl: url ? canonicalUrl(url) : null,
    title: `Story ${key}`,
    summary: '',
    contentHtml: `<p>Distinct report number ${key} about harbour cranes, tidal charts and a village bakery reopening after repairs.</p>`,
    publishedAt: '2025-01-17T10:00:00.000Z',
    author: null,
    categories: [],
    contentHash: key,
    ...over,
  };
}

function seedCopies(): IngestItem[] {
  const seed = readSeed();
  const full = [`<p><strong>${seed.headline}</strong></p>`, `<p><strong>${seed.headline}</strong></p>`, ...seed.lines.map((l) => `<p>${l}</p>`)].join('');
  return [
    item('1:a-treaty', { title: seed.headline, url: 'https://outlet-a.example/world/russia-iran-treaty', contentHtml: full, summary: seed.lines[0]! }),
    item('2:b-991', { title: seed.headline, url: 'https://outlet-a.example/world/russia-iran-treaty?utm_source=agg&utm_medium=rss', contentHtml: full }),
    item('3:c-55123', { title: 'Russia, Iran sign 20-year pact', url: 'https://digest-c.example/n/55123', summary: seed.paragraphs.slice(2, 4).map((p) => `<p>${p}</p>`).join(''), contentHtml: '' }),
  ];
}

describe.skipIf(!redisAvailable)('ingest on the real Redis', () => {
  let redis: Redis;
  let prefix: string;
  let store: StoryStore;
  let cleanupStore: () => Promise<void>;
  let queues: ServiceQueues;

  beforeEach(async () => {
    redis = new Redis(REDIS_URL);
    prefix = uniqueName('ingest');
    queues = createQueues(redis, { prefix, ingestAttempts: 1, ingestBackoffMs: 0 });
    if (postgresAvailable) {
      const schema = uniqueName('ingest');
      store = await openStore(POSTGRES_URL, { schema });
      cleanupStore = async () => {
        await store.close();
        await dropPostgresSchema(schema);
      };
    } else {
      store = await openStore('sqlite::memory:');
      cleanupStore = () => store.close();
    }
  });
  afterEach(async () => {
    await cleanupStore();
    await queues.close();
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  const deps = () => {
    const config = loadConfig({ env: { QUEUE_PREFIX: prefix }, cwd: process.cwd() });
    return { ...ingestDepsFor({ config, cwd: process.cwd(), redis, store, counters: createMemoryCounters(), log, queues }), log };
  };

  it.skipIf(!seedPresent)('merges the seed story from three outlets into one story, each paragraph once', async () => {
    await store.addWebhook({ url: 'https://hooks.example/in' });
    // Three outlets, three feeds (one feed's two items with one URL are one article: guid churn).
    const items = seedCopies().map((it, k) => ({ ...it, feedId: k + 1, feedUrl: `https://outlet-${k + 1}.example/feed` }));
    const outcomes = await ingestBatch({ items }, deps());
    expect(outcomes.map((o) => o.status)).toEqual(['created', 'merged', 'merged']);
    expect(outcomes.map((o) => o.match)).toEqual(['new', expect.stringMatching(/url|text|near/), 'contained']);
    const story = await store.getStory(outcomes[0]!.storyId!);
    expect(story!.sources).toHaveLength(3);
    expect(story!.topics.map((t) => t.id)).toEqual(expect.arrayContaining(['diplomacy', 'defense', 'energy', 'trade']));
    expect(story!.topics.every((t) => (t.evidence ?? []).length > 0)).toBe(true);
    expect(story!.entities.places.map((p) => p.name)).toEqual(expect.arrayContaining(['Russia', 'Iran', 'Azerbaijan']));
    const { stories } = await store.queryStories({ q: 'Azerbaijan', limit: 5 });
    expect(stories).toHaveLength(1);
    // The new story is queued for the webhook dispatcher before the batch returns.
    const dispatch = await queues.webhook.getJobs(['waiting']);
    expect(dispatch.map((j) => [j.name, j.data])).toEqual([['dispatch-stories', { storyIds: [outcomes[0]!.storyId] }]]);
  });

  it.skipIf(!seedPresent)('keeps the standfirst an outlet puts in the description beside the full content: the story is classified with it', async () => {
    const seed = readSeed();
    // As outlets usually carry it: the standfirst (the file's first line) only in the description,
    // the content holding the headline twice and the body from its next line on.
    const content = [`<p><strong>${seed.headline}</strong></p>`, `<p><strong>${seed.headline}</strong></p>`, ...seed.lines.slice(1).map((l) => `<p>${l}</p>`)].join('');
    const outlets = ['a', 'b', 'c'].map((o, k) => item(`${k + 1}:${o}-treaty`, { title: seed.headline, url: `https://outlet-${o}.example/world/russia-iran-treaty`, summary: seed.lines[0]!, contentHtml: content }));
    const outcomes = await ingestBatch({ feedId: 1, feedUrl: 'https://outlets.example/feed', items: outlets }, deps());
    expect(outcomes.map((o) => o.status)).toEqual(['created', 'merged', 'merged']);
    const story = (await store.getStory(outcomes[0]!.storyId!))!;
    expect(story.sources).toHaveLength(3);
    expect(story.text!.startsWith(`${seed.lines[0]}\n\n${seed.lines[1]}`)).toBe(true);
    expect(story.topics.map((t) => t.id)).toEqual(expect.arrayContaining(['diplomacy', 'defense', 'energy', 'trade']));
    expect(story.entities.places.map((p) => p.name)).toEqual(expect.arrayContaining(['Russia', 'Iran', 'Azerbaijan']));
  });

  it.skipIf(!seedPresent).each([['with', 'without'], ['without', 'with']])('one article carried %s a standfirst by one outlet, then %s by another, is one story', async (firstKind, secondKind) => {
    const seed = readSeed();
    const content = seed.lines.slice(1).map((l) => `<p>${l}</p>`).join('');
    const copy = (key: string, kind: string) => item(key, { title: seed.headline, url: `https://${key.replace(/\W/g, '')}.example/a`, summary: kind === 'with' ? seed.lines[0]! : '', contentHtml: content });
    const [a] = await ingestBatch({ feedId: 1, feedUrl: 'https://outlets.example/feed', items: [copy('1:p', firstKind)] }, deps());
    const [b] = await ingestBatch({ feedId: 1, feedUrl: 'https://outlets.example/feed', items: [copy('2:q', secondKind)] }, deps());
    expect([a!.status, b!.status]).toEqual(['created', 'merged']);
    expect(b!.storyId).toBe(a!.storyId);
    const story = (await store.getStory(a!.storyId!))!;
    expect(story.sources).toHaveLength(2);
    // Stored with the standfirst, whichever copy came first (the fuller text wins), and classified with it.
    expect(story.text!.startsWith(seed.lines[0]!)).toBe(true);
    expect(story.topics.map((t) => t.id)).toContain('trade');
  });

  it.skipIf(!seedPresent).each([['short with a standfirst', 'full without'], ['full without', 'short with a standfirst']])(
    'keeps the standfirst when the fuller copy has none: %s, then %s',
    async (first, second) => {
      const seed = readSeed();
      const body = seed.lines.slice(1);
      const copies: Record<string, IngestItem> = {
        'short with a standfirst': item('1:short', { title: seed.headline, url: 'https://short.example/a', summary: seed.lines[0]!, contentHtml: body.slice(0, 3).map((l) => `<p>${l}</p>`).join('') }),
        'full without': item('2:full', { title: seed.headline, url: 'https://full.example/a', summary: '', contentHtml: body.map((l) => `<p>${l}</p>`).join('') }),
      };
      const [a] = await ingestBatch({ feedId: 1, feedUrl: 'https://outlets.example/feed', items: [copies[first]!] }, deps());
      const [b] = await ingestBatch({ feedId: 1, feedUrl: 'https://outlets.example/feed', items: [copies[second]!] }, deps());
      expect(b!.storyId).toBe(a!.storyId);
      const story = (await store.getStory(a!.storyId!))!;
      expect(story.sources).toHaveLength(2);
      // The full body, after the standfirst the other outlet gave, and classified with it.
      expect(story.text!.startsWith(`${seed.lines[0]}\n\n${body[0]}`)).toBe(true);
      expect(story.text!).toContain(body.at(-1)!);
      expect(story.topics.map((t) => t.id)).toContain('trade');
    },
  );

  it.skipIf(!seedPresent)('a teaser that came first gives way to the article it was cut from: its headline, link and time lead the story', async () => {
    const [article, , teaser] = seedCopies();
    const d = deps();
    const [first] = await ingestBatch({ feedId: 3, feedUrl: 'https://digest-c.example/feed', items: [{ ...teaser!, publishedAt: '2025-01-17T10:20:00.000Z' }] }, d);
    const [second] = await ingestBatch({ feedId: 1, feedUrl: 'https://outlet-a.example/rss', items: [article!] }, d);
    expect(second).toMatchObject({ status: 'merged', match: 'contained', storyId: first!.storyId });
    const story = (await store.getStory(first!.storyId!))!;
    expect(story).toMatchObject({ title: article!.title, url: article!.url, publishedAt: '2025-01-17T10:00:00.000Z' });
    expect(story.sources.map((src) => src.feedUrl)).toEqual(['https://outlet-a.example/rss', 'https://digest-c.example/feed']);
    // Found at the article's time.
    expect((await store.queryStories({ since: '2025-01-17T10:00:00Z', until: '2025-01-17T10:01:00Z', limit: 5 })).stories.map((s) => s.id)).toEqual([first!.storyId]);
  });

  it.skipIf(!seedPresent)('a headline-only item becomes a source of the article, and the article that follows it gives the story its text', async () => {
    const seed = readSeed();
    const [article] = seedCopies();
    const headline = item('7:h-1', { title: seed.headline, url: 'https://headlines.example/7', summary: '', contentHtml: '', publishedAt: '2025-01-17T10:05:00.000Z' });
    await store.addWebhook({ url: 'https://hooks.example/in' });
    const d = deps();
    const [first] = await ingestBatch({ feedId: 7, feedUrl: 'https://headlines.example/rss', items: [headline] }, d);
    expect(first).toMatchObject({ status: 'created', match: 'new' });
    const [second] = await ingestBatch({ feedId: 1, feedUrl: 'https://outlet-a.example/rss', items: [article!] }, d);
    expect(second).toMatchObject({ status: 'merged', match: 'title', storyId: first!.storyId });
    const story = await store.getStory(first!.storyId!);
    // The article takes over as the canonical copy: its link and time, listed first.
    expect(story!.sources.map((src) => src.feedUrl)).toEqual(['https://outlet-a.example/rss', 'https://headlines.example/rss']);
    expect(story!.url).toBe(article!.url);
    expect(story!.publishedAt).toBe(article!.publishedAt);
    expect(story!.summary).not.toBe('');
    expect(story!.entities.places.map((p) => p.name)).toEqual(expect.arrayContaining(['Russia', 'Iran', 'Azerbaijan']));
    expect(story!.topics.map((t) => t.id)).toEqual(expect.arrayContaining(['diplomacy', 'defense', 'energy', 'trade']));
    // And the other way round: a headline-only item after the article joins it.
    const [late] = await ingestBatch({ feedId: 8, feedUrl: 'https://wire-headlines.example/rss', items: [{ ...headline, key: '8:h-2', guid: '8:h-2', url: 'https://wire-headlines.example/2', canonicalUrl: canonicalUrl('https://wire-headlines.example/2') }] }, d);
    expect(late).toMatchObject({ status: 'merged', match: 'title', storyId: first!.storyId });
    expect((await store.stats()).stories).toBe(1);
    // Announced to the webhook dispatcher three times: new (the headline), changed (the article's
    // text and topics), changed (a source of another feed: a feed filter may match it now).
    const dispatch = await queues.webhook.getJobs(['waiting'], 0, -1, true);
    expect(dispatch.map((j) => j.data)).toEqual([{ storyIds: [first!.storyId] }, { storyIds: [first!.storyId] }, { storyIds: [first!.storyId] }]);
    // The same copy again adds nothing and is not announced.
    const [again] = await ingestBatch({ feedId: 8, feedUrl: 'https://wire-headlines.example/rss', items: [{ ...headline, key: '8:h-2', guid: '8:h-2', url: 'https://wire-headlines.example/2', canonicalUrl: canonicalUrl('https://wire-headlines.example/2') }] }, d);
    expect(again!.status).not.toBe('created');
    expect(await queues.webhook.getJobs(['waiting'], 0, -1, true)).toHaveLength(3);
  });

  it.skipIf(!seedPresent)('queues no webhook dispatch while no subscription is active', async () => {
    const outcomes = await ingestBatch({ feedId: 1, feedUrl: 'https://outlets.example/feed', items: seedCopies() }, deps());
    expect(outcomes[0]!.status).toBe('created');
    expect(await queues.webhook.getJobCounts('waiting')).toEqual({ waiting: 0 });
  });

  it("stores each story's language, read from its text, the feed's declaration deciding where the text says little", async () => {
    const items = [
      item('1:ru', { title: 'Россия и Иран подписали договор', contentHtml: '<p>Две страны договорились углубить сотрудничество в области обороны и энергетики, сообщили официальные лица после встречи в Москве.</p>', language: 'en-US' }),
      item('1:de-short', { title: 'Putin empfängt Pezeschkian', contentHtml: '', url: 'https://news.example/de-short', language: 'de-DE' }),
      item('1:en'),
    ];
    const outcomes = await ingestBatch({ feedId: 1, feedUrl: 'https://news.example/feed', items }, deps());
    expect(outcomes.map((o) => o.status)).toEqual(['created', 'created', 'created']);
    const languages = await Promise.all(outcomes.map(async (o) => (await store.getStory(o.storyId!))!.language));
    expect(languages).toEqual(['ru', 'de', 'en']);
    expect((await store.queryStories({ language: ['ru', 'de'], limit: 10 })).stories.map((s) => s.id).sort()).toEqual([outcomes[0]!.storyId, outcomes[1]!.storyId].sort());
  });

  it.skipIf(!seedPresent)('ingests a job holding items of several feeds, each source keeping its own feed', async () => {
    const feeds = ['https://outlet-a.example/rss', 'https://outlet-b.example/rss', 'https://digest-c.example/feed'];
    const items = seedCopies().map((it, k) => ({ ...it, feedId: k + 1, feedUrl: feeds[k]! }));
    const outcomes = await ingestBatch({ items }, deps());
    expect(outcomes.map((o) => o.status)).toEqual(['created', 'merged', 'merged']);
    const story = await store.getStory(outcomes[0]!.storyId!);
    expect(story!.sources.map((src) => src.feedUrl)).toEqual(feeds);
    // An item that names no feed, in a job that names none either, fails alone.
    const [orphan] = await ingestBatch({ items: [item('9:orphan')] }, deps());
    expect(orphan).toMatchObject({ status: 'failed', error: { code: 'ITEM_INVALID' } });
  });

  it('fails a bad item alone and stores the rest; a repeat changes nothing', async () => {
    const items = [item('1:ok-1'), { ...item('1:bad'), title: 42 } as unknown as IngestItem, item('1:empty', { title: '', contentHtml: '', url: null }), item('1:ok-2')];
    const d = deps();
    const first = await ingestBatch({ feedId: 1, feedUrl: 'f', items }, d);
    expect(first.map((o) => [o.status, o.error?.code ?? null])).toEqual([
      ['created', null],
      ['failed', 'ITEM_INVALID'],
      ['failed', 'ITEM_EMPTY'],
      ['created', null],
    ]);
    const again = await ingestBatch({ feedId: 1, feedUrl: 'f', items }, d);
    expect(again.map((o) => o.status)).toEqual(['unchanged', 'failed', 'failed', 'unchanged']);
    expect((await store.stats()).stories).toBe(2);
  });

  it.skipIf(!seedPresent)('stores one story when several ingest workers get copies of it at the same moment', async () => {
    const config = loadConfig({ env: { QUEUE_PREFIX: prefix, INGEST_CONCURRENCY: '1' }, cwd: process.cwd() });
    const connections = Array.from({ length: 3 }, () => new Redis(REDIS_URL, { maxRetriesPerRequest: null }));
    const commandConnections = Array.from({ length: 3 }, () => new Redis(REDIS_URL));
    const queues: ServiceQueues = createQueues(redis, { prefix, ingestAttempts: 3, ingestBackoffMs: 100 });
    const workers = await Promise.all(
      connections.map((c, i) =>
        startIngestWorker({ config, cwd: process.cwd(), redis: commandConnections[i]!, workerConnection: c, queues, store, counters: createRedisCounters(commandConnections[i]!, prefix), log }),
      ),
    );
    const copies = seedCopies();
    // Each copy in its own job, added together: the three workers take one each.
    await queues.enqueueIngest(copies.map((c, i) => ({ jobId: `race-${i}`, data: { feedId: i + 1, feedUrl: `https://outlet-${i}.example/feed`, items: [c] } })));
    const q = new Queue('ingest', { connection: redis, prefix });
    for (let i = 0; i < 100 && (await q.getJobCounts('completed')).completed < 3; i++) await new Promise((r) => setTimeout(r, 100));
    await Promise.all(workers.map((w) => w.close()));
    await q.close();
    await queues.close();
    connections.forEach((c) => c.disconnect());
    commandConnections.forEach((c) => c.disconnect());
    const stats = await store.stats();
    expect(stats.stories).toBe(1);
    const { stories } = await store.queryStories({ limit: 5 });
    expect(stories[0]!.sources).toHaveLength(3);
  });

  it('completes a batch whose item fails, and fails that item alone in its own job with its code', async () => {
    const config = loadConfig({ env: { QUEUE_PREFIX: prefix }, cwd: process.cwd() });
    const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const queues = createQueues(redis, { prefix, ingestAttempts: 3, ingestBackoffMs: 50 });
    const counters = createRedisCounters(redis, prefix);
    const worker = await startIngestWorker({ config, cwd: process.cwd(), redis, workerConnection: connection, queues, store, counters, log });
    const bad = { ...item('1:bad'), title: 42 } as unknown as IngestItem;
    await queues.enqueueIngest([{ jobId: 'batch-1', data: { feedId: 1, feedUrl: 'f', items: [item('1:x'), bad, item('1:y')] } }]);
    let failedJob;
    for (let i = 0; i < 100 && !failedJob; i++) {
      await new Promise((r) => setTimeout(r, 100));
      failedJob = (await queues.ingest.getJobs(['failed']))[0];
    }
    const batch = await queues.ingest.getJob('batch-1');
    await worker.close();
    await queues.close();
    connection.disconnect();
    expect(await batch!.getState()).toBe('completed');
    expect(batch!.returnvalue).toEqual({ created: 2, failed: 1 });
    expect(failedJob!.id).toBe('batch-1-item-1');
    expect(failedJob!.failedReason).toContain('ITEM_INVALID');
    expect(failedJob!.attemptsMade).toBe(1); // permanent: not retried
    expect((await store.stats()).stories).toBe(2);
    // Counted once: in its own job, where it failed for good, not also in the batch it came in.
    await counters.flush();
    const failures = (await readCounters(redis, prefix)).filter((c) => c.name === 'newsfeed_ingest_item_failures_total');
    expect(failures).toEqual([expect.objectContaining({ labels: { code: 'ITEM_INVALID' }, value: 1 })]);
  });
});
