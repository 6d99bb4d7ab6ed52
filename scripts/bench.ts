/**
 * npm run bench [-- --feeds 400 --items 25 --hosts 40]
 *
 * Polls a local feed farm with the real service (`newsfeed start`, all roles, one process, SQLite)
 * and reports, measured in the same run on the same feeds:
 *   - ceilings: rss-parser parsing alone, our parser alone, BullMQ no-op jobs;
 *   - baseline: a naive BullMQ + rss-parser pipeline that only parses and inserts;
 *   - the service: new stories/s end to end (process start to last story stored, and from the first
 *     story stored), polls/s when every feed answers 304, and the service process's peak RSS.
 * Figures are printed with their ratio to the baselines, so runs on other machines compare.
 *
 * --service-only skips the ceilings and the baseline (for quick comparisons of settings); NEWSFEED_*
 * settings in the environment are passed to the service, e.g. NEWSFEED_INGEST__THREADS=false.
 * --webhooks N also runs the service with N webhook subscriptions to every story (a local receiver
 * answering 200), and reports its stories/s against the run without any, and the stories delivered/s.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import Parser from 'rss-parser';
import { parseFeed } from '../src/parse/parse-feed.js';
import { createDueIndex } from '../src/queue/due-index.js';
import { deleteKeysUnder } from '../src/queue/delete-keys.js';
import { openStore } from '../src/store/open-store.js';
import { farmOpml, freePort, startFeedFarm } from './feed-farm.js';

const { values: args } = parseArgs({
  options: {
    feeds: { type: 'string', default: '400' },
    items: { type: 'string', default: '25' },
    hosts: { type: 'string', default: '40' },
    redis: { type: 'string', default: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' },
    json: { type: 'boolean', default: false },
    'service-only': { type: 'boolean', default: false },
    webhooks: { type: 'string', default: '0' },
  },
});
const FEEDS = Number(args.feeds);
const ITEMS = Number(args.items);
const REDIS_URL = args.redis!;
const TOTAL = FEEDS * ITEMS;
const runId = `bench_${Date.now().toString(36)}`;



function log(line: string): void {
  if (!args.json) process.stderr.write(`${line}\n`);
}

/** Ceiling: rss-parser's parseString over every body, and our parseFeed over the same bodies. */
async function measureParsers(bodies: Buffer[]) {
  const parser = new Parser();
  let items = 0;
  let t = performance.now();
  for (const body of bodies) items += (await parser.parseString(body.toString('utf8'))).items.length;
  const rssParser = items / ((performance.now() - t) / 1000);
  items = 0;
  t = performance.now();
  for (const body of bodies) items += parseFeed(body, { contentType: 'application/rss+xml; charset=utf-8' }).items.length;
  const ours = items / ((performance.now() - t) / 1000);
  return { rssParserItemsPerSec: rssParser, ourParserItemsPerSec: ours };
}

/** Ceiling: BullMQ no-op jobs per second (addBulk then one worker at concurrency 50). */
async function measureBullmqNoop(redis: Redis, jobs: number) {
  const prefix = `${runId}_noop`;
  const queue = new Queue('noop', { connection: redis, prefix });
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  let done = 0;
  let resolve!: () => void;
  const finished = new Promise<void>((r) => (resolve = r));
  const t = performance.now();
  const worker = new Worker('noop', async () => {}, { connection, prefix, concurrency: 50 });
  worker.on('completed', () => ++done === jobs && resolve());
  for (let i = 0; i < jobs; i += 1000) await queue.addBulk(Array.from({ length: Math.min(1000, jobs - i) }, (_, k) => ({ name: 'noop', data: { i: i + k }, opts: { removeOnComplete: true } })));
  await finished;
  const rate = jobs / ((performance.now() - t) / 1000);
  await worker.close();
  await queue.close();
  connection.disconnect();
  await deleteKeysUnder(redis, prefix);
  return rate;
}

/** Baseline: the naive pipeline, one BullMQ job per feed body → rss-parser → INSERT into SQLite. */
async function measureNaivePipeline(redis: Redis, bodies: Buffer[], dir: string) {
  const prefix = `${runId}_naive`;
  const db = new Database(path.join(dir, 'naive.db'));
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE items (guid TEXT PRIMARY KEY, title TEXT, link TEXT, content TEXT, published TEXT)');
  const insert = db.prepare('INSERT OR IGNORE INTO items VALUES (?, ?, ?, ?, ?)');
  const parser = new Parser();
  const queue = new Queue('naive', { connection: redis, prefix });
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  let stored = 0;
  let resolve!: () => void;
  const finished = new Promise<void>((r) => (resolve = r));
  const t = performance.now();
  const worker = new Worker(
    'naive',
    async (job) => {
      const feed = await parser.parseString(job.data.body as string);
      db.transaction(() => {
        for (const it of feed.items) stored += insert.run(it.guid ?? it.link, it.title, it.link, it.content ?? '', it.isoDate ?? null).changes;
      })();
      if (stored >= TOTAL) resolve();
    },
    { connection, prefix, concurrency: 8 },
  );
  await queue.addBulk(bodies.map((b, i) => ({ name: 'feed', data: { body: b.toString('utf8') }, opts: { jobId: `f${i}`, removeOnComplete: true } })));
  await finished;
  const rate = stored / ((performance.now() - t) / 1000);
  await worker.close();
  await queue.close();
  connection.disconnect();
  db.close();
  await deleteKeysUnder(redis, prefix);
  return rate;
}

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

