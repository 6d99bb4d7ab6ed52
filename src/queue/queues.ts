import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '../config/config-schema.js';
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

/** A `dispatch-stories` job: new stories; a `deliver-webhook` job: a WebhookDelivery. */
export type WebhookJobData = { storyIds: string[] } | { webhookId: number; deliveryId: string; storyIds: string[] };

export interface ServiceQueues {
  readonly poll: Queue<PollJobData>;
  readonly ingest: Queue<IngestJobData>;
  readonly webhook: Queue<WebhookJobData>;
  enqueuePolls(feedIds: number[]): Promise<void>;
  /** Adds ingest batches; `jobId` makes a repeated add (a retried poll) a no-op. */
  enqueueIngest(batches: Array<{ jobId: string; data: IngestJobData }>): Promise<void>;
  /** Queues new or changed story ids for the webhook dispatcher. */
  enqueueStoryEvents(storyIds: string[]): Promise<void>;
  /** Queues deliveries, retried with exponential backoff; `deliveryId` makes a repeated add a no-op. */
  enqueueDeliveries(deliveries: Array<{ webhookId: number; deliveryId: string; storyIds: string[] }>): Promise<void>;
  counts(): Promise<Record<QueueName, QueueCounts>>;
  close(): Promise<void>;
}

export interface QueueSettings {
  prefix: string;
  ingestAttempts: number;
  ingestBackoffMs: number;
  /** Attempts of a webhook delivery (default 8). */
  webhookAttempts?: number;
  /** First retry delay of a webhook delivery, doubled each time (default 10 s). */
  webhookBackoffMs?: number;
  /**
   * Errors the queues emit (their Redis connection's, which its own 'error' listener reports
   * already). Always listened to: an EventEmitter 'error' without a listener is thrown.
   */
  onError?: (err: Error, queue: string) => void;
}

/** The queue settings of a service configuration. */
export function queueSettings(config: Config): QueueSettings {
  return { prefix: config.queuePrefix, ingestAttempts: config.ingest.attempts, ingestBackoffMs: config.ingest.backoffMs, webhookAttempts: config.webhooks.attempts, webhookBackoffMs: config.webhooks.backoffMs };
}

/** The service's queues on one Redis connection, keys under `settings.prefix`. */
export function createQueues(redis: Redis, settings: QueueSettings): ServiceQueues {
  const poll = new Queue<PollJobData>(QUEUES.poll, { connection: redis, prefix: settings.prefix });
  const ingest = new Queue<IngestJobData>(QUEUES.ingest, { connection: redis, prefix: settings.prefix });
  const webhook = new Queue<WebhookJobData>(QUEUES.webhook, { connection: redis, prefix: settings.prefix });
  for (const q of [poll, ingest, webhook]) q.on('error', (err) => settings.onError?.(err, q.name));
  const kept = { removeOnComplete: { age: 3600, count: 10000 }, removeOnFail: { age: 7 * 24 * 3600 } };
  return {
    poll,
    ingest,
    webhook,
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
            ...kept,
          },
        })),
      );
    },
    async enqueueStoryEvents(storyIds) {
      if (storyIds.length === 0) return;
      // No job id of our own: the same story may be announced again after a fuller text (the
      // subscriptions' claims keep it from being sent twice).
      await webhook.add(JOBS.dispatchStories, { storyIds }, { attempts: 5, backoff: { type: 'exponential', delay: 1000 }, ...kept, removeOnComplete: { age: 3600, count: 1000 } });
    },
    async enqueueDeliveries(deliveries) {
      if (deliveries.length === 0) return;
      await webhook.addBulk(
        deliveries.map((d) => ({
          name: JOBS.deliverWebhook,
          data: d,
          opts: { jobId: `deliver-${d.deliveryId}`, attempts: settings.webhookAttempts ?? 8, backoff: { type: 'exponential', delay: settings.webhookBackoffMs ?? 10_000 }, ...kept },
        })),
      );
    },
    async counts() {
      const out = {} as Record<QueueName, QueueCounts>;
      for (const [name, queue] of [[QUEUES.poll, poll], [QUEUES.ingest, ingest], [QUEUES.webhook, webhook]] as const) {
        const c = await queue.getJobCounts(...JOB_STATES);
        out[name] = Object.fromEntries(JOB_STATES.map((s) => [s, c[s] ?? 0])) as QueueCounts;
      }
      return out;
    },
    async close() {
      await Promise.all([poll.close(), ingest.close(), webhook.close()]);
    },
  };
}
