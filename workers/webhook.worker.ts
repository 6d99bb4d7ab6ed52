import { setMaxListeners } from 'node:events';
import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../src/config/config-schema.js';
import type { Counters } from '../src/metrics/counters.js';
import { JOBS, QUEUES } from '../src/queue/queue-names.js';
import type { ServiceQueues, WebhookJobData } from '../src/queue/queues.js';
import type { StoryStore } from '../src/store/story-store.js';
import { selectDeliveries, type WebhookDelivery } from '../src/webhooks/dispatch-stories.js';
import { createWebhookPoster } from '../src/webhooks/post-webhook.js';
import { runDelivery } from '../src/webhooks/run-delivery.js';
import { toJobError } from './retry-policy.js';

const PRUNE_EVERY_MS = 3_600_000;

export interface WebhookWorkerDeps {
  config: Config;
  workerConnection: Redis;
  queues: Pick<ServiceQueues, 'enqueueDeliveries'>;
  store: StoryStore;
  counters: Counters;
  log: Logger;
}

/**
 * Webhook delivery, run by the ingester role: a BullMQ worker on the webhook queue. A
 * `dispatch-stories` job (queued by ingest with each batch's new and changed stories) picks the
 * subscriptions that want them and queues one `deliver-webhook` job each; a `deliver-webhook` job POSTs, retried
 * with exponential backoff while the failure is worth retrying (retry-policy.ts decides).
 */
export function startWebhookWorker(deps: WebhookWorkerDeps): { worker: Worker<WebhookJobData>; abort: AbortController } {
  const { config } = deps;
  const abort = new AbortController();
  setMaxListeners(0, abort.signal);
  const post = createWebhookPoster(config, abort.signal);
  const worker = new Worker<WebhookJobData>(
    QUEUES.webhook,
    async (job: Job<WebhookJobData>) => {
      if (job.name === JOBS.dispatchStories) {
        // The same for every attempt of this job, and unlike a job id not reused after Redis loses its data.
        const dispatchId = `${job.id}@${job.timestamp}`;
        const deliveries = await selectDeliveries(job.data.storyIds, dispatchId, { store: deps.store, maxStories: config.webhooks.maxStories });
        await deps.queues.enqueueDeliveries(deliveries);
        return { deliveries: deliveries.length };
      }
      const delivery = job.data as WebhookDelivery;
      const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      try {
        return { result: await runDelivery(delivery, { final }, { store: deps.store, post, counters: deps.counters }) };
      } catch (err) {
        throw toJobError(err);
      }
    },
    { connection: deps.workerConnection, prefix: config.queuePrefix, concurrency: config.webhooks.concurrency },
  );
  // A story's claims outlive the dedup window (after it no copy can change the story) by a day.
  const prune = () =>
    void deps.store.pruneWebhookStories(new Date(Date.now() - (config.dedup.windowSec + 86_400) * 1000).toISOString()).catch((err: unknown) => deps.log.warn({ err }, 'webhook claims not pruned'));
  const pruneTimer = setInterval(prune, PRUNE_EVERY_MS);
  pruneTimer.unref();
  worker.on('closing', () => clearInterval(pruneTimer));
  worker.on('failed', (job, err) => deps.log.warn({ jobId: job?.id, webhookId: (job?.data as Partial<WebhookDelivery> | undefined)?.webhookId, attemptsMade: job?.attemptsMade, err: { message: err.message } }, 'webhook job failed'));
  worker.on('error', (err) => deps.log.error({ err }, 'webhook worker error'));
  return { worker, abort };
}
