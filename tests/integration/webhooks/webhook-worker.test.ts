import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config.js';
import { createMemoryCounters } from '../../../src/metrics/counters.js';
import { createQueues, queueSettings, type ServiceQueues } from '../../../src/queue/queues.js';
import { openStore } from '../../../src/store/open-store.js';
import type { StoryStore, StoryWrite } from '../../../src/store/story-store.js';
import { signWebhookBody } from '../../../src/webhooks/webhook-payload.js';
import { startWebhookWorker } from '../../../workers/webhook.worker.js';
import { REDIS_URL, redisAvailable, uniqueName, deletePrefix } from '../../helpers/services.js';
import { until } from '../../helpers/until.js';
import { startWebhookReceiver } from '../../helpers/webhook-receiver.js';
import { storyWrite } from '../../helpers/story-write.js';

function write(id: string, topics: string[], places: string[], hour: number): StoryWrite {
  return storyWrite({ id, publishedAt: `2025-01-17T${String(hour).padStart(2, '0')}:00:00.000Z`, topics, score: 0.9, evidence: ['x'], places });
}

/**
 * The webhook role as the service runs it: real Redis and BullMQ queues, an SQLite store, the
 * worker of workers/webhook.worker.ts, and real HTTP receivers.
 */
describe.skipIf(!redisAvailable)('webhook dispatch and delivery (BullMQ worker, real receivers)', () => {
  let dir: string;
  let store: StoryStore;
  let redis: Redis;
  let blocking: Redis;
  let prefix: string;
  let queues: ServiceQueues;
  let worker: Worker;
  let receivers: Array<Awaited<ReturnType<typeof startWebhookReceiver>>>;
  const counters = createMemoryCounters();

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'newsfeed-webhooks-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  beforeEach(async () => {
    prefix = uniqueName('webhooks');
    store = await openStore(`sqlite:${path.join(dir, `${prefix}.db`)}`);
    await store.writeStories([write('s1', ['energy', 'economy'], ['Iran'], 8), write('s2', ['sport'], ['Spain'], 9), write('s3', ['energy', 'economy'], ['Norway'], 10)]);
    redis = new Redis(REDIS_URL);
    blocking = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const config = loadConfig({ env: { QUEUE_PREFIX: prefix, ALLOW_PRIVATE_NETWORKS: 'true' }, cwd: process.cwd(), overrides: { 'webhooks.attempts': 3, 'webhooks.backoffMs': 50, 'webhooks.timeoutMs': 2000 } });
    queues = createQueues(redis, queueSettings(config));
    ({ worker } = startWebhookWorker({ config, workerConnection: blocking, queues, store, counters, log: pino({ level: 'silent' }) }));
    receivers = [];
  });
  afterEach(async () => {
    await worker.close();
    await queues.close();
    await Promise.all(receivers.map((r) => r.close()));
    await deletePrefix(redis, prefix);
    redis.disconnect();
    blocking.disconnect();
    await store.close();
  });

  const receiver = async (opts: Parameters<typeof startWebhookReceiver>[0] = {}) => {
    const r = await startWebhookReceiver(opts);
    receivers.push(r);
    return r;
  };
  const settled = (id: number, test: (h: NonNullable<Awaited<ReturnType<StoryStore['getWebhook']>>>) => boolean) =>
    until(`webhook ${id} to settle`, async () => {
      const h = await store.getWebhook(id);
      return h && test(h) ? h : undefined;
    }, 15_000, 50);

  it('each subscription receives the new stories its filter matches, newest first, signed', async () => {
    const energy = await receiver();
    const iran = await receiver();
    const all = await receiver();
    const sport = await receiver();
    const a = await store.addWebhook({ url: `${energy.url}/energy`, filter: { topic: ['energy'] }, secret: 'energy-secret-0123456789' });
    const b = await store.addWebhook({ url: `${iran.url}/iran`, filter: { entity: 'Iranian' }, secret: 'iran-secret-0123456789' });
    const c = await store.addWebhook({ url: all.url, secret: 'all-secret-0123456789' });
    await store.addWebhook({ url: sport.url, filter: { topic: ['sport'], q: 'nothing-matches-this' }, secret: 'sport-secret-0123456789' });
    await queues.enqueueStoryEvents(['s1', 's2', 's3']);
    await Promise.all([energy.waitFor(1), iran.waitFor(1), all.waitFor(1)]);
    await settled(c.id, (h) => h.delivered === 1);
    const stories = (r: typeof energy) => (JSON.parse(r.received[0]!.body) as { stories: Array<{ id: string }> }).stories.map((s) => s.id);
    expect(stories(energy)).toEqual(['s3', 's1']);
    expect(stories(iran)).toEqual(['s1']);
    expect(stories(all)).toEqual(['s3', 's2', 's1']);
    expect(sport.received).toHaveLength(0);
    const req = energy.received[0]!;
    const body = JSON.parse(req.body) as Record<string, unknown>;
    expect(body).toMatchObject({ event: 'stories.matched', webhookId: a.id, deliveryId: req.headers['x-newsfeed-delivery'] });
    expect((body.stories as Array<Record<string, unknown>>)[0]).toMatchObject({ id: 's3', title: 'Story s3', topics: [{ id: 'energy', score: 0.9 }, { id: 'economy', score: 0.9 }], sources: [{ feedUrl: 'https://news.example/feed.xml' }] });
    expect(req.headers['x-newsfeed-signature']).toBe(signWebhookBody('energy-secret-0123456789', req.body));
    expect(iran.received[0]!.headers['x-newsfeed-signature']).toBe(signWebhookBody('iran-secret-0123456789', iran.received[0]!.body));
    expect(await store.getWebhook(b.id)).toMatchObject({ delivered: 1, failed: 0, lastStatus: 200, lastErrorCode: null });
  });

  it("a subscription with include text receives each story's stored text; the others do not", async () => {
    const withText = await receiver();
    const without = await receiver();
    await store.addWebhook({ url: withText.url, filter: { topic: ['energy'] }, includeText: true });
    await store.addWebhook({ url: without.url, filter: { topic: ['energy'] } });
    await queues.enqueueStoryEvents(['s1', 's3']);
    await Promise.all([withText.waitFor(1), without.waitFor(1)]);
    const stories = (r: typeof withText) => (JSON.parse(r.received[0]!.body) as { stories: Array<{ id: string; text?: string }> }).stories;
    expect(stories(withText).map((s) => [s.id, s.text])).toEqual([['s3', 'Text of story s3'], ['s1', 'Text of story s1']]);
    expect(stories(without).map((s) => 'text' in s)).toEqual([false, false]);
  });

  it('the same new stories dispatched twice are delivered once', async () => {
    const r = await receiver();
    const hook = await store.addWebhook({ url: r.url });
    await queues.enqueueStoryEvents(['s1', 's3']);
    await queues.enqueueStoryEvents(['s3', 's1']);
    await settled(hook.id, (h) => h.delivered >= 1);
    await new Promise((res) => setTimeout(res, 300));
    expect(r.received).toHaveLength(1);
  });

  it('a story that matches only once a fuller text replaced its own is delivered then, and once', async () => {
    const r = await receiver();
    const hook = await store.addWebhook({ url: r.url, filter: { topic: ['trade'] } });
    // A headline-only copy: no topic yet.
    await store.writeStories([write('s4', [], [], 11)]);
    await queues.enqueueStoryEvents(['s4']);
    await until('the first dispatch', async () => (await queues.webhook.getJobCounts('completed')).completed === 1, 5000, 50);
    expect(r.received).toHaveLength(0);
    // The article arrives: its text replaces the headline's, with its topics.
    const fuller = write('s4', ['trade', 'economy'], ['Iran'], 11);
    const [res] = await store.writeStories([{ ...fuller, canonical: false, promote: true, story: { ...fuller.story, text: `${fuller.story.text} with far more words about tariffs and exports` }, source: { ...fuller.source, itemKey: '2:s4', feedId: 2, feedUrl: 'https://wire.example/feed.xml', match: 'title' } }]);
    expect(res!.textReplaced).toBe(true);
    await queues.enqueueStoryEvents(['s4']);
    await settled(hook.id, (h) => h.delivered === 1);
    expect((JSON.parse(r.received[0]!.body) as { stories: Array<{ id: string }> }).stories.map((s) => s.id)).toEqual(['s4']);
    // Announced again (another copy): already sent to this subscription.
    await queues.enqueueStoryEvents(['s4']);
    await until('the third dispatch', async () => (await queues.webhook.getJobCounts('completed')).completed >= 4, 5000, 50);
    await new Promise((res2) => setTimeout(res2, 200));
    expect(r.received).toHaveLength(1);
  });

  it('a feed filter receives a story when a copy from that feed joins it', async () => {
    const r = await receiver();
    const hook = await store.addWebhook({ url: r.url, filter: { feed: 'https://wire.example/feed.xml' } });
    await queues.enqueueStoryEvents(['s1']);
    await until('the first dispatch', async () => (await queues.webhook.getJobCounts('completed')).completed === 1, 5000, 50);
    expect(r.received).toHaveLength(0);
    const copy = write('s1', ['energy', 'economy'], ['Iran'], 8);
    await store.writeStories([{ ...copy, canonical: false, source: { ...copy.source, itemKey: '2:s1', feedId: 2, feedUrl: 'https://wire.example/feed.xml', match: 'near' } }]);
    await queues.enqueueStoryEvents(['s1']);
    await settled(hook.id, (h) => h.delivered === 1);
    expect((JSON.parse(r.received[0]!.body) as { stories: Array<{ sources: unknown[] }> }).stories[0]!.sources).toHaveLength(2);
  });

  it('5xx is retried with backoff under the same delivery id until the receiver takes it', async () => {
    const r = await receiver({ answers: [500, 503, 200] });
    const hook = await store.addWebhook({ url: r.url });
    await queues.enqueueStoryEvents(['s2']);
    const h = await settled(hook.id, (x) => x.delivered === 1);
    expect(r.received).toHaveLength(3);
    expect(new Set(r.received.map((q) => q.headers['x-newsfeed-delivery'])).size).toBe(1);
    expect(h).toMatchObject({ delivered: 1, failed: 0, lastStatus: 200, lastErrorCode: null, status: 'active' });
  });

  it('a receiver that keeps failing: every attempt made, then one failed delivery with its last error', async () => {
    const r = await receiver({ answers: [502] });
    const hook = await store.addWebhook({ url: r.url });
    await queues.enqueueStoryEvents(['s2']);
    const h = await settled(hook.id, (x) => x.failed === 1);
    expect(r.received).toHaveLength(3);
    expect(h).toMatchObject({ delivered: 0, failed: 1, lastStatus: 502, lastErrorCode: 'WEBHOOK_HTTP_STATUS', status: 'active' });
    await until('the failed job', async () => (await queues.webhook.getJobCounts('failed')).failed === 1, 5000, 50);
  });

  it.each([
    [400, 'WEBHOOK_HTTP_STATUS', 'active'],
    [410, 'WEBHOOK_GONE', 'disabled'],
  ])('answer %i is not retried (%s; subscription %s)', async (status, code, state) => {
    const r = await receiver({ answers: [status] });
    const hook = await store.addWebhook({ url: r.url });
    const h = await (async () => {
      await queues.enqueueStoryEvents(['s1']);
      return settled(hook.id, (x) => x.failed === 1);
    })();
    expect(r.received).toHaveLength(1);
    expect(h).toMatchObject({ failed: 1, lastStatus: status, lastErrorCode: code, status: state });
    // A disabled subscription gets nothing more.
    await queues.enqueueStoryEvents(['s3']);
    await until('the dispatch', async () => (await queues.webhook.getJobCounts('completed')).completed >= 1, 5000, 50);
    await new Promise((res) => setTimeout(res, 300));
    expect(r.received).toHaveLength(state === 'disabled' ? 1 : 2);
  });

  it('a subscription removed before its delivery runs is skipped; stories no longer stored are skipped', async () => {
    const r = await receiver();
    const hook = await store.addWebhook({ url: r.url });
    await store.removeWebhook(hook.id);
    await queues.enqueueDeliveries([{ webhookId: hook.id, deliveryId: 'gone-hook', storyIds: ['s1'] }]);
    const again = await store.addWebhook({ url: r.url });
    await queues.enqueueDeliveries([{ webhookId: again.id, deliveryId: 'gone-story', storyIds: ['nope'] }]);
    await until('both deliveries', async () => (await queues.webhook.getJobCounts('completed')).completed === 2, 5000, 50);
    expect(r.received).toHaveLength(0);
  });
});
