import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { parseOpml } from '../../../src/opml/parse-opml.js';
import { createDueIndex } from '../../../src/queue/due-index.js';
import { openStore } from '../../../src/store/open-store.js';
import { memoryIo } from '../../helpers/cli-streams.js';
import { REDIS_URL, redisAvailable, uniqueName, deletePrefix } from '../../helpers/services.js';

describe.skipIf(!redisAvailable)('newsfeed feeds and status', () => {
  let dir: string;
  let env: Record<string, string>;
  const prefix = uniqueName('cli');

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'newsfeed-cli-'));
    env = { DATABASE_URL: `sqlite:${path.join(dir, 'db.sqlite')}`, REDIS_URL, QUEUE_PREFIX: prefix };
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    const redis = new Redis(REDIS_URL);
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  const run = async (...argv: string[]) => {
    const m = memoryIo('', env);
    const code = await main(argv, m.io);
    return { code, out: m.out(), err: m.err() };
  };

  it('reading commands do not create a database a mistyped DATABASE_URL names', async () => {
    const missing = path.join(dir, 'typo', 'db.sqlite');
    for (const argv of [['feeds', 'list'], ['status']]) {
      const m = memoryIo('', { ...env, DATABASE_URL: `sqlite:${missing}` });
      expect(await main(argv, m.io)).toBe(1);
      expect(m.err()).toContain('STORE_UNAVAILABLE: no database at');
    }
    expect(existsSync(missing)).toBe(false);
  });

  it('adds, lists, exports, imports and removes feeds, and schedules them at once', async () => {
    expect(await run('feeds', 'add', 'https://a.example/feed.xml')).toMatchObject({ code: 0, out: expect.stringContaining('added: 1 https://a.example/feed.xml') });
    expect(await run('feeds', 'add', 'https://a.example/feed.xml')).toMatchObject({ code: 0, out: expect.stringContaining('already present') });
    expect(await run('feeds', 'add', 'ftp://a.example/x')).toMatchObject({ code: 1, err: expect.stringContaining('FETCH_BAD_URL') });
    const redis = new Redis(REDIS_URL);
    expect(await createDueIndex(redis, prefix).dueAt(1)).not.toBeNull();
    const opml = path.join(dir, 'in.opml');
    writeFileSync(
      opml,
      `<?xml version="1.0"?><opml version="2.0"><body><outline text="Tech"><outline text="B" title="B &amp; Co" xmlUrl="https://b.example/rss" htmlUrl="https://b.example/"/></outline><outline text="A" xmlUrl="https://a.example/feed.xml"/><outline text="bad" xmlUrl="javascript:alert(1)"/></body></opml>`,
    );
    expect(await run('feeds', 'import', opml)).toMatchObject({ code: 0, out: 'imported: 1 added, 1 already present, 1 skipped\n' });
    const list = (await run('feeds', 'list', '--json')).out.trim().split('\n').map((l) => JSON.parse(l) as { id: number; url: string });
    expect(list.map((f) => f.url)).toEqual(['https://a.example/feed.xml', 'https://b.example/rss']);
    const bId = list[1]!.id;
    expect(await createDueIndex(redis, prefix).dueAt(bId)).not.toBeNull();
    const exported = await run('feeds', 'export');
    expect(parseOpml(exported.out)).toEqual([
      { url: 'https://a.example/feed.xml', title: null, siteUrl: null, categories: [] },
      { url: 'https://b.example/rss', title: 'B & Co', siteUrl: 'https://b.example/', categories: ['Tech'] },
    ]);
    expect(await run('feeds', 'remove', 'https://b.example/rss')).toMatchObject({ code: 0 });
    expect(await createDueIndex(redis, prefix).dueAt(bId)).toBeNull();
    expect(await run('feeds', 'remove', 'https://b.example/rss')).toMatchObject({ code: 1 });
    redis.disconnect();
    expect(await run('feeds')).toMatchObject({ code: 2, err: expect.stringContaining('usage') });
  });

  it('carries full text through export and import into another deployment', async () => {
    expect(await run('feeds', 'add', '--full-text', 'https://c.example/summaries.xml')).toMatchObject({ code: 0 });
    const exported = (await run('feeds', 'export')).out;
    expect(exported).toContain('xmlUrl="https://c.example/summaries.xml" newsfeed:fullText="true"/>');
    const file = path.join(dir, 'out.opml');
    writeFileSync(file, exported);
    const other = { ...env, DATABASE_URL: `sqlite:${path.join(dir, 'other.sqlite')}` };
    const m = memoryIo('', other);
    expect(await main(['feeds', 'import', file], m.io)).toBe(0);
    const listed = memoryIo('', other);
    await main(['feeds', 'list', '--json'], listed.io);
    expect(listed.out().trim().split('\n').map((l) => JSON.parse(l) as { url: string; fullText: boolean }).map((f) => [f.url, f.fullText])).toEqual([
      ['https://a.example/feed.xml', false],
      ['https://c.example/summaries.xml', true],
    ]);
    expect(await run('feeds', 'remove', 'https://c.example/summaries.xml')).toMatchObject({ code: 0 });
  });

  it('says on import which entries it skipped and which it added without a setting', async () => {
    const file = path.join(dir, 'freshrss.opml');
    writeFileSync(
      file,
      '<opml version="2.0" xmlns:frss="https://freshrss.org/opml"><body><outline text="D" xmlUrl="https://d.example/rss" frss:cssFullContent="h1 + div"/><outline text="S" type="HTML+XPath" xmlUrl="https://s.example/news"/></body></opml>',
    );
    const other = { ...env, DATABASE_URL: `sqlite:${path.join(dir, 'third.sqlite')}` };
    const m = memoryIo('', other);
    expect(await main(['feeds', 'import', file], m.io)).toBe(0);
    expect(m.out()).toBe('imported: 1 added, 0 already present, 1 skipped\n');
    expect(m.err()).toBe(
      'skipped https://s.example/news: a FreshRSS HTML+XPath scraper outline, not a feed\n' +
        'added https://d.example/rss without a setting: full-text selector left out (the sibling combinator "+" is not supported at character 4 of "h1 + div" (type, .class, #id, [attr=value], descendant and > combinators, comma lists)); the reader heuristic finds the article\n',
    );
  });

  it('prints status as text and as the /api/stats shape', async () => {
    const text = await run('status');
    expect(text.code).toBe(0);
    // The one feed was never polled: pending, not ok (the text line does not print pending).
    expect(text.out).toMatch(/feeds\s+1 total, 0 ok, 0 failing/);
    expect(text.out).toMatch(/queue\s+poll\s+waiting 0/);
    const json = JSON.parse((await run('status', '--json')).out);
    expect(json).toMatchObject({ stories: 0, clusters: 0, feeds: { total: 1, ok: 0, failing: 0, pending: 1, retired: 0 }, queues: { poll: { waiting: 0, active: 0, delayed: 0, failed: 0, completed: 0 } } });
  });

  it("masks a failing feed's password in status, in its URL and in its error", async () => {
    const own = { ...env, DATABASE_URL: `sqlite:${path.join(dir, 'status-mask.sqlite')}` };
    const store = await openStore(own.DATABASE_URL);
    const { feed } = await store.addFeed({ url: 'https://user:s3cret@x.example/feed.xml' });
    await store.updateFeed(feed.id, { status: 'failing', lastErrorCode: 'HTTP_STATUS', lastErrorMessage: 'HTTP 401 for https://user:s3cret@x.example/feed.xml', errorCount: 2 });
    await store.close();
    for (const argv of [['status'], ['status', '--json']]) {
      const m = memoryIo('', own);
      expect(await main(argv, m.io)).toBe(0);
      expect(m.out()).not.toContain('s3cret');
      expect(m.out()).toContain('https://user:***@x.example/feed.xml');
    }
  });

  it('lists the quiet feeds: polled, but no new item for --quiet-days (14 by default)', async () => {
    const own = { ...env, DATABASE_URL: `sqlite:${path.join(dir, 'status-quiet.sqlite')}` };
    const store = await openStore(own.DATABASE_URL);
    const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();
    const add = async (url: string, patch: Parameters<typeof store.updateFeed>[1]) => {
      const { feed } = await store.addFeed({ url });
      await store.updateFeed(feed.id, patch);
    };
    await add('https://stale.example/rss', { lastSuccessAt: daysAgo(0), lastPolledAt: daysAgo(0), lastNewItemAt: daysAgo(20) });
    await add('https://fresh.example/rss', { lastSuccessAt: daysAgo(0), lastPolledAt: daysAgo(0), lastNewItemAt: daysAgo(1) });
    await add('https://week.example/rss', { lastSuccessAt: daysAgo(0), lastPolledAt: daysAgo(0), lastNewItemAt: daysAgo(9) });
    await add('https://never-polled.example/rss', {});
    await add('https://paused.example/rss', { status: 'paused', operator: true, lastSuccessAt: daysAgo(30), lastNewItemAt: daysAgo(40) });
    await store.close();
    const status = async (...argv: string[]) => {
      const m = memoryIo('', own);
      return { code: await main(['status', ...argv], m.io), out: m.out(), err: m.err() };
    };
    const text = await status();
    expect(text.out).toContain('quiet     1 feed polled without a new item for 14+ days');
    expect(text.out).toMatch(/ {2}quiet {4}https:\/\/stale\.example\/rss {2}last new item /);
    const json = JSON.parse((await status('--json', '--quiet-days', '7')).out) as { quietFeeds: Array<{ url: string }> };
    expect(json.quietFeeds.map((f) => f.url)).toEqual(['https://stale.example/rss', 'https://week.example/rss']);
    expect((await status('--quiet-days', '0')).code).toBe(2);
  });

  it('finds a feed with credentials by the URL feeds list prints (masked), without its password, or its host in upper case', async () => {
    const own = { ...env, DATABASE_URL: `sqlite:${path.join(dir, 'masked.sqlite')}` };
    const feeds = async (...argv: string[]) => {
      const m = memoryIo('', own);
      return { code: await main(['feeds', ...argv], m.io), out: m.out(), err: m.err() };
    };
    for (const url of ['https://user:s3cret@private.example/feed.xml', 'https://alice:one@shared.example/rss', 'https://alice:two@shared.example/rss']) expect((await feeds('add', url)).code).toBe(0);
    const listed = (await feeds('list')).out;
    const masked = /https:\/\/user:\*\*\*@private\.example\/feed\.xml/.exec(listed)?.[0];
    expect(masked).toBe('https://user:***@private.example/feed.xml');
    expect(await feeds('pause', masked!)).toMatchObject({ code: 0, out: 'paused: 1 https://user:***@private.example/feed.xml\n' });
    expect(await feeds('resume', 'HTTPS://user@Private.Example/feed.xml')).toMatchObject({ code: 0, out: 'resumed: 1 https://user:***@private.example/feed.xml\n' });
    expect(await feeds('interval', 'https://user@private.example/feed.xml', '15m')).toMatchObject({ code: 0, out: expect.stringMatching(/^interval \(every 15m.*\): 1 https:\/\/user:\*\*\*@private\.example\/feed\.xml\n$/) });
    expect(await feeds('remove', masked!)).toMatchObject({ code: 0, out: 'removed: 1 https://user:***@private.example/feed.xml\n' });
    expect(await feeds('remove', masked!)).toMatchObject({ code: 1, err: 'newsfeed feeds: FEED_NOT_FOUND: no feed https://user:***@private.example/feed.xml\n' });
    // Two feeds listed alike: the ids tell them apart.
    expect(await feeds('remove', 'https://alice:***@shared.example/rss')).toMatchObject({ code: 1, err: 'newsfeed feeds: FEED_AMBIGUOUS: https://alice:***@shared.example/rss matches feeds 2, 3: give the id of the one meant\n' });
    expect(await feeds('remove', '3')).toMatchObject({ code: 0, out: 'removed: 3 https://alice:***@shared.example/rss\n' });
    expect(await feeds('remove', 'https://alice:***@shared.example/rss')).toMatchObject({ code: 0, out: 'removed: 2 https://alice:***@shared.example/rss\n' });
  });

  it('imports an OPML file in the encoding it declares (ISO-8859-1)', async () => {
    const own = { ...env, DATABASE_URL: `sqlite:${path.join(dir, 'latin1.sqlite')}` };
    const file = path.join(dir, 'latin1.opml');
    writeFileSync(file, Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><opml version="2.0"><body><outline text="Caf\u00e9"><outline text="Le Caf\u00e9" xmlUrl="https://cafe.example/rss"/></outline></body></opml>', 'latin1'));
    const m = memoryIo('', own);
    expect(await main(['feeds', 'import', file], m.io)).toBe(0);
    const list = memoryIo('', own);
    await main(['feeds', 'list', '--json'], list.io);
    expect(JSON.parse(list.out())).toMatchObject({ title: 'Le Café', categories: ['Café'] });
  });

  it('says which setting is wrong', async () => {
    const m = memoryIo('', { ...env, PORT: 'x' });
    expect(await main(['status'], m.io)).toBe(1);
    expect(m.err()).toContain('port (from PORT)');
  });
});

