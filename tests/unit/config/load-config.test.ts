import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config.js';

const cwd = process.cwd();

describe('loadConfig', () => {
  it('reads config/default.yaml with the DESIGN.md defaults', () => {
    const c = loadConfig({ env: {}, cwd });
    expect(c).toMatchObject({
      redisUrl: 'redis://127.0.0.1:6379',
      databaseUrl: 'sqlite:./data/newsfeed.db',
      feedsFile: 'config/feeds.opml',
      port: 8080,
      queuePrefix: 'newsfeed',
      apiToken: null,
      allowPrivateNetworks: false,
      logLevel: 'info',
      redisUrlExplicit: false,
    });
    expect(c.poll.defaultIntervalSec).toBe(900);
    expect(c.shutdown.graceMs).toBe(10_000);
    expect(Object.isFrozen(c.fetch)).toBe(true);
  });

  it.each([
    ['REDIS_URL', 'redis://10.0.0.5:6380', 'redisUrl', 'redis://10.0.0.5:6380'],
    ['DATABASE_URL', 'postgres://u@db/newsfeed', 'databaseUrl', 'postgres://u@db/newsfeed'],
    ['FEEDS_FILE', 'my.opml', 'feedsFile', 'my.opml'],
    ['PORT', '9000', 'port', 9000],
    ['QUEUE_PREFIX', 'nf2', 'queuePrefix', 'nf2'],
    ['API_TOKEN', 's3cret', 'apiToken', 's3cret'],
    ['ALLOW_PRIVATE_NETWORKS', 'true', 'allowPrivateNetworks', true],
    ['ALLOW_PRIVATE_NETWORKS', '0', 'allowPrivateNetworks', false],
    ['LOG_LEVEL', 'debug', 'logLevel', 'debug'],
    ['FETCH_CONCURRENCY', '32', 'fetch.concurrency', 32],
    ['INGEST_CONCURRENCY', '4', 'ingest.concurrency', 4],
    ['NEWSFEED_FETCH__TOTAL_TIMEOUT_MS', '5000', 'fetch.totalTimeoutMs', 5000],
    ['NEWSFEED_POLL__DEFAULT_INTERVAL_SEC', '600', 'poll.defaultIntervalSec', 600],
    ['NEWSFEED_DEDUP__WINDOW_SEC', '86400', 'dedup.windowSec', 86400],
    ['RETENTION_DAYS', '90', 'retention.days', 90],
    ['NEWSFEED_RETENTION__BATCH_SIZE', '50', 'retention.batchSize', 50],
    ['NEWSFEED_WEBHOOKS__TIMEOUT_MS', '2500', 'webhooks.timeoutMs', 2500],
    ['NEWSFEED_API__PUBLIC_URL', 'https://news.example.com/feeds', 'api.publicUrl', 'https://news.example.com/feeds'],
    ['NEWSFEED_API__REDIS_TIMEOUT_MS', '500', 'api.redisTimeoutMs', 500],
    ['NEWSFEED_FETCH__FAILING_CONCURRENCY', '4', 'fetch.failingConcurrency', 4],
    ['NEWSFEED_PARSE__MAX_FIELD_CHARS', '50000', 'parse.maxFieldChars', 50000],
  ])('lets %s=%s set %s', (name, value, key, expected) => {
    const c = loadConfig({ env: { [name]: value }, cwd }) as unknown as Record<string, unknown>;
    const actual = key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], c);
    expect(actual).toEqual(expected);
  });

  it('loads a defaults file written before the webhooks and retention sections existed, with their defaults', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'newsfeed-old-config-'));
    const current = readFileSync(path.join(cwd, 'config/default.yaml'), 'utf8');
    const old = current.replace(/^webhooks:[\s\S]*?\n\n/m, '').replace(/^retention:[\s\S]*?\n\n/m, '');
    expect(old).not.toMatch(/^(webhooks|retention):/m);
    writeFileSync(path.join(dir, 'old.yaml'), old);
    const c = loadConfig({ env: { NEWSFEED_CONFIG: path.join(dir, 'old.yaml') }, cwd });
    expect(c.webhooks).toEqual({ concurrency: 8, timeoutMs: 10000, attempts: 8, backoffMs: 10000, maxStories: 100 });
    expect(c.retention).toEqual({ days: 0, everySec: 3600, batchSize: 500 });
    rmSync(dir, { recursive: true, force: true });
  });

  it('marks an explicitly set REDIS_URL', () => {
    expect(loadConfig({ env: { REDIS_URL: 'redis://127.0.0.1:6379' }, cwd }).redisUrlExplicit).toBe(true);
  });

  it.each([
    [{ PORT: 'eighty' }, /port \(from PORT\)/],
    [{ PORT: '70000' }, /port \(from PORT\)/],
    // Timers overflow past 2^31 - 1 ms and would fire at once, over and over.
    [{ NEWSFEED_RETENTION__EVERY_SEC: '2592000' }, /retention\.everySec \(from NEWSFEED_RETENTION__EVERY_SEC\)/],
    [{ NEWSFEED_FETCH__TOTAL_TIMEOUT_MS: '3000000000' }, /fetch\.totalTimeoutMs/],
    [{ SHUTDOWN_GRACE_MS: '2147483648' }, /shutdown\.graceMs/],
    [{ REDIS_URL: 'http://x' }, /redisUrl \(from REDIS_URL\): must start with redis/],
    [{ DATABASE_URL: 'mysql://x' }, /databaseUrl \(from DATABASE_URL\)/],
    [{ LOG_LEVEL: 'loud' }, /logLevel \(from LOG_LEVEL\)/],
    [{ ALLOW_PRIVATE_NETWORKS: 'maybe' }, /allowPrivateNetworks/],
    [{ NEWSFEED_FETCH__MAX_BYTES: '-1' }, /fetch\.maxBytes \(from NEWSFEED_FETCH__MAX_BYTES\)/],
    [{ NEWSFEED_API__PUBLIC_URL: 'news.example.com' }, /api\.publicUrl/],
    [{ NEWSFEED_FETCH__NO_SUCH_KEY: '1' }, /fetch/],
    [{ NEWSFEED_POLL__MIN_INTERVAL_SEC: '99999' }, /poll\.minIntervalSec/],
    [{ QUEUE_PREFIX: 'has space' }, /queuePrefix/],
  ])('refuses %o with a message naming the key', (env, message) => {
    expect(() => loadConfig({ env, cwd })).toThrow(message);
    try {
      loadConfig({ env, cwd });
    } catch (err) {
      expect((err as { code: string }).code).toBe('CONFIG_INVALID');
    }
  });

  it('says which file it cannot read', () => {
    expect(() => loadConfig({ env: { NEWSFEED_CONFIG: 'nope.yaml' }, cwd })).toThrow(/cannot read .*nope\.yaml/);
  });
});
