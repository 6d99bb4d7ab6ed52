import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { openStore } from '../../../src/store/open-store.js';
import { memoryIo } from '../../helpers/cli-streams.js';
import { rssLink, sitePage, siteRss, startLocalSite, type LocalSite } from '../../helpers/local-site.js';

describe('newsfeed feeds discover, feeds add --discover', () => {
  let site: LocalSite;
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    site = await startLocalSite();
  });
  afterAll(() => site.close());
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'newsfeed-feeds-discover-'));
    env = { DATABASE_URL: `sqlite:${path.join(dir, 'db.sqlite')}`, REDIS_URL: 'redis://127.0.0.1:1', ALLOW_PRIVATE_NETWORKS: 'true' };
    site.reset();
    site.routes.set('/', { body: sitePage(rssLink('/feed.xml') + '<link rel="alternate" type="application/atom+xml" href="/atom.xml">') });
    site.routes.set('/feed.xml', { type: 'application/rss+xml', body: siteRss('Site News') });
    site.routes.set('/atom.xml', { type: 'application/atom+xml', body: '<feed xmlns="http://www.w3.org/2005/Atom"><title>Site Atom</title><id>urn:x</id></feed>' });
    return () => rmSync(dir, { recursive: true, force: true });
  });

  it('prints each feed found as one JSON line, and needs no store', async () => {
    const m = memoryIo('', env);
    expect(await main(['feeds', 'discover', `${site.base}/`], m.io)).toBe(0);
    expect(m.out().trimEnd().split('\n').map((l) => JSON.parse(l))).toEqual([
      { url: `${site.base}/feed.xml`, title: 'Site News', siteUrl: 'https://site.example/', format: 'rss', items: 2, via: 'link' },
      { url: `${site.base}/atom.xml`, title: 'Site Atom', siteUrl: null, format: 'atom', items: 0, via: 'link' },
    ]);
    expect(existsSync(path.join(dir, 'db.sqlite'))).toBe(false);
  });

  it.each([
    ['a page without feeds', '/nothing-here', 'HTTP_STATUS'],
    ['a page that leads to no feed', '/empty', 'DISCOVER_NO_FEED'],
  ])('exits 1 with the code for %s', async (_name, url, code) => {
    site.routes.set('/empty', { body: sitePage('') });
    site.routes.delete('/feed.xml');
    site.routes.delete('/atom.xml');
    const m = memoryIo('', env);
    expect(await main(['feeds', 'discover', `${site.base}${url}`], m.io)).toBe(1);
    expect(m.err()).toMatch(new RegExp(`^newsfeed feeds: ${code}: `));
    expect(m.out()).toBe('');
  });

  it('refuses a loopback site without ALLOW_PRIVATE_NETWORKS, and exits 2 without a URL', async () => {
    const guarded = memoryIo('', { ...env, ALLOW_PRIVATE_NETWORKS: 'false' });
    expect(await main(['feeds', 'discover', `${site.base}/`], guarded.io)).toBe(1);
    expect(guarded.err()).toContain('FETCH_BLOCKED_ADDRESS');
    const usage = memoryIo('', env);
    expect(await main(['feeds', 'discover'], usage.io)).toBe(2);
  });

  it('add --discover adds the first feed found under its title; add alone adds the address as given', async () => {
    const m = memoryIo('', env);
    expect(await main(['feeds', 'add', '--discover', `${site.base}/`], m.io)).toBe(0);
    expect(m.out()).toBe(`discovered: ${site.base}/feed.xml (Site News)\nadded: 1 ${site.base}/feed.xml\n`);
    const again = memoryIo('', env);
    expect(await main(['feeds', 'add', '--discover', `${site.base}/feed.xml`], again.io)).toBe(0);
    expect(again.out()).toBe(`already present: 1 ${site.base}/feed.xml\n`);
    const plain = memoryIo('', env);
    expect(await main(['feeds', 'add', `${site.base}/`], plain.io)).toBe(0);
    const store = await openStore(env.DATABASE_URL!);
    expect((await store.listFeeds()).map((f) => [f.url, f.title])).toEqual([
      [`${site.base}/feed.xml`, 'Site News'],
      [`${site.base}/`, null],
    ]);
    await store.close();
    const failed = memoryIo('', env);
    expect(await main(['feeds', 'add', '--discover', `${site.base}/missing`], failed.io)).toBe(1);
    expect(failed.err()).toMatch(/^newsfeed feeds: HTTP_STATUS: /);
  });
});
