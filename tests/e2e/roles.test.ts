import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { farmOpml, freePort, startFeedFarm, type FeedFarm } from '../../scripts/feed-farm.js';
import { POSTGRES_URL, REDIS_URL, deletePrefix, postgresAvailable, redisAvailable, uniqueName } from '../helpers/services.js';
import { dropPostgresSchema } from '../helpers/store-backends.js';
import { seedOutletFeeds, seedPresent } from '../helpers/seed-feeds.js';

const FEEDS = 40;
const ITEMS = 20;

/**
 * The deployment docker-compose.yml describes, run natively: scheduler, two fetchers, an ingester
 * and the API as separate processes on one Redis and one PostgreSQL.
 */
describe.skipIf(!redisAvailable || !postgresAvailable)('newsfeed as separate role processes on PostgreSQL', () => {
  let farm: FeedFarm;
  let dir: string;
  let api: string;
  const schema = uniqueName('roles');
  const prefix = uniqueName('roles');
  const children: Array<{ role: string; child: ChildProcess; exit: Promise<number | null>; output: string[] }> = [];

  beforeAll(async () => {
    farm = await startFeedFarm({ feeds: FEEDS, itemsPerFeed: ITEMS, hosts: 8, extra: seedPresent ? seedOutletFeeds() : {} });
    dir = mkdtempSync(path.join(os.tmpdir(), 'newsfeed-roles-'));
    writeFileSync(path.join(dir, 'feeds.opml'), farmOpml([...farm.feedUrls, ...Object.values(farm.extraUrls)]));
    const admin = new pg.Client({ connectionString: POSTGRES_URL });
    await admin.connect();
    await admin.query(`CREATE SCHEMA "${schema}"`);
    await admin.end();
    const port = await freePort();
    api = `http://127.0.0.1:${port}`;
    const env = {
      PATH: process.env.PATH,
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      DATABASE_URL: `${POSTGRES_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`,
      FEEDS_FILE: path.join(dir, 'feeds.opml'),
      ALLOW_PRIVATE_NETWORKS: 'true',
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    };
    for (const role of ['scheduler', 'fetcher', 'fetcher', 'ingester', 'api']) {
      const child = spawn(process.execPath, ['bin/newsfeed.js', 'start', '--role', role], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      const output: string[] = [];
      child.stdout!.on('data', (d) => output.push(String(d)));
      child.stderr!.on('data', (d) => output.push(String(d)));
      children.push({ role, child, output, exit: new Promise((r) => child.once('exit', (code) => r(code))) });
    }
  }, 60_000);

  afterAll(async () => {
    for (const c of children) if (c.child.exitCode === null) c.child.kill('SIGKILL');
    await farm?.close();
    const redis = new Redis(REDIS_URL);
    await deletePrefix(redis, prefix);
    redis.disconnect();
    await dropPostgresSchema(schema);
    rmSync(dir, { recursive: true, force: true });
  });

  const getJson = async (p: string) => (await fetch(`${api}${p}`)).json() as Promise<any>;

  it('ingests every story once with each role in its own process', async () => {
    const expected = FEEDS * ITEMS + (seedPresent ? 1 : 0);
    const deadline = Date.now() + 120_000;
    let stats: any = null;
    while (Date.now() < deadline) {
      stats = await getJson('/api/stats').catch(() => null);
      if (stats && stats.stories >= expected && stats.queues.ingest.waiting + stats.queues.ingest.active === 0) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(stats?.stories, children.map((c) => `${c.role}: ${c.output.join('').slice(-500)}`).join('\n')).toBe(expected);
    expect(stats.feeds).toMatchObject({ total: FEEDS + Object.keys(farm.extraUrls).length, failing: 0 });
    if (seedPresent) {
      const { stories } = await getJson('/api/stories?topic=energy&entity=Azerbaijan');
      expect(stories).toHaveLength(1);
      expect(stories[0].sources).toHaveLength(3);
    }
  }, 150_000);

  it('stops every role with exit code 0 on SIGTERM', async () => {
    for (const c of children) c.child.kill('SIGTERM');
    const codes = await Promise.all(children.map((c) => c.exit));
    expect(codes).toEqual(children.map(() => 0));
  }, 30_000);
});