async function until(fn: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await fn().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`bench: timed out waiting for ${what}`);
}

/** A webhook receiver on loopback that answers 200 and counts the stories it is sent. */
async function startReceiver(): Promise<{ url: string; stories: () => number; close: () => Promise<void> }> {
  let stories = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      stories += (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { stories: unknown[] }).stories.length;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/in`, stories: () => stories, close: () => new Promise((r) => server.close(() => r())) };
}

/**
 * The service itself, as a child process, polling the farm: stories/s, 304 polls/s, peak RSS; with
 * `webhooks` subscriptions to every story, also the stories delivered/s (start to last delivery).
 */
async function measureService(redis: Redis, farmUrls: string[], farm: Awaited<ReturnType<typeof startFeedFarm>>, dir: string, webhooks = 0) {
  const prefix = `${runId}_svc${webhooks}`;
  const databaseFile = path.join(dir, `service-${webhooks}.db`);
  const receiver = webhooks > 0 ? await startReceiver() : null;
  if (receiver) {
    const store = await openStore(`sqlite:${databaseFile}`);
    for (let i = 0; i < webhooks; i += 1) await store.addWebhook({ url: `${receiver.url}?n=${i}`, secret: 'bench-secret-0123456789' });
    await store.close();
  }
  const opml = path.join(dir, 'feeds.opml');
  writeFileSync(opml, farmOpml(farmUrls));
  const port = await freePort();
  const api = `http://127.0.0.1:${port}`;
  const env = {
    PATH: process.env.PATH,
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    DATABASE_URL: `sqlite:${databaseFile}`,
    FEEDS_FILE: opml,
    ALLOW_PRIVATE_NETWORKS: 'true',
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('NEWSFEED_'))),
  };
  const t0 = performance.now();
  // Profiling: BENCH_SERVICE_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' npm run bench
  const nodeArgs = (process.env.BENCH_SERVICE_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, 'bin/newsfeed.js', 'start'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  let stopping = false;
  child.once('exit', (code) => {
    if (!stopping) {
      log(`bench: the service exited early (code ${code})`);
      process.exit(1);
    }
  });
  const stats = async () => (await (await fetch(`${api}/api/stats`)).json()) as { stories: number };
  let firstAt = 0;
  let firstCount = 0;
  await until(async () => {
    const n = (await stats()).stories;
    if (n > 0 && !firstAt) [firstAt, firstCount] = [performance.now(), n];
    return n >= TOTAL;
  }, 600_000, 'all stories');
  const doneAt = performance.now();
  const ingestSec = (doneAt - t0) / 1000;
  const steadyPerSec = (TOTAL - firstCount) / ((doneAt - firstAt) / 1000);
  let deliveredPerSec: number | null = null;
  if (receiver) {
    await until(async () => receiver.stories() >= TOTAL * webhooks, 600_000, 'webhook deliveries');
    deliveredPerSec = (TOTAL * webhooks) / ((performance.now() - t0) / 1000);
  }

  // Every feed due again now: each answers 304 (its ETag is unchanged).
  const before = farm.stats.notModified;
  const due = createDueIndex(redis, prefix);
  const t1 = performance.now();
  const ids = await due.members();
  await due.addMissing([]);
  for (const id of ids) await due.schedule(id, new Date());
  await until(async () => farm.stats.notModified - before >= ids.length, 300_000, '304 polls');
  const pollSec = (performance.now() - t1) / 1000;
  const rss = peakRssMb(child.pid!);
  const exited = new Promise<number | null>((r) => child.once('exit', r));
  stopping = true;
  child.kill('SIGTERM');
  const code = await exited;
  await deleteKeysUnder(redis, prefix);
  await receiver?.close();
  return { storiesPerSec: TOTAL / ingestSec, ingestSec, firstStorySec: (firstAt - t0) / 1000, steadyPerSec, polls304PerSec: ids.length / pollSec, peakRssMb: rss, exitCode: code, deliveredPerSec };
}

const WEBHOOKS = Number(args.webhooks);

type ServiceRun = Awaited<ReturnType<typeof measureService>>;

