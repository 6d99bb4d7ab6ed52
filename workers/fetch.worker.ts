import { setMaxListeners } from 'node:events';
import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../src/config/config-schema.js';
import { fetchFeed } from '../src/fetch/fetch-feed.js';
import { fetchDepsFromConfig } from '../src/fetch/fetch-settings.js';
import { addFullText } from '../src/fulltext/add-full-text.js';
import { createRedisHostLimiter } from '../src/fetch/redis-host-limiter.js';
import type { Counters } from '../src/metrics/counters.js';
import { maskCredentials } from '../src/normalize/mask-credentials.js';
import { parseWithConfig } from '../src/parse/parse-settings.js';
import { pollFeedOrDefer, type PollDeps } from '../src/pipeline/poll-feed.js';
import { createRedisSeenFilter } from '../src/pipeline/seen-filter.js';
import { createIngestBatcher } from '../src/pipeline/ingest-batcher.js';
import { createPollSlots } from '../src/pipeline/poll-slots.js';
import type { DueIndex } from '../src/queue/due-index.js';
import { QUEUES } from '../src/queue/queue-names.js';
import type { PollJobData, ServiceQueues } from '../src/queue/queues.js';
import type { StoryStore } from '../src/store/story-store.js';
import { decideFailure } from './retry-policy.js';

export interface FetcherDeps {
  config: Config;
  redis: Redis;
  /** A connection BullMQ may block on (maxRetriesPerRequest: null). */
  workerConnection: Redis;
  queues: ServiceQueues;
  store: StoryStore;
  dueIndex: DueIndex;
  counters: Counters;
  log: Logger;
}

/** The fetcher role: a BullMQ worker on the poll queue running pollFeed for each job. */
export function startFetchWorker(deps: FetcherDeps): { worker: Worker<PollJobData>; abort: AbortController } {
  const { config } = deps;
  const abort = new AbortController();
  setMaxListeners(0, abort.signal); // every in-flight fetch listens for the shutdown
  const hostLimiter = createRedisHostLimiter({
    redis: deps.redis,
    prefix: config.queuePrefix,
    maxPerHost: config.fetch.perHostConcurrency,
    leaseMs: Math.max(config.fetch.hostLeaseMs, config.fetch.totalTimeoutMs * 2),
  });
  // New items of concurrent polls share ingest jobs (each job has fixed costs whatever its size).
  const batcher = createIngestBatcher({ enqueue: (batches) => deps.queues.enqueueIngest(batches), maxItems: config.ingest.batchSize, maxWaitMs: config.ingest.batchWaitMs });
  const fetchDeps = { ...fetchDepsFromConfig(config), hostLimiter, signal: abort.signal };
  const base: Omit<PollDeps, 'log'> = {
    store: deps.store,
    fetch: (req) => fetchFeed(req, fetchDeps),
    parse: parseWithConfig(config),
    seen: createRedisSeenFilter(deps.redis, config.queuePrefix),
    enqueueItems: (feed, items) => batcher.add(feed, items),
    fullText: (items, feed) =>
      addFullText(items, {
        selector: feed.selector,
        fetchPage: async (url) => {
          const page = await fetchFeed({ url }, { ...fetchDepsFromConfig(config, config.fullText), hostLimiter, signal: abort.signal });
          if (page.kind !== 'ok') throw new Error(`no page body (${page.status})`);
          return page;
        },
        settings: config.fullText,
        counters: deps.counters,
        log: deps.log,
      }),
    schedule: { set: (id, at) => deps.dueIndex.schedule(id, at), remove: (ids) => deps.dueIndex.remove(ids) },
    decideFailure,
    counters: deps.counters,
    settings: { maxItemChars: config.parse.maxItemChars, policy: config.poll },
    failingSlots: createPollSlots(config.fetch.failingConcurrency),
  };
  const worker = new Worker<PollJobData>(
    QUEUES.poll,
    async (job) => {
      const log = deps.log.child({ jobId: job.id, feedId: job.data.feedId });
      const report = await pollFeedOrDefer(job.data.feedId, { ...base, log });
      // feedId is the child logger's already; an error message may quote the feed's URL with its credentials.
      log.debug({ ...report, feedId: undefined, error: report.error && { code: report.error.code, message: maskCredentials(report.error.message) } }, 'feed polled');
      return report;
    },
    { connection: deps.workerConnection, prefix: config.queuePrefix, concurrency: config.fetch.concurrency },
  );
  worker.on('failed', (job, err) => {
    // A coded error (the store or Redis down: the poll is deferred, pollFeedOrDefer) is logged without its stack, which
    // says nothing more and filled the log during outages; anything else is a bug and keeps it.
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string') deps.log.warn({ jobId: job?.id, feedId: job?.data.feedId, err: { code, message: err.message } }, 'poll job failed');
    else deps.log.error({ jobId: job?.id, feedId: job?.data.feedId, err }, 'poll job failed');
  });
  worker.on('error', (err) => deps.log.error({ err }, 'fetch worker error'));
  return { worker, abort };
}
