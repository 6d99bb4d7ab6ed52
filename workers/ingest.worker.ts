import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { createClassifier, type Classifier } from '../src/classify/classifier.js';
import type { LinearModel } from '../src/classify/linear-model.js';
import { loadLinearModel } from '../src/classify/model-file.js';
import { loadTaxonomy, type Taxonomy } from '../src/classify/taxonomy.js';
import type { Config } from '../src/config/config-schema.js';
import { assignClusters } from '../src/dedup/assign-clusters.js';
import { assignStories } from '../src/dedup/assign-stories.js';
import { createRedisClusterIndex } from '../src/dedup/redis-cluster-index.js';
import { createRedisDedupIndex } from '../src/dedup/redis-dedup-index.js';
import { createStoryEvents } from '../src/queue/story-events.js';
import { IngestError } from '../src/errors.js';
import type { Counters } from '../src/metrics/counters.js';
import { ingestBatch, type IngestDeps, type ItemOutcome } from '../src/pipeline/ingest-batch.js';
import type { IngestItem } from '../src/pipeline/ingest-item.js';
import { QUEUES } from '../src/queue/queue-names.js';
import type { IngestJobData, ServiceQueues } from '../src/queue/queues.js';
import type { StoryStore } from '../src/store/story-store.js';
import { createActiveSubscriptionsCheck } from '../src/webhooks/active-subscriptions.js';
import { toJobError } from './retry-policy.js';

export interface IngesterDeps {
  config: Config;
  cwd: string;
  redis: Redis;
  workerConnection: Redis;
  queues: ServiceQueues;
  store: StoryStore;
  counters: Counters;
  log: Logger;
  /** The taxonomy and model, read once at start (else read from the files the config names). */
  classifierParts?: ClassifierParts;
}

/** What the classifier is built from: plain data, handed to the worker threads as it is. */
export interface ClassifierParts {
  taxonomy: Taxonomy;
  model: LinearModel | null;
}

/**
 * Reads the taxonomy and the trained model the config names, once: the service keeps what it read
 * at start, so a model file rewritten or broken while it runs changes nothing until a restart.
 * Throws ClassifyError when a file is bad.
 */
export function loadClassifierParts(config: Config, cwd: string): ClassifierParts {
  const taxonomy = loadTaxonomy(path.resolve(cwd, config.topicsFile));
  const model = config.classifierModel ? loadLinearModel(path.resolve(cwd, config.classifierModel)) : null;
  return { taxonomy, model };
}

/** Builds the ingest stage's dependencies: classifier (rules, plus the trained model when configured) and the shared Redis indexes. */
export function ingestDepsFor(deps: Omit<IngesterDeps, 'workerConnection' | 'queues'> & { queues: Pick<ServiceQueues, 'enqueueStoryEvents'> }): Omit<IngestDeps, 'log'> {
  const { config } = deps;
  const classifier: Classifier = createClassifier(deps.classifierParts ?? loadClassifierParts(config, deps.cwd));
  const dedupIndex = createRedisDedupIndex(deps.redis, { prefix: config.queuePrefix, windowSec: config.dedup.windowSec });
  const clusterIndex = createRedisClusterIndex(deps.redis, { prefix: config.queuePrefix, windowSec: config.dedup.clusterWindowSec });
  const storyEvents = createStoryEvents(deps.redis, { prefix: config.queuePrefix, maxEntries: config.api.streamHistory });
  const webhooksActive = createActiveSubscriptionsCheck(deps.store);
  return {
    store: deps.store,
    dedup: (docs) => assignStories(docs, { index: dedupIndex }),
    cluster: (docs) => assignClusters(docs, { index: clusterIndex }),
    classify: (input) => classifier.classify(input),
    // The live stream (the story-event log, appended after the batch is committed; new stories) and, while any
    // subscription is active, the webhook dispatcher (a queued job; new stories and those a fuller
    // text or a new source may have made match).
    publish: async (created, changed) => {
      const live = created.length ? storyEvents.append(created) : null;
      await Promise.all([live, (await webhooksActive()) ? deps.queues.enqueueStoryEvents([...created, ...changed]) : null]);
    },
    counters: deps.counters,
  };
}

/** The job as both the in-thread worker and the worker-thread processor see it. */
export interface IngestJobView {
  id?: string;
  data: IngestJobData;
  /** False while BullMQ has attempts left for the job (a failure is then tried again); unknown counts as the last. */
  lastAttempt?: boolean;
}

/** Whether this run of `job` is its last attempt. */
export function isLastAttempt(job: { attemptsMade: number; opts: { attempts?: number } }): boolean {
  return job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}

