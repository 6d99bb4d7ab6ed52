import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/api/build-app.js';
import { main } from '../../../src/cli/main.js';
import { openStore } from '../../../src/store/open-store.js';
import { memoryIo } from '../../helpers/cli-streams.js';

/** The repository root: config/default.yaml and config/topics.yaml are found under it. */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const HOOK_URL = 'https://hooks.example/in';
const VIEW_KEYS = ['id', 'url', 'filter', 'include', 'status', 'disabledReason', 'delivered', 'failed', 'lastDelivery', 'createdAt'];

describe('newsfeed webhooks', () => {
  let dir: string;
  let dbFile: string;
  let env: Record<string, string>;

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'newsfeed-webhooks-cli-'));
    dbFile = path.join(dir, 'db.sqlite');
    env = { DATABASE_URL: `sqlite:${dbFile}`, REDIS_URL: 'redis://127.0.0.1:1' };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const run = async (argv: string[], runEnv: Record<string, string> = env) => {
    const m = memoryIo('', runEnv);
    const code = await main(argv, { ...m.io, cwd: ROOT });
    return { code, out: m.out(), err: m.err() };
  };
  const json = (out: string) => out.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

  describe('add', () => {
    it('adds a subscription and prints it, with its secret, as one JSON line', async () => {
      const res = await run(['webhooks', 'add', HOOK_URL, '--topic', 'energy,trade', '--entity', 'Iran']);
      expect(res.code).toBe(0);
      expect(res.err).toBe(`added: 1 ${HOOK_URL}\n`);
      expect(res.out.endsWith('\n')).toBe(true);
      const lines = json(res.out);
      expect(lines).toHaveLength(1);
      expect(Object.keys(lines[0]!)).toEqual([...VIEW_KEYS, 'secret']);
      expect(lines[0]).toEqual({
        id: 1,
        url: HOOK_URL,
        filter: { topic: ['energy', 'trade'], entity: 'Iran', q: null, feed: null, category: null, language: [] },
        include: [],
        status: 'active',
        disabledReason: null,
        delivered: 0,
        failed: 0,
        lastDelivery: null,
        createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
        secret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      });
    });

    it('finds the subscription already present and prints it again', async () => {
      const first = await run(['webhooks', 'add', HOOK_URL, '--topic', 'energy,trade', '--entity', 'Iran']);
      const again = await run(['webhooks', 'add', HOOK_URL, '--topic=energy,trade', '--entity=Iran']);
      expect(again.code).toBe(0);
      expect(again.err).toBe(`already present: 1 ${HOOK_URL}\n`);
      expect(json(again.out)).toEqual(json(first.out));
      const other = await run(['webhooks', 'add', HOOK_URL, '--topic', 'energy']);
      expect(other).toMatchObject({ code: 0, err: `added: 2 ${HOOK_URL}\n` });
    });

    it('takes every filter option and a given secret (the feed kept as its id)', async () => {
      expect((await run(['feeds', 'add', 'https://news.example/feed.xml'])).code).toBe(0);
      const res = await run(['webhooks', 'add', '--q', 'gas pipeline', '--feed', 'https://news.example/feed.xml', '--secret', 'a-secret-of-enough-length', 'http://hooks.example:8080/x']);
      expect(res.code).toBe(0);
      expect(json(res.out)[0]).toMatchObject({
        url: 'http://hooks.example:8080/x',
        filter: { topic: [], entity: null, q: 'gas pipeline', feed: '1', category: null, language: [] },
        secret: 'a-secret-of-enough-length',
      });
    });

    it.each<[string, string[], string]>([
      ['an unknown topic', ['--topic', 'nope'], 'TOPIC_UNKNOWN'],
      ['a short secret', ['--secret', 'short'], 'BAD_REQUEST'],
      ['q of punctuation only', ['--q', '?!'], 'BAD_REQUEST'],
      ['a feed that is not in the store', ['--feed', 'https://elsewhere.example/rss'], 'BAD_REQUEST'],
    ])('exits 1 on %s, saying why, and adds nothing', async (_name, options, code) => {
      const res = await run(['webhooks', 'add', HOOK_URL, ...options]);
      expect(res.code).toBe(1);
      expect(res.out).toBe('');
      expect(res.err).toMatch(new RegExp(`^newsfeed webhooks: ${code}: `));
      expect(await run(['webhooks', 'list'])).toEqual({ code: 0, out: '', err: '' });
    });

    it.each([['ftp://x'], ['not a url']])('exits 1 on the URL %s', async (url) => {
      const res = await run(['webhooks', 'add', url]);
      expect(res.code).toBe(1);
      expect(res.err).toContain('BAD_REQUEST: url:');
    });
  });

  describe('list', () => {
    it('prints one line per subscription: id, status, URL, filter and counts', async () => {
      await run(['webhooks', 'add', HOOK_URL, '--topic', 'energy,trade', '--entity', 'Iran']);
      await run(['webhooks', 'add', 'https://all.example/in']);
      const res = await run(['webhooks', 'list']);
      expect(res.code).toBe(0);
      expect(res.err).toBe('');
      const lines = res.out.trimEnd().split('\n');
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(/^\s+1\s+active\s+https:\/\/hooks\.example\/in\s+\(topic=energy,trade entity=Iran\)\s+delivered 0, failed 0$/);
      expect(lines[0]).toBe(`    1  active   ${HOOK_URL}  (topic=energy,trade entity=Iran)  delivered 0, failed 0`);
      expect(lines[1]).toBe('    2  active   https://all.example/in  (every story)  delivered 0, failed 0');
    });

    it('shows the counts, status and last error the store recorded', async () => {
      for (const n of [1, 2, 3]) await run(['feeds', 'add', `https://news${n}.example/feed.xml`]);
      await run(['webhooks', 'add', HOOK_URL, '--q', 'gas', '--feed', '3']);
      const store = await openStore(`sqlite:${dbFile}`);
      try {
        await store.recordWebhookOutcome(1, { ok: true, at: '2025-03-01T10:00:00.000Z', status: 200 });
        await store.recordWebhookOutcome(1, { ok: false, at: '2025-03-01T10:05:00.000Z', status: 410, code: 'WEBHOOK_GONE', message: 'receiver answered 410 Gone', final: true, disable: true });
      } finally {
        await store.close();
      }
      const res = await run(['webhooks', 'list']);
      expect(res.out).toBe(`    1  disabled ${HOOK_URL}  (q=gas feed=3)  delivered 1, failed 1  last error WEBHOOK_GONE: receiver answered 410 Gone\n`);
    });

    it('prints nothing when there is no subscription', async () => {
      await run(['webhooks', 'add', HOOK_URL]);
      await run(['webhooks', 'remove', '1']);
      expect(await run(['webhooks', 'list'])).toEqual({ code: 0, out: '', err: '' });
      expect(await run(['webhooks', 'list', '--json'])).toEqual({ code: 0, out: '', err: '' });
    });

    it('with --json prints each subscription as GET /api/webhooks does, byte for byte, without the secret', async () => {
      const added = json((await run(['webhooks', 'add', HOOK_URL, '--topic', 'energy,trade', '--entity', 'Iran'])).out)[0]!;
      await run(['webhooks', 'add', 'https://all.example/in', '--secret', 'a-secret-of-enough-length']);
      const store = await openStore(`sqlite:${dbFile}`);
      try {
        await store.recordWebhookOutcome(2, { ok: false, at: '2025-03-01T10:05:00.000Z', status: 503, code: 'WEBHOOK_STATUS', message: 'receiver answered 503', final: false });
      } finally {
        await store.close();
      }
      const res = await run(['webhooks', 'list', '--json']);
      expect(res.code).toBe(0);
      const lines = res.out.trimEnd().split('\n');
      expect(lines).toHaveLength(2);

      const apiStore = await openStore(`sqlite:${dbFile}`);
      const app = await buildApp({ store: apiStore, log: pino({ level: 'silent' }), topics: [], settings: { apiToken: 'tok', defaultLimit: 10, maxLimit: 10, queuePrefix: 'unused' } });
      try {
        const response = await app.inject({ url: '/api/webhooks', headers: { authorization: 'Bearer tok' } });
        expect(response.statusCode).toBe(200);
        const apiHooks = (response.json() as { webhooks: unknown[] }).webhooks;
        expect(lines).toEqual(apiHooks.map((h) => JSON.stringify(h)));
      } finally {
        await app.close();
        await apiStore.close();
      }

      const [first, second] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
      for (const hook of [first!, second!]) {
        expect(Object.keys(hook)).toEqual(VIEW_KEYS);
        expect(hook).not.toHaveProperty('secret');
      }
      const { secret, ...view } = added;
      expect(first).toEqual(view);
      expect(res.out).not.toContain(secret as string);
      expect(res.out).not.toContain('a-secret-of-enough-length');
      expect(second).toMatchObject({ status: 'active', failed: 0, lastDelivery: { at: '2025-03-01T10:05:00.000Z', status: 503, error: { code: 'WEBHOOK_STATUS', message: 'receiver answered 503' } } });
    });
  });

  describe('remove', () => {
    it('removes a subscription once, then exits 1 with WEBHOOK_NOT_FOUND', async () => {
      await run(['webhooks', 'add', HOOK_URL]);
      await run(['webhooks', 'add', 'https://keep.example/in']);
      expect(await run(['webhooks', 'remove', '1'])).toEqual({ code: 0, out: 'removed: 1\n', err: '' });
      const again = await run(['webhooks', 'remove', '1']);
      expect(again.code).toBe(1);
      expect(again.out).toBe('');
      expect(again.err).toBe('newsfeed webhooks: WEBHOOK_NOT_FOUND: no webhook 1\n');
      expect(json((await run(['webhooks', 'list', '--json'])).out).map((h) => h.url)).toEqual(['https://keep.example/in']);
    });

    it('exits 1 with WEBHOOK_NOT_FOUND for a number no subscription has', async () => {
      await run(['webhooks', 'add', HOOK_URL]);
      for (const sub of ['remove', 'test']) {
        const res = await run(['webhooks', sub, '99']);
        expect([res.code, res.err]).toEqual([1, 'newsfeed webhooks: WEBHOOK_NOT_FOUND: no webhook 99\n']);
      }
      expect(json((await run(['webhooks', 'list', '--json'])).out)).toHaveLength(1);
    });

    it.each([['abc'], ['-1'], ['1.0'], ['https://hooks.example/in']])('exits 2 (usage) for %s, which is no subscription number, and removes nothing', async (id) => {
      await run(['webhooks', 'add', HOOK_URL]);
      for (const sub of ['remove', 'test']) {
        const res = await run(['webhooks', sub, '--', id]);
        expect(res.code).toBe(2);
        expect(res.err).toContain(`newsfeed webhooks: webhooks ${sub} takes the number of a subscription (webhooks list shows them), not ${id}\nusage:`);
      }
      expect(json((await run(['webhooks', 'list', '--json'])).out)).toHaveLength(1);
    });
  });

  describe('usage', () => {
    it.each<[string, string[], string]>([
      ['no subcommand', [], 'no subcommand given'],
      ['an unknown subcommand', ['frob'], 'unknown subcommand frob'],
      ['add without a URL', ['add'], 'webhooks add takes URL'],
      ['add with two URLs', ['add', HOOK_URL, 'https://other.example/in'], 'webhooks add takes URL'],
      ['remove without an id', ['remove'], 'webhooks remove takes ID'],
      ['list with an operand', ['list', 'extra'], 'webhooks list takes no operand'],
      ['an unknown option', ['add', HOOK_URL, '--bogus'], 'unknown option --bogus'],
      ['an option of another subcommand', ['list', '--topic', 'energy'], 'unknown option --topic'],
      ['an option without its value', ['add', HOOK_URL, '--topic'], '--topic needs a value (IDS)'],
      ['a value given to a flag', ['list', '--json=yes'], '--json takes no value'],
    ])('%s exits 2 with the usage on stderr, and touches no database', async (_name, args, problem) => {
      const res = await run(['webhooks', ...args]);
      expect(res.code).toBe(2);
      expect(res.out).toBe('');
      expect(res.err.startsWith(`newsfeed webhooks: ${problem}\nusage: newsfeed webhooks add `)).toBe(true);
      for (const sub of ['webhooks remove ID', 'webhooks list [--json]']) expect(res.err).toContain(sub);
      expect(existsSync(dbFile)).toBe(false);
    });

    it.each([[['webhooks', '--help']], [['webhooks', '-h']], [['webhooks', 'add', '--help']], [['help', 'webhooks']]])('%j exits 0 and prints the usage on stdout', async (argv) => {
      const res = await run(argv);
      expect(res.code).toBe(0);
      expect(res.err).toBe('');
      expect(res.out.startsWith('usage: newsfeed webhooks add [--topic IDS] [--entity NAME] [--q WORDS] [--feed URL|ID] [--category NAME] [--language CODES] [--include text] [--secret TEXT] URL\n')).toBe(true);
      for (const text of ['newsfeed webhooks remove ID', 'newsfeed webhooks list [--json]', 'X-Newsfeed-Signature', '-h, --help']) expect(res.out).toContain(text);
      expect(existsSync(dbFile)).toBe(false);
    });

    it('is listed in newsfeed --help', async () => {
      const res = await run(['--help']);
      expect(res.code).toBe(0);
      expect(res.out).toContain('webhooks add [--topic IDS]');
      expect(res.out).toContain('webhooks list [--json]');
    });
  });

  describe('a DATABASE_URL whose SQLite file does not exist', () => {
    it.each([[['list']], [['list', '--json']], [['remove', '1']]])('webhooks %j exits 1 with STORE_UNAVAILABLE and creates no file', async (args) => {
      const missing = path.join(dir, 'typo', 'db.sqlite');
      const res = await run(['webhooks', ...args], { ...env, DATABASE_URL: `sqlite:${missing}` });
      expect(res.code).toBe(1);
      expect(res.out).toBe('');
      expect(res.err).toMatch(/^newsfeed webhooks: STORE_UNAVAILABLE: no database at /);
      expect(res.err).toContain(missing);
      expect(existsSync(missing)).toBe(false);
      expect(existsSync(path.dirname(missing))).toBe(false);
    });

    it('webhooks add creates it', async () => {
      const file = path.join(dir, 'new', 'db.sqlite');
      const res = await run(['webhooks', 'add', HOOK_URL], { ...env, DATABASE_URL: `sqlite:${file}` });
      expect(res.code).toBe(0);
      expect(existsSync(file)).toBe(true);
    });
  });
});
