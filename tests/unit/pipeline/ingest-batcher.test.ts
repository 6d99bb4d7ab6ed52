import { describe, expect, it } from 'vitest';
import { createIngestBatcher, type IngestBatch } from '../../../src/pipeline/ingest-batcher.js';
import { ingestJobId, type IngestItem } from '../../../src/pipeline/ingest-item.js';

function item(feedId: number, n: number): IngestItem {
  return {
    key: `${feedId}:g${n}`, guid: `g${n}`, url: `https://f${feedId}.example/${n}`, canonicalUrl: `https://f${feedId}.example/${n}`,
    title: `Item ${n}`, summary: '', contentHtml: '', publishedAt: null, author: null, categories: [], contentHash: `h${n}`,
  };
}

/** What one poll hands over: its feed and its new items. */
function poll(feedId: number, count: number): [{ id: number; url: string }, IngestItem[]] {
  return [{ id: feedId, url: `https://f${feedId}.example/rss` }, Array.from({ length: count }, (_, n) => item(feedId, n))];
}

function recorder(fail?: Error) {
  const calls: IngestBatch[][] = [];
  return { calls, enqueue: async (batches: IngestBatch[]) => { calls.push(batches); if (fail) throw fail; } };
}

describe('createIngestBatcher', () => {
  it('puts the new items of polls that arrive within the wait into one job, each item naming its feed', async () => {
    const q = recorder();
    const batcher = createIngestBatcher({ enqueue: q.enqueue, maxItems: 100, maxWaitMs: 20 });
    await Promise.all([batcher.add(...poll(1, 3)), batcher.add(...poll(2, 2)), batcher.add(...poll(3, 1))]);
    expect(q.calls).toHaveLength(1);
    const [job] = q.calls[0]!;
    expect(job!.data.feedId).toBeUndefined();
    expect(job!.data.items.map((i) => [i.key, i.feedId, i.feedUrl])).toEqual([
      ['1:g0', 1, 'https://f1.example/rss'], ['1:g1', 1, 'https://f1.example/rss'], ['1:g2', 1, 'https://f1.example/rss'],
      ['2:g0', 2, 'https://f2.example/rss'], ['2:g1', 2, 'https://f2.example/rss'],
      ['3:g0', 3, 'https://f3.example/rss'],
    ]);
    expect(job!.jobId).toMatch(/^ingest-m-/);
  });

  it('queues at once when a job is full, in jobs of at most maxItems', async () => {
    const q = recorder();
    const batcher = createIngestBatcher({ enqueue: q.enqueue, maxItems: 4, maxWaitMs: 60_000 });
    // Were the full batch to wait for the timer, the test would time out.
    await Promise.all([batcher.add(...poll(1, 3)), batcher.add(...poll(2, 7))]);
    expect(q.calls).toHaveLength(1);
    expect(q.calls[0]!.map((j) => j.data.items.length)).toEqual([4, 4, 2]);
    // The last job holds one feed's items only: it names that feed, as a one-poll job does.
    expect(q.calls[0]![2]!.data).toMatchObject({ feedId: 2, feedUrl: 'https://f2.example/rss' });
    expect(q.calls[0]![2]!.jobId).toMatch(/^ingest-2-/);
  });

  it('gives the same items the same job ids, so a repeated add queues nothing new', async () => {
    const ids: string[][] = [];
    for (let round = 0; round < 2; round += 1) {
      const q = recorder();
      const batcher = createIngestBatcher({ enqueue: q.enqueue, maxItems: 100, maxWaitMs: 5 });
      await Promise.all([batcher.add(...poll(1, 2)), batcher.add(...poll(2, 2))]);
      ids.push(q.calls.flat().map((j) => j.jobId));
    }
    expect(ids[0]).toEqual(ids[1]);
  });

  it('with maxWaitMs 0 queues each poll as it comes, with the job ids of one job per poll', async () => {
    const q = recorder();
    const batcher = createIngestBatcher({ enqueue: q.enqueue, maxItems: 100, maxWaitMs: 0 });
    const first = poll(1, 3);
    await batcher.add(...first);
    await batcher.add(...poll(2, 2));
    expect(q.calls).toHaveLength(2);
    expect(q.calls[0]![0]!.jobId).toBe(ingestJobId(1, first[1]));
    expect(q.calls[0]![0]!.data).toMatchObject({ feedId: 1, feedUrl: 'https://f1.example/rss' });
  });

  it('rejects every poll waiting on a flush whose enqueue failed, and recovers for the next', async () => {
    const broken = new Error('redis down');
    let fail = true;
    const calls: IngestBatch[][] = [];
    const batcher = createIngestBatcher({
      enqueue: async (b) => { calls.push(b); if (fail) throw broken; },
      maxItems: 100,
      maxWaitMs: 5,
    });
    const results = await Promise.allSettled([batcher.add(...poll(1, 1)), batcher.add(...poll(2, 1))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    await batcher.add(...poll(3, 1));
    expect(calls).toHaveLength(2);
  });

  it('answers a poll with no new items at once, and flush() queues what waits', async () => {
    const q = recorder();
    const batcher = createIngestBatcher({ enqueue: q.enqueue, maxItems: 100, maxWaitMs: 60_000 });
    await batcher.add({ id: 1, url: 'https://f1.example/rss' }, []);
    expect(q.calls).toHaveLength(0);
    const waiting = batcher.add(...poll(1, 2));
    await batcher.flush();
    await waiting;
    expect(q.calls).toHaveLength(1);
  });
});