/**
 * One ingest job: the batch is ingested; when items fail individually the job still completes and
 * each failed item is queued again as its own job, which then fails alone with its code and reason
 * (retried or not by the retry policy), never taking its batch with it.
 */
export async function runIngestJob(job: IngestJobView, deps: Omit<IngestDeps, 'log'> & { queues: Pick<ServiceQueues, 'enqueueIngest'>; log: Logger }): Promise<Record<string, number>> {
  const log = deps.log.child({ jobId: job.id, feedId: job.data.feedId });
  const data = job.data as IngestJobData<IngestItem>;
  const outcomes = await ingestBatch(data, { ...deps, log });
  const failed = outcomes.map((o, i) => ({ o, i })).filter(({ o }) => o.status === 'failed');
  if (failed.length && data.items.length === 1) {
    const e = failed[0]!.o.error!;
    const err = toJobError(new IngestError(e.code, e.message));
    // An item is counted once, when it fails for good: a permanent error, or no attempt left (an
    // item that failed in a batch is queued alone, and counted there).
    if (err instanceof UnrecoverableError || job.lastAttempt !== false) deps.counters.inc('ingestFailures', { code: e.code });
    throw err;
  }
  if (failed.length) {
    log.warn({ failed: failed.length, codes: [...new Set(failed.map(({ o }) => o.error?.code))] }, 'items failed: each queued alone');
    await deps.queues.enqueueIngest(failed.map(({ i }) => ({ jobId: `${job.id}-item-${i}`, data: { ...data, items: [data.items[i]!] } })));
  }
  return summarize(outcomes);
}

/** Where the worker-thread processor is (compiled next to this file). */
const PROCESSOR_URL = new URL('./ingest.processor.js', import.meta.url);

/**
 * The ingester role: a BullMQ worker on the ingest queue. With `ingest.threads` (the default) each
 * of its `concurrency` slots runs in a worker thread of its own (BullMQ sandboxed processor), so
 * cleaning, deduplication, classification and the store writes of one process use every core;
 * otherwise jobs run on the main thread.
 */
export async function startIngestWorker(deps: IngesterDeps): Promise<Worker<IngestJobData>> {
  const { config } = deps;
  // A job whose worker died (kill -9, OOM) is stalled: BullMQ fails it for good after maxStalledCount
  // stalls (default 1), and its items, already marked seen by the fetcher, would be lost. Stalls
  // get as many chances as errors do.
  const options = { connection: deps.workerConnection, prefix: config.queuePrefix, concurrency: config.ingest.concurrency, maxStalledCount: config.ingest.attempts };
  let worker: Worker<IngestJobData>;
  // Read once, here or by the caller: a bad TOPICS_FILE or CLASSIFIER_MODEL stops the start with its
  // code, and the threads get the very taxonomy and model that were checked (not the files again).
  const classifierParts = deps.classifierParts ?? loadClassifierParts(config, deps.cwd);
  if (config.ingest.threads && existsSync(fileURLToPath(PROCESSOR_URL))) {
    const workerData: IngestThreadData = { config: { ...config }, cwd: deps.cwd, classifierParts };
    worker = new Worker<IngestJobData>(QUEUES.ingest, PROCESSOR_URL, { ...options, useWorkerThreads: true, workerThreadsOptions: { workerData } });
    deps.log.info({ threads: config.ingest.concurrency }, 'ingest runs in worker threads');
  } else {
    if (config.ingest.threads) deps.log.warn({ processor: PROCESSOR_URL.href }, 'ingest processor not built: ingest runs on the main thread');
    const base = ingestDepsFor({ ...deps, classifierParts });
    worker = new Worker<IngestJobData>(QUEUES.ingest, (job) => runIngestJob({ id: job.id, data: job.data, lastAttempt: isLastAttempt(job) }, { ...base, queues: deps.queues, log: deps.log }), options);
  }
  worker.on('failed', (job, err) => deps.log.warn({ jobId: job?.id, feedId: job?.data.feedId, attemptsMade: job?.attemptsMade, err: { message: err.message, code: (err as { code?: unknown }).code } }, 'ingest job failed'));
  worker.on('error', (err) => deps.log.error({ err }, 'ingest worker error'));
  return worker;
}

/** What the main thread hands each ingest worker thread. */
export interface IngestThreadData {
  config: Config;
  cwd: string;
  classifierParts: ClassifierParts;
}

function summarize(outcomes: ItemOutcome[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of outcomes) counts[o.status] = (counts[o.status] ?? 0) + 1;
  return counts;
}
