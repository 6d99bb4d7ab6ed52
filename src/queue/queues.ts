import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { JOB_STATES, JOBS, QUEUES, pollJobId, type QueueCounts, type QueueName } from './queue-names.js';

export interface PollJobData {
  feedId: number;
}

/**
 * A batch of new items, as the fetch workers found them: of one feed (`feedId`, `feedUrl` set), or
 * of several, each item then carrying its own feed.
 */
export interface IngestJobData<Item = unknown> {
  feedId?: number;
  feedUrl?: string;
  items: Item[];
}

export interface ServiceQueues {
  readonly poll: Queue<PollJobData>;
  readonly ingest: Queue<IngestJobData>;
  enqueuePolls(feedIds: number[]): Promise<void>;
  /** Adds ingest batches; `jobId` makes a repeated add (a retried poll) a no-op. */
  enqueueIngest(batches: Array<{ jobId: string; data: IngestJobData }>): Promise<void>;
  counts(): Promise<Record<QueueName, QueueCounts>>;
  close(): Promise<void>;
}

export interface QueueSettings {
  prefix: string;
  ingestAttempts: number;
  ingestBackoffMs: number;
}

/** The service's queues on one Redis connection, keys under `settings.prefix`. */
export function createQueues(redis: Redis, settings: QueueSettings): ServiceQueues {
  const poll = new Queue<PollJobData>(QUEUES.poll, { connection: redis, prefix: settings.prefix });
  const ingest = new Queue<IngestJobData>(QUEUES.ingest, { connection: redis, prefix: settings.prefix });
  return {
    poll,
    ingest,
    async enqueuePolls(feedIds) {
      if (feedIds.length === 0) return;
      await poll.addBulk(
        feedIds.map((feedId) => ({
          name: JOBS.pollFeed,
          data: { feedId },
          // Poll failures are retried by the feed's own backoff schedule, not by BullMQ.
          opts: { jobId: pollJobId(feedId), removeOnComplete: true, removeOnFail: true, attempts: 1 },
        })),
      );
    },
    async enqueueIngest(batches) {
      if (batches.length === 0) return;
      await ingest.addBulk(
        batches.map((b) => ({
          name: JOBS.ingestItems,
          data: b.data,
          opts: {
            jobId: b.jobId,
            attempts: settings.ingestAttempts,
            backoff: { type: 'exponential', delay: settings.ingestBackoffMs },
            removeOnComplete: { age: 3600, count: 10000 },
            removeOnFail: { age: 7 * 24 * 3600 },
          },
        })),
      );
    },
    async counts() {
      const out = {} as Record<QueueName, QueueCounts>;
      for (const [name, queue] of [[QUEUES.poll, poll], [QUEUES.ingest, ingest]] as const) {
        const c = await queue.getJobCounts(...JOB_STATES);
        out[name] = Object.fromEntries(JOB_STATES.map((s) => [s, c[s] ?? 0])) as QueueCounts;
      }
      return out;
    },
    async close() {
      await Promise.all([poll.close(), ingest.close()]);
    },
  };
}
