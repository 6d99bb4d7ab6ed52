import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import pino, { type Logger } from 'pino';
import type { Config } from '../src/config/config-schema.js';
import { loadConfig } from '../src/config/load-config.js';
import { createRedisCounters } from '../src/metrics/counters.js';
import { maskCredentials } from '../src/normalize/mask-credentials.js';
import { importOpmlFile } from '../src/pipeline/import-opml.js';
import { createDueIndex } from '../src/queue/due-index.js';
import { createQueues, queueSettings } from '../src/queue/queues.js';
import { createRedis } from '../src/queue/redis-connection.js';
import { openStore, resolveDatabaseUrl } from '../src/store/open-store.js';
import { apiDepsFor, startApi } from './api.js';
import { startFetchWorker } from './fetch.worker.js';
import { loadClassifierParts, startIngestWorker, type ClassifierParts } from './ingest.worker.js';
import { ensureRedis } from './local-redis.js';
import { startRetention } from './retention.js';
import { startScheduler } from './scheduler.js';
import { startWebhookWorker } from './webhook.worker.js';

export const ROLES = ['scheduler', 'fetcher', 'ingester', 'api'] as const;
export type Role = (typeof ROLES)[number];

export interface ServiceOptions {
  roles: readonly Role[];
  env: Record<string, string | undefined>;
  cwd: string;
  /** Log sink (tests pass their own); default pino to stdout at LOG_LEVEL. */
  log?: Logger;
  /** The parent process id now (default process.ppid); see runService. */
  parentPid?: () => number;
}

export interface RunningService {
  config: Config;
  log: Logger;
  /** `http://host:port` when the api role runs. */
  apiAddress: string | null;
  /** Stops taking work, lets active jobs finish (bounded by shutdown.graceMs), closes everything. */
  stop(): Promise<void>;
}

/** Parses `--role` values: `all`, one role, or a comma list (`fetcher,ingester`). */
export function parseRoles(value: string | undefined): Role[] {
  if (!value || value === 'all') return [...ROLES];
  const roles = value.split(',').map((r) => r.trim());
  for (const r of roles) if (!(ROLES as readonly string[]).includes(r)) throw new Error(`unknown role "${r}" (all, ${ROLES.join(', ')})`);
  return roles as Role[];
}

/** How long each shutdown step (beyond the workers' grace period) may take. */
const STOP_STEP_MS = 2000;

function withTimeout(promise: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    promise.then(
      () => (clearTimeout(timer), resolve(true)),
      () => (clearTimeout(timer), resolve(true)),
    );
  });
}

/**
 * The composition root: loads config once, opens Redis (starting a local redis-server when the
 * default URL has none) and the store, and starts the roles asked for. Nothing else reads the
 * environment.
 */
