/**
 * Rerunnable fetch benchmark (not a test): `npx tsx tests/unit/fetch/bench-fetch.ts [requests] [concurrency]`.
 * Serves a ~60 KB feed from a local node:http server and reports requests/s of each variant as a
 * ratio against a baseline measured in the same run (a bare keep-alive http.get reading the body),
 * plus the peak RSS growth while an endless body is cut at the default 10 MiB cap.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import zlib from 'node:zlib';
import { Redis } from 'ioredis';
import { fetchFeed, type FetchDeps } from '../../../src/fetch/fetch-feed.js';
import { createMemoryHostLimiter } from '../../../src/fetch/host-limiter.js';
import { createRedisHostLimiter } from '../../../src/fetch/redis-host-limiter.js';
import { mapLookup } from './feed-server.js';

const REQUESTS = Number(process.argv[2] ?? 2000);
const CONCURRENCY = Number(process.argv[3] ?? 16);
const BODY = Buffer.from(`<?xml version="1.0"?><rss version="2.0"><channel><title>Bench</title>${'<item><title>Russia and Iran sign a comprehensive strategic partnership treaty</title><description>The two presidents signed the treaty in Moscow.</description></item>'.repeat(400)}</channel></rss>`);
const GZIPPED = zlib.gzipSync(BODY);

const server = http.createServer((req, res) => {
  if (req.url === '/forever') {
    res.writeHead(200);
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let open = true;
    res.on('close', () => (open = false));
    const pump = () => {
      while (open && res.write(chunk));
      if (open) res.once('drain', pump);
    };
    return pump();
  }
  const gzip = req.url === '/gzip' && /gzip/.test(String(req.headers['accept-encoding']));
  res.writeHead(200, { 'content-type': 'application/rss+xml', ...(gzip ? { 'content-encoding': 'gzip' } : {}) });
  res.end(gzip ? GZIPPED : BODY);
});
server.keepAliveTimeout = 30_000;
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const port = (server.address() as AddressInfo).port;
const base = `http://127.0.0.1:${port}`;

async function run(task: () => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next++ < REQUESTS) await task();
    }),
  );
  return REQUESTS / ((performance.now() - started) / 1000);
}

const rawAgent = new http.Agent({ keepAlive: true });
const rawGet = () =>
  new Promise<Buffer>((resolve, reject) => {
    http
      .get(`${base}/plain`, { agent: rawAgent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(Buffer.concat(chunks)));
        res.on('error', reject);
      })
      .on('error', reject);
  });

const open: FetchDeps = { allowPrivateNetworks: true };
const redis = new Redis('redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 0 });
const redisUp = await redis.connect().then(
  () => true,
  () => false,
);
const prefix = `bench:fetch:${process.pid}`;

const variants: [string, () => Promise<unknown>][] = [
  ['baseline: http.get keep-alive, body read', rawGet],
  ['http.get keep-alive + sha256 of the body (inherent work of fetchFeed)', async () => createHash('sha256').update(await rawGet()).digest('hex')],
  ['global fetch() (bundled undici), body read', async () => (await fetch(`${base}/plain`)).arrayBuffer()],
  ['fetchFeed, pooled keep-alive agent', () => fetchFeed({ url: `${base}/plain` }, open)],
  ['fetchFeed, gzip body', () => fetchFeed({ url: `${base}/gzip` }, open)],
  ['fetchFeed, custom lookup (new connection each time)', () => fetchFeed({ url: `http://bench.test:${port}/plain` }, { ...open, lookup: mapLookup({ 'bench.test': '127.0.0.1' }) })],
  ['fetchFeed + memory host limiter (cap 16)', () => fetchFeed({ url: `${base}/plain` }, { ...open, hostLimiter: memoryLimiter })],
];
const memoryLimiter = createMemoryHostLimiter({ maxPerHost: 16 });
if (redisUp) {
  const redisLimiter = createRedisHostLimiter({ redis, prefix, maxPerHost: 16 });
  variants.push(['fetchFeed + Redis host limiter (cap 16)', () => fetchFeed({ url: `${base}/plain` }, { ...open, hostLimiter: redisLimiter })]);
}
variants.push(['baseline again (shows the run-to-run noise)', rawGet]);

const before = process.memoryUsage();
let peakRss = before.rss;
let peakBuffers = before.arrayBuffers;
const sampler = setInterval(() => {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakBuffers = Math.max(peakBuffers, m.arrayBuffers);
}, 2);
const capStarted = performance.now();
const outcome = await fetchFeed({ url: `${base}/forever` }, open).then(
  () => 'no error?!',
  (e: { code?: string }) => e.code,
);
clearInterval(sampler);
const mib = (n: number) => (n / 1048576).toFixed(1);
console.log(`endless body, default 10 MiB cap: ${outcome} after ${(performance.now() - capStarted).toFixed(0)} ms; peak growth: RSS ${mib(peakRss - before.rss)} MiB, Buffers ${mib(peakBuffers - before.arrayBuffers)} MiB`);

await run(rawGet); // warm-up
await run(() => fetchFeed({ url: `${base}/plain` }, open));
console.log(`fetch bench: ${REQUESTS} requests, concurrency ${CONCURRENCY}, body ${BODY.length} bytes (gzip ${GZIPPED.length})`);
let baseline = 0;
for (const [name, task] of variants) {
  const rate = await run(task);
  if (baseline === 0) baseline = rate;
  console.log(`${name.padEnd(70)} ${rate.toFixed(0).padStart(7)} req/s  ratio ${(rate / baseline).toFixed(2)}`);
}

if (redisUp) {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
}
redis.disconnect();
rawAgent.destroy();
server.closeAllConnections();
server.close();
process.exit(0);
