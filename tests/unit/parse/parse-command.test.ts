import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CliIO } from '../../../src/cli/cli-io.js';
import { runParse } from '../../../src/cli/parse-command.js';
import { FIXTURES } from './fixtures.js';

/** The service's config: relative paths are read from the fixtures, so the config is named. */
const CONFIG_ENV = { NEWSFEED_CONFIG: join(process.cwd(), 'config/default.yaml') };

async function run(args: string[], stdin = '', env: Record<string, string> = {}): Promise<{ code: number; lines: Array<Record<string, any>>; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (c: Buffer) => out.push(c));
  stderr.on('data', (c: Buffer) => err.push(c));
  const io: CliIO = { stdin: Readable.from([Buffer.from(stdin)]), stdout, stderr, env: { ...CONFIG_ENV, ...env }, cwd: FIXTURES };
  const code = await runParse(args, io);
  const text = Buffer.concat(out).toString('utf8');
  return { code, lines: text === '' ? [] : text.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, any>), stderr: Buffer.concat(err).toString('utf8') };
}

const ITEM_KEYS = ['guid', 'url', 'title', 'summary', 'contentHtml', 'publishedAt', 'author', 'categories'];

describe('newsfeed parse', () => {
  it('prints one line per file in the contract shape, files echoed as given, and exits 1 when one failed', async () => {
    const { code, lines } = await run(['formats/rss-2.0.xml', './formats/atom-1.0.xml', 'no/such-file.xml', 'not-feeds/html-page.html', 'formats']);
    expect(code).toBe(1);
    expect(lines.map((l) => [l.file, l.ok])).toEqual([
      ['formats/rss-2.0.xml', true],
      ['./formats/atom-1.0.xml', true],
      ['no/such-file.xml', false],
      ['not-feeds/html-page.html', false],
      ['formats', false],
    ]);
    const [rss, atom, missing, html, dir] = lines as [Record<string, any>, Record<string, any>, Record<string, any>, Record<string, any>, Record<string, any>];
    expect(Object.keys(rss).slice(0, 6)).toEqual(['file', 'ok', 'format', 'encoding', 'feed', 'items']);
    expect(rss).toMatchObject({ format: 'rss', encoding: 'utf-8', feed: { title: 'World Desk & Wires', link: 'https://news.example.org/', description: 'Stories from the world desk' } });
    expect(Object.keys(rss.feed).slice(0, 3)).toEqual(['title', 'link', 'description']);
    for (const item of [...rss.items, ...atom.items]) expect(Object.keys(item)).toEqual(ITEM_KEYS);
    expect(rss.items[0]).toMatchObject({ guid: 'urn:example:story:1001', publishedAt: '2025-01-17T10:00:00.000Z', categories: ['diplomacy', 'energy'] });
    expect(atom).toMatchObject({ format: 'atom', items: [{ title: 'Release 2.0 is out' }, { title: 'Only updated' }] });
    expect(missing).toEqual({ file: 'no/such-file.xml', ok: false, error: { code: 'FILE_UNREADABLE', message: 'cannot read file: ENOENT' } });
    expect(html).toMatchObject({ ok: false, error: { code: 'PARSE_NOT_A_FEED' } });
    expect(dir).toMatchObject({ ok: false, error: { code: 'FILE_UNREADABLE' } });
    for (const failed of [missing, html, dir]) expect(Object.keys(failed)).toEqual(['file', 'ok', 'error']);
  });

  it('exits 0 when every file parsed, and reports recovery as an extra key', async () => {
    const { code, lines } = await run(['recovery/truncated.xml']);
    expect(code).toBe(0);
    expect(lines[0]).toMatchObject({ ok: true, recovered: true, recoveryNotes: expect.arrayContaining(['unclosed elements at end of document']) });
  });

  it.each([
    [['--content-type', 'text/xml; charset=windows-1251', 'charsets/windows-1251-header-only.xml']],
    [['--content-type=text/xml; charset=windows-1251', 'charsets/windows-1251-header-only.xml']],
  ])('passes the content type on: %j', async (args) => {
    const { code, lines } = await run(args);
    expect(code).toBe(0);
    expect(lines[0]).toMatchObject({ encoding: 'windows-1251', feed: { title: 'Новости дня' } });
  });

  it('resolves relative links against --url', async () => {
    const { lines } = await run(['--url', 'https://feeds.example.com/news/feed.xml', 'formats/relative-rss.xml']);
    expect(lines[0]!.items[0].url).toBe('https://feeds.example.com/news/posts/1.html');
  });

  it('resolves relative links against the channel link without --url (url absolute, content URLs too)', async () => {
    const { lines } = await run(['formats/relative-links-rss.xml']);
    expect(lines[0]!.items[0]).toMatchObject({ url: 'https://news.example.org/rel/path', summary: expect.stringContaining('<img src="https://news.example.org/i.png"') });
  });

  it('reads standard input for "-"', async () => {
    const { code, lines } = await run(['-'], '<rss><channel><title>From stdin</title></channel></rss>');
    expect(code).toBe(0);
    expect(lines[0]).toMatchObject({ file: '-', ok: true, feed: { title: 'From stdin' } });
  });

  const rss = (items: number) => `<rss version="2.0"><channel><title>Long</title>${Array.from({ length: items }, (_, i) => `<item><guid>g${i}</guid><title>Item ${i}</title></item>`).join('')}</channel></rss>`;

  it.each<[string, Record<string, string>, number]>([
    ['parse.maxItems of config/default.yaml (500, not the parser default 5,000)', {}, 500],
    ['NEWSFEED_PARSE__MAX_ITEMS', { NEWSFEED_PARSE__MAX_ITEMS: '3' }, 3],
  ])('keeps the items the service keeps: %s', async (_name, env, kept) => {
    const { code, lines } = await run(['-'], rss(600), env);
    expect(code).toBe(0);
    expect(lines[0]!.items).toHaveLength(kept);
    expect(lines[0]!.items.at(-1).guid).toBe(`g${kept - 1}`);
    expect(Object.keys(lines[0]!).slice(0, 6)).toEqual(['file', 'ok', 'format', 'encoding', 'feed', 'items']);
  });

  it('refuses a body over fetch.maxBytes, as the fetch worker does', async () => {
    const { code, lines } = await run(['-'], rss(100), { NEWSFEED_FETCH__MAX_BYTES: '1024' });
    expect(code).toBe(1);
    expect(lines[0]).toMatchObject({ file: '-', ok: false, error: { code: 'PARSE_TOO_LARGE' } });
  });

  it('says which setting is wrong, exit 1, and reads no file', async () => {
    const { code, lines, stderr } = await run(['formats/rss-2.0.xml'], '', { NEWSFEED_PARSE__MAX_ITEMS: 'many' });
    expect(code).toBe(1);
    expect(lines).toEqual([]);
    expect(stderr).toMatch(/^newsfeed parse: CONFIG_INVALID: [^]*parse\.maxItems \(from NEWSFEED_PARSE__MAX_ITEMS\)/);
  });

  it.each([[[]], [['--bogus', 'a.xml']], [['--content-type']]])('exits 2 on bad usage %j', async (args) => {
    const { code, lines, stderr } = await run(args);
    expect(code).toBe(2);
    expect(lines).toEqual([]);
    expect(stderr).toMatch(/usage: newsfeed parse/);
  });

  it('prints help on --help', async () => {
    const stdout = new PassThrough();
    const chunks: Buffer[] = [];
    stdout.on('data', (c: Buffer) => chunks.push(c));
    const code = await runParse(['--help'], { stdin: Readable.from([]), stdout, stderr: new PassThrough(), env: {}, cwd: FIXTURES });
    expect(code).toBe(0);
    expect(Buffer.concat(chunks).toString()).toMatch(/--content-type VALUE/);
  });
});