export async function startService(opts: ServiceOptions): Promise<RunningService> {
  const config = loadConfig({ env: opts.env, cwd: opts.cwd });
  const log = opts.log ?? pino({ level: config.logLevel, base: { service: 'newsfeed', pid: process.pid } });
  const roles = new Set(opts.roles);
  log.info({ roles: [...roles], queuePrefix: config.queuePrefix, database: config.databaseUrl.split(':')[0] }, 'starting');

  const redisHandle = await ensureRedis({ url: config.redisUrl, explicit: config.redisUrlExplicit, dataDir: path.resolve(opts.cwd, 'data'), envPath: opts.env.PATH, log });
  const connections: Redis[] = [];
  const connect = (name: string, blocking = false) => {
    const c = createRedis(config.redisUrl, { name: `${config.queuePrefix}:${name}`, blocking });
    c.on('error', (err) => log.warn({ err: { message: err.message }, connection: name }, 'redis connection error'));
    connections.push(c);
    return c;
  };
  const redis = connect('main');
  const policy = (await redis.config('GET', 'maxmemory-policy').catch(() => [])) as string[];
  if (policy[1] && policy[1] !== 'noeviction') log.warn({ maxmemoryPolicy: policy[1] }, 'Redis must run with maxmemory-policy noeviction: queued jobs may be evicted');

  let store: Awaited<ReturnType<typeof openStore>>;
  try {
    store = await openStore(resolveDatabaseUrl(config.databaseUrl, opts.cwd));
  } catch (err) {
    // Nothing else is open yet but Redis: closed, so the process exits with the error (and a
    // supervisor restarts it) instead of hanging on an open connection.
    const e = err as { code?: unknown; message?: unknown };
    log.error({ err: { code: e.code, message: e.message } }, 'start failed');
    await Promise.all(connections.map((c) => c.quit().catch(() => c.disconnect())));
    await redisHandle.stop();
    throw err;
  }
  const queues = createQueues(redis, { ...queueSettings(config), onError: (err, queue) => log.debug({ err: { message: err.message }, queue }, 'queue error') });
  const counters = createRedisCounters(redis, config.queuePrefix);
  // Counters are written to Redis once a second (and at stop), not once per job.
  const flushTimer = setInterval(() => void counters.flush().catch(() => undefined), 1000);
  const dueIndex = createDueIndex(redis, config.queuePrefix);
  const workers: Array<{ name: string; worker: Worker; abort?: AbortController }> = [];
  let scheduler: Awaited<ReturnType<typeof startScheduler>> | null = null;
  let retention: ReturnType<typeof startRetention> | null = null;
  let api: Awaited<ReturnType<typeof startApi>> | null = null;

  const stop = async () => {
    log.info('stopping: no new work, letting active jobs finish');
    // Every step is bounded: with Redis or the store down, a step that waits on it would hold the
    // process past its grace period (a supervisor then kills it). What did not finish is logged.
    const step = async (name: string, work: Promise<unknown> | undefined, ms = STOP_STEP_MS) => {
      if (work && !(await withTimeout(work, ms))) log.warn({ step: name, ms }, 'shutdown step did not finish in time: left behind');
    };
    await step('scheduler', scheduler?.stop());
    await step('retention', retention?.stop());
    const closing = Promise.all(workers.map((w) => w.worker.close()));
    if (!(await withTimeout(closing, config.shutdown.graceMs))) {
      log.warn({ graceMs: config.shutdown.graceMs }, 'active jobs did not finish in time: aborting them (they will be retried)');
      for (const w of workers) w.abort?.abort();
      await step('workers', Promise.all(workers.map((w) => w.worker.close(true))));
    }
    await step('api', api?.app.close());
    clearInterval(flushTimer);
    await step('counters', counters.flush().catch(() => undefined));
    await step('queues', queues.close());
    await step('redis', Promise.all(connections.map((c) => c.quit().catch(() => c.disconnect()))));
    for (const c of connections) c.disconnect();
    await step('store', store.close());
    await step('local redis', redisHandle.stop());
    log.info('stopped');
  };

  try {
    // The classifier's files first: a bad one stops the start before any feed is polled.
    let classifierParts: ClassifierParts | null = null;
    if (roles.has('ingester')) {
      classifierParts = loadClassifierParts(config, opts.cwd);
      log.info({ topicsFile: config.topicsFile, topics: classifierParts.taxonomy.topics.length, model: config.classifierModel ?? null, modelTopics: classifierParts.model?.topics.map((t) => t.id) ?? [] }, 'classifier loaded');
    }
    if (roles.has('scheduler')) {
      const feedsFile = path.resolve(opts.cwd, config.feedsFile);
      if (existsSync(feedsFile)) {
        const imported = await importOpmlFile(feedsFile, store);
        log.info({ file: config.feedsFile, ...imported, rejected: imported.rejected.length, warnings: imported.warnings.length }, 'feeds file imported');
        for (const r of imported.rejected) log.warn({ url: maskCredentials(r.url), reason: r.reason }, 'feeds file entry skipped');
        for (const w of imported.warnings) log.warn({ url: maskCredentials(w.url), warning: w.warning }, 'feeds file entry added without a setting');
      } else {
        log.warn({ file: config.feedsFile }, 'feeds file not found: starting with the feeds already in the store');
      }
      scheduler = await startScheduler({ store, dueIndex, queues, settings: config.scheduler, log: log.child({ component: 'scheduler' }) });
      retention = startRetention({ store, settings: config.retention, counters, log: log.child({ component: 'retention' }) });
    }
    if (roles.has('fetcher')) {
      const { worker, abort } = startFetchWorker({ config, redis, workerConnection: connect('fetcher', true), queues, store, dueIndex, counters, log: log.child({ component: 'fetcher' }) });
      workers.push({ name: 'fetcher', worker, abort });
    }
    if (roles.has('ingester')) {
      const worker = await startIngestWorker({ config, cwd: opts.cwd, redis, workerConnection: connect('ingester', true), queues, store, counters, log: log.child({ component: 'ingester' }), classifierParts: classifierParts ?? undefined });
      workers.push({ name: 'ingester', worker });
      const webhooks = startWebhookWorker({ config, workerConnection: connect('webhooks', true), queues, store, counters, log: log.child({ component: 'webhooks' }) });
      workers.push({ name: 'webhooks', ...webhooks });
    }
    if (roles.has('api')) {
      const deps = await apiDepsFor({ config, cwd: opts.cwd, store, redis, queues, dueIndex, connect, log: log.child({ component: 'api' }) });
      api = await startApi(deps, { queues, host: config.host, port: config.port });
    }
  } catch (err) {
    const e = err as { code?: unknown; message?: unknown };
    log.error({ err: { code: e.code, message: e.message } }, 'start failed');
    await stop().catch(() => undefined);
    throw err;
  }
  log.info({ roles: [...roles], api: api?.address ?? null }, 'started');
  return { config, log, apiAddress: api?.address ?? null, stop };
}