describe('newsfeed status while Redis does not answer', () => {
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'newsfeed-cli-noredis-'));
    // Port 1: nothing listens; the password must not be shown in what status says of it.
    env = { DATABASE_URL: `sqlite:${path.join(dir, 'db.sqlite')}`, REDIS_URL: 'redis://:r3dispw@127.0.0.1:1' };
    const store = await openStore(env.DATABASE_URL!);
    await store.addFeed({ url: 'https://a.example/feed.xml' });
    await store.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['text', ['status'], (out: string) => expect(out).toMatch(/^stories\s+0 in 0 clusters\nfeeds\s+1 total.*\nqueues\s+unknown: Redis is not answering at redis:\/\/:\*\*\*@127\.0\.0\.1:1\n/)],
    [
      'JSON',
      ['status', '--json'],
      (out: string) =>
        expect(JSON.parse(out)).toMatchObject({ stories: 0, clusters: 0, feeds: { total: 1 }, queues: {}, failingFeeds: [], quietFeeds: [], redisError: 'Redis is not answering at redis://:***@127.0.0.1:1' }),
    ],
  ])('prints what the store says as %s, says REDIS_UNAVAILABLE and exits 1', async (_form, argv, checkOut) => {
    const m = memoryIo('', env);
    expect(await main(argv, m.io)).toBe(1);
    checkOut(m.out());
    expect(m.err()).toBe('newsfeed status: REDIS_UNAVAILABLE: Redis is not answering at redis://:***@127.0.0.1:1\n');
    expect(m.out() + m.err()).not.toContain('r3dispw');
  });
});