/** The run with webhooks against the run without, printed and returned. */
function logWebhooks(without: ServiceRun, withHooks: ServiceRun) {
  const ratio = withHooks.storiesPerSec / without.storiesPerSec;
  log(`  service with ${WEBHOOKS} webhook(s): new stories/s ${withHooks.storiesPerSec.toFixed(0)} (${ratio.toFixed(2)}× the run without); stories delivered ${withHooks.deliveredPerSec!.toFixed(0)}/s from process start to the last delivery`);
  return { subscriptions: WEBHOOKS, newStoriesPerSec: Math.round(withHooks.storiesPerSec), vsWithout: Number(ratio.toFixed(3)), deliveredStoriesPerSec: Math.round(withHooks.deliveredPerSec!) };
}

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'newsfeed-bench-'));
  const redis = new Redis(REDIS_URL);
  const farm = await startFeedFarm({ feeds: FEEDS, itemsPerFeed: ITEMS, hosts: Number(args.hosts) });
  try {
    log(`bench: ${FEEDS} feeds × ${ITEMS} items = ${TOTAL} stories on ${args.hosts} loopback hosts; ${os.cpus().length} cores, Node ${process.version}`);
    if (args['service-only']) {
      const service = await measureService(redis, farm.feedUrls, farm, dir);
      log(`  service: new stories/s       ${service.storiesPerSec.toFixed(0)} from process start; ${service.steadyPerSec.toFixed(0)}/s after the first story (${service.firstStorySec.toFixed(2)} s)`);
      log(`  service: 304 polls/s         ${service.polls304PerSec.toFixed(0)}; peak RSS ${service.peakRssMb.toFixed(0)} MB; exit code on SIGTERM ${service.exitCode}`);
      if (WEBHOOKS > 0) logWebhooks(service, await measureService(redis, farm.feedUrls, farm, dir, WEBHOOKS));
      return;
    }
    const bodies = await Promise.all(farm.feedUrls.map(async (u) => Buffer.from(await (await fetch(u)).arrayBuffer())));
    const parsers = await measureParsers(bodies);
    log(`  rss-parser parse alone        ${parsers.rssParserItemsPerSec.toFixed(0)} items/s`);
    log(`  newsfeed parseFeed alone      ${parsers.ourParserItemsPerSec.toFixed(0)} items/s`);
    const noop = await measureBullmqNoop(redis, 20_000);
    log(`  BullMQ no-op jobs             ${noop.toFixed(0)} jobs/s`);
    const naive = await measureNaivePipeline(redis, bodies, dir);
    log(`  naive BullMQ+rss-parser+insert ${naive.toFixed(0)} items/s`);
    const service = await measureService(redis, farm.feedUrls, farm, dir);
    const result = {
      feeds: FEEDS,
      itemsPerFeed: ITEMS,
      ceilings: { rssParserItemsPerSec: Math.round(parsers.rssParserItemsPerSec), ourParserItemsPerSec: Math.round(parsers.ourParserItemsPerSec), bullmqNoopJobsPerSec: Math.round(noop) },
      baseline: { naivePipelineItemsPerSec: Math.round(naive) },
      service: {
        newStoriesPerSec: Math.round(service.storiesPerSec),
        ingestSeconds: Number(service.ingestSec.toFixed(2)),
        firstStorySeconds: Number(service.firstStorySec.toFixed(2)),
        storiesPerSecAfterFirst: Math.round(service.steadyPerSec),
        polls304PerSec: Math.round(service.polls304PerSec),
        peakRssMb: Math.round(service.peakRssMb),
        exitCodeOnSigterm: service.exitCode,
      },
      ratios: {
        storiesVsNaivePipeline: Number((service.storiesPerSec / naive).toFixed(3)),
        storiesAfterFirstVsNaivePipeline: Number((service.steadyPerSec / naive).toFixed(3)),
        storiesVsRssParserAlone: Number((service.storiesPerSec / parsers.rssParserItemsPerSec).toFixed(3)),
        ourParserVsRssParser: Number((parsers.ourParserItemsPerSec / parsers.rssParserItemsPerSec).toFixed(3)),
        polls304VsBullmqNoop: Number((service.polls304PerSec / noop).toFixed(3)),
      },
    };
    log(`  service: new stories/s       ${result.service.newStoriesPerSec} from process start (${result.ratios.storiesVsNaivePipeline}× the naive pipeline, ${result.ratios.storiesVsRssParserAlone}× rss-parser alone)`);
    log(`  service: after first story   ${result.service.storiesPerSecAfterFirst}/s (${result.ratios.storiesAfterFirstVsNaivePipeline}× the naive pipeline); first story stored ${result.service.firstStorySeconds} s after start`);
    log(`  service: 304 polls/s         ${result.service.polls304PerSec} (${result.ratios.polls304VsBullmqNoop}× BullMQ no-op jobs)`);
    log(`  service: peak RSS            ${result.service.peakRssMb} MB; exit code on SIGTERM ${service.exitCode}`);
    if (WEBHOOKS > 0) Object.assign(result, { webhooks: logWebhooks(service, await measureService(redis, farm.feedUrls, farm, dir, WEBHOOKS)) });
    process.stdout.write(`${JSON.stringify(result, null, args.json ? 0 : 2)}\n`);
  } finally {
    await farm.close();
    redis.disconnect();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err?.stack ?? err}\n`);
  process.exit(1);
});
