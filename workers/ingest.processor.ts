/**
 * The ingest processor as it runs in a worker thread (BullMQ sandboxed processor, see
 * startIngestWorker). Each thread opens its own Redis connection and store, builds the classifier
 * once from the taxonomy and model the main thread read at start, and runs the same runIngestJob
 * as the main-thread mode.
 */
import { workerData } from 'node:worker_threads';
import type { SandboxedJob } from 'bullmq';
import pino from 'pino';
import { createRedisCounters } from '../src/metrics/counters.js';
import { createQueues, queueSettings } from '../src/queue/queues.js';
import { createRedis } from '../src/queue/redis-connection.js';
import { openStore, resolveDatabaseUrl } from '../src/store/open-store.js';
import type { IngestJobData } from '../src/queue/queues.js';
import { ingestDepsFor, isLastAttempt, runIngestJob, type IngestThreadData } from './ingest.worker.js';

type Runner = (job: SandboxedJob<IngestJobData>) => Promise<Record<string, number>>;

async function start(data: IngestThreadData): Promise<Runner> {
  const { config, cwd, classifierParts } = data;
  const log = pino({ level: config.logLevel, base: { service: 'newsfeed', pid: process.pid, component: 'ingester' } });
  const redis = createRedis(config.redisUrl, { name: `${config.queuePrefix}:ingest-thread` });
  redis.on('error', (err) => log.warn({ err: { message: err.message } }, 'redis connection error'));
  const store = await openStore(resolveDatabaseUrl(config.databaseUrl, cwd));
  const counters = createRedisCounters(redis, config.queuePrefix);
  const queues = createQueues(redis, queueSettings(config));
  const deps = { ...ingestDepsFor({ config, cwd, redis, store, counters, log, classifierParts, queues }), queues, log };
  return async (job) => {
    try {
      return await runIngestJob({ id: job.id, data: job.data, lastAttempt: isLastAttempt(job) }, deps);
    } finally {
      // A thread may be ended with its pool: nothing is left buffered after a job.
      await counters.flush().catch(() => undefined);
    }
  };
}

let runner: Promise<Runner> | null = null;

export default async function processIngestJob(job: SandboxedJob<IngestJobData>): Promise<Record<string, number>> {
  // A start that failed (the store refusing connections) is tried again by the next job, not kept.
  runner ??= start(workerData as IngestThreadData).catch((err: unknown) => {
    runner = null;
    throw err;
  });
  return (await runner)(job);
}
