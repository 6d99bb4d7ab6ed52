import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitQuietlyOnBrokenPipe, isBrokenPipe } from '../../../src/cli/run-cli.js';
import { openStore } from '../../../src/store/open-store.js';
import { Redis } from 'ioredis';
import { deletePrefix, REDIS_URL, redisAvailable, uniqueName } from '../../helpers/services.js';

const CLI = ['--import', 'tsx', 'tests/helpers/newsfeed-cli.ts'];
const RSS = 'tests/fixtures/feeds/formats/rss-2.0.xml';
const STORY = 'Oil prices climb as OPEC cuts output\nCrude oil prices rose in Vienna after OPEC cut production.\n';
const CLUSTER_LINE = `${JSON.stringify({ id: 'a', title: 'Oil prices climb', text: 'Crude oil prices rose.', url: null, publishedAt: null })}\n`;

/** Runs the CLI in a process whose stdout reader has gone away before it writes (as `| head` does once it has its lines). */
function runWithClosedStdout(argv: string[], env: Record<string, string>, stdin = ''): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...CLI, ...argv], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdin.on('error', () => undefined);
    child.stdin.end(stdin);
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stderr }));
  });
}

describe('a closed stdout (newsfeed … | head)', () => {
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'newsfeed-pipe-'));
    const databaseUrl = `sqlite:${path.join(dir, 'db.sqlite')}`;
    const store = await openStore(databaseUrl);
    await store.importFeeds(Array.from({ length: 2000 }, (_, i) => ({ url: `https://f${i}.example/feed.xml`, title: `Feed ${i}` })));
    await store.close();
    // Nothing listens on port 1: feeds commands skip scheduling. (status, which exits 1 and says so
    // on stderr when Redis is down, is run against the test Redis.)
    env = { DATABASE_URL: databaseUrl, REDIS_URL: 'redis://127.0.0.1:1', QUEUE_PREFIX: uniqueName('pipe'), LOG_LEVEL: 'silent' };
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    if (!redisAvailable) return;
    const redis = new Redis(REDIS_URL);
    await deletePrefix(redis, env.QUEUE_PREFIX!);
    redis.disconnect();
  });

  it.each<[string, string[], string?, Record<string, string>?]>([
    ['help', ['--help']],
    ['a command help', ['feeds', '--help']],
    ['feeds list --json', ['feeds', 'list', '--json']],
    ['feeds list', ['feeds', 'list']],
    ['feeds export', ['feeds', 'export']],
    ...(redisAvailable ? [['status --json', ['status', '--json'], '', { REDIS_URL }] as [string, string[], string, Record<string, string>]] : []),
    ['parse', ['parse', ...Array<string>(50).fill(RSS)]],
    ['classify', ['classify', '-'], STORY],
    ['cluster', ['cluster', '--jsonl'], CLUSTER_LINE.repeat(20)],
  ])('%s exits 0 without a word', async (_name, argv, stdin, extraEnv) => {
    const result = await runWithClosedStdout(argv, { ...env, ...extraEnv }, stdin);
    expect(result).toEqual({ code: 0, signal: null, stderr: '' });
  });
});

describe('exitQuietlyOnBrokenPipe', () => {
  it.each([
    [{ code: 'EPIPE' }, true],
    [Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }), true],
    [Object.assign(new Error('write ECONNRESET'), { code: 'ECONNRESET' }), false],
    [new Error('EPIPE'), false],
    [null, false],
  ])('isBrokenPipe(%j) is %s', (err, expected) => {
    expect(isBrokenPipe(err)).toBe(expected);
  });

  it('exits 0 on EPIPE and rethrows any other stream error', () => {
    const stream = new PassThrough();
    const exits: number[] = [];
    exitQuietlyOnBrokenPipe(stream, (code) => exits.push(code));
    stream.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    expect(exits).toEqual([0]);
    expect(() => stream.emit('error', Object.assign(new Error('disk full'), { code: 'ENOSPC' }))).toThrow('disk full');
  });
});
