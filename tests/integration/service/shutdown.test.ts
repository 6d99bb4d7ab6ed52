import { freePort } from '../../../scripts/feed-farm.js';
import { spawn } from 'node:child_process';
import http from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { farmOpml } from '../../../scripts/feed-farm.js';
import { openStore } from '../../../src/store/open-store.js';
import { startService } from '../../../workers/main.js';
import { ensureRedis } from '../../../workers/local-redis.js';
import { REDIS_URL, redisAvailable, uniqueName, deletePrefix } from '../../helpers/services.js';
import { startTcpProxy } from '../../helpers/tcp-proxy.js';

const RSS = '<?xml version="1.0"?><rss version="2.0"><channel><title>Slow</title><item><guid>s1</guid><title>Slow story about harbour cranes</title><description>Cranes, tides and a bakery.</description></item></channel></rss>';

describe.skipIf(!redisAvailable)('service shutdown', () => {
  let server: http.Server;
  let url: string;
  let dir: string;
  let prefix: string;
  let requests = 0;
  let delayMs = 0;

  beforeEach(async () => {
    requests = 0;
    delayMs = 0;
    server = http.createServer((_req, res) => {
      requests++;
      setTimeout(() => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(RSS), delayMs);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slow.xml`;
    dir = mkdtempSync(path.join(os.tmpdir(), 'newsfeed-shutdown-'));
    writeFileSync(path.join(dir, 'feeds.opml'), farmOpml([url]));
    prefix = uniqueName('shutdown');
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    const redis = new Redis(REDIS_URL);
    await deletePrefix(redis, prefix);
    redis.disconnect();
    rmSync(dir, { recursive: true, force: true });
  });

  const env = (graceMs: number) => ({
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    DATABASE_URL: `sqlite:${path.join(dir, 'db.sqlite')}`,
    FEEDS_FILE: path.join(dir, 'feeds.opml'),
    ALLOW_PRIVATE_NETWORKS: 'true',
    SHUTDOWN_GRACE_MS: String(graceMs),
    NEWSFEED_SCHEDULER__TICK_MS: '50',
  });
  const waitFor = async (fn: () => boolean) => {
    for (let i = 0; i < 200 && !fn(); i++) await new Promise((r) => setTimeout(r, 25));
  };

  it('lets an active poll finish within the grace period, then closes everything', async () => {
    delayMs = 800;
    const service = await startService({ roles: ['scheduler', 'fetcher'], env: env(5000), cwd: process.cwd(), log: pino({ level: 'silent' }) });
    await waitFor(() => requests > 0);
    const started = Date.now();
    await service.stop();
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
    const store = await openStore(`sqlite:${path.join(dir, 'db.sqlite')}`);
    const [feed] = await store.listFeeds();
    await store.close();
    expect(feed!.lastSuccessAt).not.toBeNull();
    expect(feed!.status).toBe('active');
  });

  it('aborts a poll that outlives the grace period, without counting it against the feed', async () => {
    delayMs = 20_000;
    const service = await startService({ roles: ['scheduler', 'fetcher'], env: env(300), cwd: process.cwd(), log: pino({ level: 'silent' }) });
    await waitFor(() => requests > 0);
    const started = Date.now();
    await service.stop();
    expect(Date.now() - started).toBeLessThan(5000);
    const store = await openStore(`sqlite:${path.join(dir, 'db.sqlite')}`);
    const [feed] = await store.listFeeds();
    await store.close();
    expect(feed!.errorCount).toBe(0);
  });

  // The same one-feed server (answering at once); the built CLI, so the ingester runs its jobs in worker threads.
  describe('the classifier files are read once, before any feed is polled', () => {
    const start = (model: string) =>
      spawn(process.execPath, ['bin/newsfeed.js', 'start', '--role', 'all'], {
        env: {
          PATH: process.env.PATH, REDIS_URL, QUEUE_PREFIX: prefix, DATABASE_URL: `sqlite:${path.join(dir, 'db.sqlite')}`, FEEDS_FILE: path.join(dir, 'feeds.opml'),
          ALLOW_PRIVATE_NETWORKS: 'true', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', CLASSIFIER_MODEL: model, NEWSFEED_SCHEDULER__TICK_MS: '50',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });

    it('a bad model stops the start with its code, logged, before any feed is polled', async () => {
      writeFileSync(path.join(dir, 'bad.json'), '{garbage');
      const child = start(path.join(dir, 'bad.json'));
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => void (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => void (stderr += c.toString()));
      const code = await new Promise<number | null>((r) => child.once('exit', r));
      expect(code).toBe(1);
      expect(stderr).toContain('CLASSIFY_MODEL_INVALID');
      expect(stdout).toMatch(/"code":"CLASSIFY_MODEL_INVALID".*"msg":"start failed"/);
      expect(requests).toBe(0);
    }, 30_000);

    it('a model file rewritten or broken while the service runs changes nothing: stories are still stored', async () => {
      const { trainLinearModel } = await import('../../../src/classify/linear-model.js');
      const { saveLinearModel } = await import('../../../src/classify/model-file.js');
      const examples = Array.from({ length: 24 }, (_, i) => (i % 2 ? { title: `Harbour cranes report ${i}`, text: 'Cranes, tides and a bakery.', topics: ['economy'] } : { title: `Match report ${i}`, text: 'The striker scored twice in the cup final.', topics: ['sport'] }));
      const modelPath = path.join(dir, 'model.json');
      saveLinearModel(modelPath, trainLinearModel(examples, { folds: 0, minPositives: 2, preferRules: false }));
      const child = start(modelPath);
      let stdout = '';
      child.stdout.on('data', (c: Buffer) => void (stdout += c.toString()));
      const exited = new Promise<number | null>((r) => child.once('exit', r));
      try {
        for (let i = 0; i < 300 && !stdout.includes('"msg":"started"'); i++) await new Promise((r) => setTimeout(r, 20));
        expect(stdout).toContain('"msg":"classifier loaded"');
        writeFileSync(modelPath, '{garbage'); // before the first poll's ingest job
        const store = await openStore(`sqlite:${path.join(dir, 'db.sqlite')}`);
        try {
          let stories = 0;
          for (let i = 0; i < 200 && stories === 0; i++) {
            await new Promise((r) => setTimeout(r, 50));
            stories = (await store.stats()).stories;
          }
          expect(requests).toBeGreaterThan(0);
          expect(stories).toBe(1);
        } finally {
          await store.close();
        }
      } finally {
        child.kill('SIGTERM');
        expect(await exited).toBe(0);
      }
    }, 30_000);
  });
});

describe.skipIf(!redisAvailable)('newsfeed start and signals', () => {
  it('exits 0 after SIGTERM, and at once with 1 on a second signal while jobs drain', async () => {
    let hits = 0;
    const slow = http.createServer(() => void hits++); // never answers: the poll stays active
    await new Promise<void>((r) => slow.listen(0, '127.0.0.1', r));
    const dir = mkdtempSync(path.join(os.tmpdir(), 'newsfeed-signal-'));
    writeFileSync(path.join(dir, 'feeds.opml'), farmOpml([`http://127.0.0.1:${(slow.address() as AddressInfo).port}/stuck.xml`]));
    const prefix = uniqueName('signal');
    const child = spawn(process.execPath, ['bin/newsfeed.js', 'start', '--role', 'scheduler,fetcher'], {
      env: { PATH: process.env.PATH, REDIS_URL, QUEUE_PREFIX: prefix, DATABASE_URL: `sqlite:${path.join(dir, 'db.sqlite')}`, FEEDS_FILE: path.join(dir, 'feeds.opml'), ALLOW_PRIVATE_NETWORKS: 'true', SHUTDOWN_GRACE_MS: '60000', LOG_LEVEL: 'warn' },
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    for (let i = 0; i < 200 && hits === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(hits).toBeGreaterThan(0);
    child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    expect(child.exitCode).toBeNull(); // still draining: the poll is active and the grace is a minute
    const started = Date.now();
    child.kill('SIGINT');
    expect(await exited).toBe(1);
    expect(Date.now() - started).toBeLessThan(3000);
    slow.closeAllConnections();
    await new Promise((r) => slow.close(r));
    const redis = new Redis(REDIS_URL);
    await deletePrefix(redis, prefix);
    redis.disconnect();
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);
});

describe.skipIf(!redisAvailable)('newsfeed start stopped while Redis is down', () => {
  it('exits 0 soon after SIGTERM, within its grace period and bounded steps, instead of waiting for Redis to come back', async () => {
    const redisUrl = new URL(REDIS_URL);
    const proxy = await startTcpProxy({ host: redisUrl.hostname, port: Number(redisUrl.port || 6379) });
    redisUrl.port = String(proxy.port);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'newsfeed-outage-stop-'));
    writeFileSync(path.join(dir, 'none.opml'), farmOpml([]));
    const prefix = uniqueName('outagestop');
    const child = spawn(process.execPath, ['bin/newsfeed.js', 'start', '--role', 'all'], {
      env: { PATH: process.env.PATH, REDIS_URL: redisUrl.toString(), QUEUE_PREFIX: prefix, DATABASE_URL: `sqlite:${path.join(dir, 'db.sqlite')}`, FEEDS_FILE: path.join(dir, 'none.opml'), PORT: '0', HOST: '127.0.0.1', SHUTDOWN_GRACE_MS: '1000', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => void (stdout += c.toString()));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    try {
      for (let i = 0; i < 300 && !stdout.includes('"msg":"started"'); i++) await new Promise((r) => setTimeout(r, 50));
      expect(stdout).toContain('"msg":"started"');
      await proxy.cut();
      await new Promise((r) => setTimeout(r, 500));
      const started = Date.now();
      child.kill('SIGTERM');
      const code = await Promise.race([exited, new Promise<string>((r) => setTimeout(() => r('still running'), 25_000))]);
      expect(code).toBe(0);
      // Grace 1 s, then a few bounded steps of 2 s at most.
      expect(Date.now() - started).toBeLessThan(20_000);
      expect(stdout).toContain('"msg":"stopped"');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await proxy.restore();
      await proxy.close();
      const redis = new Redis(REDIS_URL);
      await deletePrefix(redis, prefix);
      redis.disconnect();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe.skipIf(!redisAvailable)('a bad classifier file', () => {
  // The built CLI, so the ingester runs its jobs in worker threads, which load the files themselves.
  it.each([
    ['CLASSIFIER_MODEL', 'model.json', 'CLASSIFY_MODEL_INVALID', '{"format":"something else"}'],
    ['CLASSIFIER_MODEL', 'missing.json', 'CLASSIFY_MODEL_UNREADABLE', null],
    ['TOPICS_FILE', 'topics.yaml', 'CLASSIFY_TAXONOMY_INVALID', 'topics: [{id: x}]'],
  ])('%s=%s stops newsfeed start --role ingester with %s', async (variable, file, code, content) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'newsfeed-badmodel-'));
    if (content !== null) writeFileSync(path.join(dir, file), content);
    writeFileSync(path.join(dir, 'none.opml'), farmOpml([]));
    const prefix = uniqueName('badmodel');
    const child = spawn(process.execPath, ['bin/newsfeed.js', 'start', '--role', 'ingester'], {
      env: { PATH: process.env.PATH, REDIS_URL, QUEUE_PREFIX: prefix, DATABASE_URL: `sqlite:${path.join(dir, 'db.sqlite')}`, FEEDS_FILE: path.join(dir, 'none.opml'), LOG_LEVEL: 'warn', [variable]: path.join(dir, file) },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => void (stderr += c.toString()));
    const code1 = await Promise.race([
      new Promise<number | null>((r) => child.once('exit', (c) => r(c))),
      new Promise<string>((r) => setTimeout(() => r('still running'), 15_000)),
    ]);
    if (code1 === 'still running') child.kill('SIGKILL');
    try {
      expect(code1).toBe(1);
      expect(stderr).toContain(code);
    } finally {
      const redis = new Redis(REDIS_URL);
      await deletePrefix(redis, prefix);
      redis.disconnect();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});

describe.skipIf(!redisAvailable)('newsfeed start launched by npm', () => {
  it('stops, draining as on SIGTERM, when npm exits without passing the signal on', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'newsfeed-launcher-'));
    writeFileSync(path.join(dir, 'feeds.opml'), farmOpml([]));
    const prefix = uniqueName('launcher');
    // What npm 11 does with `npx newsfeed start`: starts the service with npm_command set and, on
    // SIGTERM, exits itself without signalling the service.
    const launcher = spawn(process.execPath, ['-e', `
      const c = require('node:child_process').spawn(process.execPath, ['bin/newsfeed.js', 'start', '--role', 'scheduler'], { env: { ...process.env, npm_command: 'exec' }, stdio: ['ignore', 'inherit', 'inherit'] });
      console.log(JSON.stringify({ servicePid: c.pid }));
      process.on('SIGTERM', () => process.exit(143));
    `], {
      env: { PATH: process.env.PATH, REDIS_URL, QUEUE_PREFIX: prefix, DATABASE_URL: `sqlite:${path.join(dir, 'db.sqlite')}`, FEEDS_FILE: path.join(dir, 'feeds.opml'), LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    launcher.stdout.on('data', (chunk: Buffer) => void (output += chunk.toString()));
    // stdout ends when both the launcher and the service have closed it.
    const closed = new Promise<void>((r) => launcher.stdout.once('end', r));
    for (let i = 0; i < 300 && !output.includes('"msg":"started"'); i++) await new Promise((r) => setTimeout(r, 50));
    expect(output).toContain('"msg":"started"');
    const servicePid = (JSON.parse(output.split('\n')[0]!) as { servicePid: number }).servicePid;
    launcher.kill('SIGTERM');
    await Promise.race([closed, new Promise((r) => setTimeout(r, 10_000))]);
    // Gone, or a zombie: its new parent (init here) reaps it when it will.
    const alive = (() => { try { return !/^\d+ \(.*\) [ZX]/.test(readFileSync(`/proc/${servicePid}/stat`, 'utf8')); } catch { return false; } })();
    if (alive) process.kill(servicePid, 'SIGKILL');
    expect(alive).toBe(false);
    expect(output).toContain('"signal":"launcher exited"');
    expect(output).toContain('"msg":"stopped"');
    const redis = new Redis(REDIS_URL);
    await deletePrefix(redis, prefix);
    redis.disconnect();
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);
});

describe('a local redis-server when none answers', () => {
  const log = pino({ level: 'silent' });

  it.each([
    ['a PostgreSQL that refuses connections', 'postgres://postgres@127.0.0.1:1/newsfeed'],
    ['an SQLite path that cannot be made', 'sqlite:/dev/null/newsfeed.db'],
  ])('exits 1 with STORE_UNAVAILABLE, logged, when the store cannot be opened (%s), instead of hanging on its Redis connection', async (_name, databaseUrl) => {
    const child = spawn(process.execPath, ['bin/newsfeed.js', 'start', '--role', 'fetcher'], {
      env: { PATH: process.env.PATH, REDIS_URL, QUEUE_PREFIX: uniqueName('store-fail'), DATABASE_URL: databaseUrl, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => void (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => void (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    clearTimeout(timer);
    expect(code).toBe(1);
    expect(stderr).toContain('STORE_UNAVAILABLE');
    expect(stdout).toMatch(/"code":"STORE_UNAVAILABLE".*"msg":"start failed"/);
  }, 30_000);

  it('refuses at once when REDIS_URL was set explicitly, saying how to start Redis', async () => {
    await expect(ensureRedis({ url: 'redis://127.0.0.1:1', explicit: true, dataDir: os.tmpdir(), envPath: process.env.PATH, log })).rejects.toThrow(/REDIS_URL=redis:\/\/127\.0\.0\.1:1.*redis-server/);
  });

  it('refuses when redis-server is not on the PATH', async () => {
    await expect(ensureRedis({ url: 'redis://127.0.0.1:1', explicit: false, dataDir: os.tmpdir(), envPath: '/nonexistent', log })).rejects.toMatchObject({ code: 'REDIS_UNAVAILABLE' });
  });

  const hasRedisServer = (process.env.PATH ?? '').split(path.delimiter).some((d) => d && existsSync(path.join(d, 'redis-server')));
  if (!hasRedisServer) console.warn('[tests] redis-server is not on the PATH: the local redis-server test is skipped');

  it.skipIf(!hasRedisServer)('says why when the redis-server it started exits at once (its port taken by something else)', async () => {
    // Accepts connections, reads them and never answers: not Redis.
    const squatter = net.createServer((socket) => socket.on('error', () => {}).resume());
    await new Promise<void>((r) => squatter.listen(0, '127.0.0.1', r));
    const { port } = squatter.address() as AddressInfo;
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'newsfeed-redis-'));
    try {
      const err = await ensureRedis({ url: `redis://127.0.0.1:${port}`, explicit: false, dataDir, envPath: process.env.PATH, log }).catch((e: Error) => e);
      expect(err).toMatchObject({ code: 'REDIS_UNAVAILABLE' });
      expect((err as Error).message).toMatch(/it exited \(.*(in use|Failed listening).*\)/);
    } finally {
      await new Promise((r) => squatter.close(r));
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it.skipIf(!hasRedisServer)('starts one under the data directory and stops it with the service', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'newsfeed-redis-'));
    // A port free a moment ago may be taken by another test's connection before redis-server binds
    // it: that start fails with the reason, and the test tries another port.
    let port = 0;
    let handle: Awaited<ReturnType<typeof ensureRedis>> | null = null;
    for (let attempt = 0; attempt < 5 && !handle; attempt++) {
      port = await freePort();
      handle = await ensureRedis({ url: `redis://127.0.0.1:${port}`, explicit: false, dataDir, envPath: process.env.PATH, log }).catch((err: Error) => {
        if (!/Address already in use/.test(err.message)) throw err;
        return null;
      });
    }
    if (!handle) throw new Error('no free port for redis-server after 5 attempts');
    try {
      expect(handle.child).not.toBeNull();
      const client = new Redis(`redis://127.0.0.1:${port}`);
      expect(await client.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'noeviction']);
      expect(await client.config('GET', 'appendonly')).toEqual(['appendonly', 'yes']);
      expect(((await client.config('GET', 'dir')) as string[])[1]).toBe(path.join(dataDir, 'redis'));
      client.disconnect();
    } finally {
      await handle.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
    expect(handle.child!.exitCode !== null || handle.child!.signalCode !== null).toBe(true);
  });
});