/** How long a stopped service may take to let go of its last handles before the process exits anyway. */
const EXIT_AFTER_STOP_MS = 1000;

/** How often a service launched by npm checks that npm is still there. */
const LAUNCHER_CHECK_MS = 1000;

/**
 * Runs the service until SIGTERM or SIGINT, then drains and resolves with exit code 0; a second
 * signal forces the exit (code 1). Launched through npm (`npx newsfeed start`, `npm start`: npm
 * sets npm_command), it also stops that way when npm exits: npm 11 exits on SIGTERM without
 * passing the signal on, which would leave the service running with no parent.
 */
export async function runService(opts: ServiceOptions): Promise<number> {
  const service = await startService(opts);
  const parentPid = opts.parentPid ?? (() => process.ppid);
  return new Promise<number>((resolve) => {
    let stopping = false;
    let launcherCheck: NodeJS.Timeout | null = null;
    const onSignal = (signal: NodeJS.Signals | 'launcher exited') => {
      if (stopping) {
        service.log.warn({ signal }, 'second signal: exiting now');
        process.exit(1);
      }
      stopping = true;
      if (launcherCheck) clearInterval(launcherCheck);
      service.log.info({ signal }, 'signal received');
      const exitSoon = (code: number) => {
        // A connection a library left open (a worker's blocking Redis client during an outage)
        // must not keep the stopped service alive: the process exits after a moment regardless.
        setTimeout(() => process.exit(code), EXIT_AFTER_STOP_MS).unref();
        resolve(code);
      };
      service.stop().then(
        () => exitSoon(0),
        (err) => {
          service.log.error({ err }, 'shutdown failed');
          exitSoon(1);
        },
      );
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
    if (opts.env.npm_command) {
      const launcher = parentPid();
      launcherCheck = setInterval(() => {
        if (parentPid() !== launcher) onSignal('launcher exited');
      }, LAUNCHER_CHECK_MS);
      launcherCheck.unref();
    }
  });
}
