import { Redis } from 'ioredis';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { syncSchedule } from '../../../src/pipeline/sync-schedule.js';
import { createDueIndex, type DueIndex } from '../../../src/queue/due-index.js';
import { createQueues, type ServiceQueues } from '../../../src/queue/queues.js';
import { openStore } from '../../../src/store/open-store.js';
import type { StoryStore } from '../../../src/store/story-store.js';
import { startScheduler } from '../../../workers/scheduler.js';
import { REDIS_URL, redisAvailable, uniqueName, deletePrefix } from '../../helpers/services.js';

const settings = { tickMs: 50, batchSize: 3, leaseSec: 60, resyncSec: 3600 };

describe.skipIf(!redisAvailable)('scheduler on the real Redis', () => {
  let redis: Redis;
  let prefix: string;
  let store: StoryStore;
  let due: DueIndex;
  let queues: ServiceQueues;

  beforeEach(async () => {
    redis = new Redis(REDIS_URL);
    prefix = uniqueName('sched');
    store = await openStore('sqlite::memory:');
    due = createDueIndex(redis, prefix);
    queues = createQueues(redis, { prefix, ingestAttempts: 1, ingestBackoffMs: 0 });
  });
  afterEach(async () => {
    await queues.poll.obliterate({ force: true });
    await queues.close();
    await store.close();
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  it('polls every feed right at start, once, however many schedulers run', async () => {
    for (let i = 0; i < 10; i++) await store.addFeed({ url: `https://feeds.example/${i}.xml` });
    const log = pino({ level: 'silent' });
    const a = await startScheduler({ store, dueIndex: due, queues, settings, log });
    const b = await startScheduler({ store, dueIndex: due, queues, settings, log });
    await new Promise((r) => setTimeout(r, 300));
    await Promise.all([a.stop(), b.stop()]);
    const jobs = await queues.poll.getJobs(['waiting']);
    expect(jobs.map((j) => j.data.feedId).sort((x, y) => x - y)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    // Claimed feeds are leased: not due again until their poll reschedules them.
    expect(await due.claimDue(new Date(), 100, 60_000)).toEqual([]);
  });

  it('keeps one poll job per feed even when a lease expires while it waits', async () => {
    await store.addFeed({ url: 'https://feeds.example/a.xml' });
    await syncSchedule({ store, dueIndex: due, now: () => new Date() });
    const ids = await due.claimDue(new Date(), 10, 1);
    await queues.enqueuePolls(ids);
    await new Promise((r) => setTimeout(r, 5));
    await queues.enqueuePolls(await due.claimDue(new Date(), 10, 1));
    expect(await queues.poll.count()).toBe(1);
  });

  it('resyncs from the store without moving existing schedules, and drops removed feeds', async () => {
    const { feed: a } = await store.addFeed({ url: 'https://feeds.example/a.xml' });
    const { feed: b } = await store.addFeed({ url: 'https://feeds.example/b.xml' });
    await store.updateFeed(b.id, { nextPollAt: '2030-01-01T00:00:00.000Z' });
    const now = new Date('2025-01-17T12:00:00Z');
    expect(await syncSchedule({ store, dueIndex: due, now: () => now })).toEqual({ feeds: 2, added: 2, removed: 0 });
    expect(await due.dueAt(a.id)).toEqual(now);
    expect(await due.dueAt(b.id)).toEqual(new Date('2030-01-01T00:00:00.000Z'));
    // A restart (new sync) must not move a schedule the index already holds: no burst of polls.
    await due.schedule(a.id, new Date('2025-01-17T12:15:00Z'));
    await syncSchedule({ store, dueIndex: due, now: () => new Date('2025-01-17T12:01:00Z') });
    expect(await due.dueAt(a.id)).toEqual(new Date('2025-01-17T12:15:00Z'));
    await store.removeFeed(String(b.id));
    expect(await syncSchedule({ store, dueIndex: due, now: () => now })).toMatchObject({ removed: 1 });
    expect(await due.members()).toEqual([a.id]);
  });

  it('claims 100,000 feeds in bounded batches', async () => {
    const entries = Array.from({ length: 100_000 }, (_, i) => ({ feedId: i + 1, at: new Date(1_000 + i) }));
    await due.addMissing(entries);
    expect(await due.size()).toBe(100_000);
    const first = await due.claimDue(new Date(50_999), 1000, 60_000);
    expect(first).toHaveLength(1000);
    expect(first[0]).toBe(1);
    const rest = await due.claimDue(new Date(50_999), 100_000, 60_000);
    expect(rest).toHaveLength(49_000);
  });
});
