import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config.js';
import { discoverWithConfig } from '../../../src/discover/discover-with-config.js';
import { rssLink, sitePage as page, siteRss as RSS, startLocalSite, type LocalSite } from '../../helpers/local-site.js';

const ATOM = `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Site Atom</title><id>urn:x</id><entry><id>urn:a</id><title>A</title></entry></feed>`;

describe('discoverFeeds through the real fetcher, against a local site', () => {
  let site: LocalSite;
  let base: string;
  let routes: LocalSite['routes'];
  let requested: string[];
  const discover = (env: Record<string, string> = { ALLOW_PRIVATE_NETWORKS: 'true' }, overrides: Record<string, unknown> = {}) =>
    discoverWithConfig(loadConfig({ env, cwd: process.cwd(), overrides }));

  beforeAll(async () => {
    site = await startLocalSite();
    ({ base, routes, requested } = site);
  });
  afterAll(() => site.close());
  beforeEach(() => site.reset());

  it('finds the feed a page announces, checked, with its title and item count', async () => {
    routes.set('/', { body: page(rssLink('/feed.xml', 'Site RSS')) });
    routes.set('/feed.xml', { type: 'application/rss+xml', body: RSS('Site News') });
    expect(await discover()(`${base}/`)).toEqual([{ url: `${base}/feed.xml`, title: 'Site News', siteUrl: 'https://site.example/', format: 'rss', items: 2, via: 'link' }]);
  });

  it('answers a feed address with the feed itself, without fetching anything else', async () => {
    routes.set('/feed.xml', { type: 'application/rss+xml', body: RSS('Site News') });
    const found = await discover()(`${base}/feed.xml`);
    expect(found).toMatchObject([{ url: `${base}/feed.xml`, title: 'Site News', via: 'given' }]);
    expect(requested).toEqual(['/feed.xml']);
  });

  it('answers the new address of a feed that moved for good (301)', async () => {
    routes.set('/old.xml', { status: 301, location: '/new.xml' });
    routes.set('/new.xml', { type: 'application/rss+xml', body: RSS('Moved') });
    expect(await discover()(`${base}/old.xml`)).toMatchObject([{ url: `${base}/new.xml`, via: 'given' }]);
  });

  it('keeps every announced feed that parses, in page order, comment feeds last, and skips links that are not feeds', async () => {
    routes.set('/', { body: page(rssLink('/comments/feed/', 'Site » Comments Feed') + rssLink('/broken.xml') + rssLink('/feed/') + '<link rel="alternate" type="application/atom+xml" href="/atom.xml">') });
    routes.set('/comments/feed/', { type: 'application/rss+xml', body: RSS('Comments') });
    routes.set('/broken.xml', { body: page('') });
    routes.set('/feed/', { type: 'application/rss+xml', body: RSS('Site News') });
    routes.set('/atom.xml', { type: 'application/atom+xml', body: ATOM });
    const found = await discover()(`${base}/`);
    expect(found.map((f) => [f.url.slice(base.length), f.title, f.format])).toEqual([
      ['/feed/', 'Site News', 'rss'],
      ['/atom.xml', 'Site Atom', 'atom'],
      ['/comments/feed/', 'Comments', 'rss'],
    ]);
  });

  it('follows feed-like anchors when the page announces nothing', async () => {
    routes.set('/', { body: page('', '<a href="/about">About</a><a href="/rss/world.xml">World news RSS</a>') });
    routes.set('/rss/world.xml', { type: 'text/xml', body: RSS('World') });
    expect(await discover()(`${base}/`)).toMatchObject([{ url: `${base}/rss/world.xml`, title: 'World', via: 'anchor' }]);
    expect(requested).not.toContain('/about');
  });

  it("tries the site's usual feed addresses when the page leads to none, and stops at the first feed", async () => {
    routes.set('/blog/post-1', { body: page('') });
    routes.set('/atom.xml', { type: 'application/atom+xml', body: ATOM });
    routes.set('/index.xml', { type: 'application/rss+xml', body: RSS('Also a feed') });
    expect(await discover()(`${base}/blog/post-1`)).toMatchObject([{ url: `${base}/atom.xml`, title: 'Site Atom', via: 'guess' }]);
    expect(requested).toEqual(['/blog/post-1', '/feed', '/rss', '/feed.xml', '/rss.xml', '/atom.xml']);
  });

  it('reaches one feed under two addresses once', async () => {
    routes.set('/', { body: page(rssLink('/feed') + rssLink('/feed.xml')) });
    routes.set('/feed', { status: 302, location: '/feed.xml' });
    routes.set('/feed.xml', { type: 'application/rss+xml', body: RSS('Site News') });
    expect((await discover()(`${base}/`)).map((f) => f.url)).toEqual([`${base}/feed`]);
  });

  it('reads a page in a legacy charset (its <meta>) and keeps the link title for a feed without one', async () => {
    const html = `<html><head><meta charset="windows-1251">${rssLink('/untitled.xml', 'Новости')}</head><body></body></html>`;
    routes.set('/', { type: 'text/html', body: Buffer.from(new Uint8Array([...html].map((c) => (c.charCodeAt(0) < 128 ? c.charCodeAt(0) : cp1251(c))))) });
    routes.set('/untitled.xml', { type: 'application/rss+xml', body: RSS('') });
    expect(await discover()(`${base}/`)).toMatchObject([{ url: `${base}/untitled.xml`, title: 'Новости' }]);
  });

  it('is DISCOVER_NO_FEED, with how many addresses it checked, when nothing leads to a feed', async () => {
    routes.set('/', { body: page(rssLink('/dead.xml'), '<a href="/feeds/">Feeds</a>') });
    await expect(discover()(`${base}/`)).rejects.toMatchObject({ code: 'DISCOVER_NO_FEED', details: { checked: 10 } });
    // The two links, then the usual addresses until discover.maxCandidates (10) were fetched.
    expect(requested).toEqual(['/', '/dead.xml', '/feeds/', '/feed', '/rss', '/feed.xml', '/rss.xml', '/atom.xml', '/index.xml', '/feed.json', '/feeds/posts/default']);
  });

  it('fetches no more than discover.maxCandidates addresses after the page', async () => {
    routes.set('/', { body: page(Array.from({ length: 30 }, (_, i) => rssLink(`/dead-${i}.xml`)).join('')) });
    await expect(discover({ ALLOW_PRIVATE_NETWORKS: 'true' }, { 'discover.maxCandidates': 3 })(`${base}/`)).rejects.toMatchObject({ code: 'DISCOVER_NO_FEED' });
    expect(requested).toEqual(['/', '/dead-0.xml', '/dead-1.xml', '/dead-2.xml']);
  });

  it('gives the page fetch its own error: HTTP_STATUS for a 404, FETCH_BLOCKED_ADDRESS without ALLOW_PRIVATE_NETWORKS', async () => {
    await expect(discover()(`${base}/missing`)).rejects.toMatchObject({ code: 'HTTP_STATUS' });
    await expect(discover({})(`${base}/`)).rejects.toMatchObject({ code: 'FETCH_BLOCKED_ADDRESS' });
    expect(requested).toEqual(['/missing']);
  });

  it('gives a broken feed at the address its parse error, and searches no further', async () => {
    routes.set('/feed.json', { type: 'application/feed+json', body: '{"version": "https://jsonfeed.org/version/1.1", "title": "x", "items": [' });
    await expect(discover()(`${base}/feed.json`)).rejects.toMatchObject({ code: 'PARSE_MALFORMED' });
    expect(requested).toEqual(['/feed.json']);
  });

  it('gives each candidate discover.candidateTimeoutMs, so one slow link does not use the whole discovery', async () => {
    routes.set('/', { body: page(rssLink('/slow.xml') + '<link rel="alternate" type="application/atom+xml" href="/atom.xml">') });
    routes.set('/slow.xml', { type: 'application/rss+xml', body: RSS('Slow'), delayMs: 3000 });
    routes.set('/atom.xml', { type: 'application/atom+xml', body: ATOM });
    expect(await discover({ ALLOW_PRIVATE_NETWORKS: 'true' }, { 'discover.candidateTimeoutMs': 300 })(`${base}/`)).toMatchObject([{ url: `${base}/atom.xml` }]);
  });

  it('ends as FETCH_TIMEOUT, saying how many addresses it checked, when its time runs out among the candidates', async () => {
    routes.set('/', { body: page(rssLink('/slow-1.xml') + rssLink('/slow-2.xml') + rssLink('/slow-3.xml')) });
    for (const n of [1, 2, 3]) routes.set(`/slow-${n}.xml`, { type: 'application/rss+xml', body: RSS('Slow'), delayMs: 3000 });
    await expect(discover({ ALLOW_PRIVATE_NETWORKS: 'true' }, { 'discover.timeoutMs': 1000, 'discover.candidateTimeoutMs': 700 })(`${base}/`)).rejects.toMatchObject({
      code: 'FETCH_TIMEOUT',
      message: 'discovery ran out of time after trying 2 addresses besides the page (the last cut off), none of them a feed',
    });
  });

  it("lists one feed reached under two addresses once (WordPress's /feed/ and /?feed=rss2)", async () => {
    routes.set('/', { body: page(rssLink('/feed/'), '<a href="/?feed=rss2">RSS</a>') });
    routes.set('/feed/', { type: 'application/rss+xml', body: RSS('Site News') });
    routes.set('/?feed=rss2', { type: 'application/rss+xml', body: RSS('Site News') });
    expect((await discover()(`${base}/`)).map((f) => f.url)).toEqual([`${base}/feed/`]);
    expect(requested).toContain('/?feed=rss2');
  });

  it('masks a password of the address in its error', async () => {
    routes.set('/empty', { body: page('') });
    const url = base.replace('http://', 'http://reader:s3cr3t@') + '/empty';
    await expect(discover({ ALLOW_PRIVATE_NETWORKS: 'true' }, { 'discover.maxCandidates': 1 })(url)).rejects.toMatchObject({ code: 'DISCOVER_NO_FEED', message: expect.stringContaining('http://reader:***@') });
    await expect(discover()('example.com/feed.xml')).rejects.toMatchObject({ code: 'FETCH_BAD_URL', message: expect.stringContaining('(give it with http:// or https://)') });
  });

  it('stops at discover.timeoutMs in all as FETCH_TIMEOUT', async () => {
    routes.set('/', { body: page(''), delayMs: 3000 });
    const started = Date.now();
    await expect(discover({ ALLOW_PRIVATE_NETWORKS: 'true' }, { 'discover.timeoutMs': 1000 })(`${base}/`)).rejects.toMatchObject({ code: 'FETCH_TIMEOUT', message: expect.stringContaining('discover.timeoutMs') });
    expect(Date.now() - started).toBeLessThan(2500);
  });
});

/** The windows-1251 byte of a Cyrillic letter (а–я, А–Я). */
function cp1251(c: string): number {
  const code = c.charCodeAt(0);
  if (code >= 0x410 && code <= 0x44f) return code - 0x410 + 0xc0;
  throw new Error(`no windows-1251 byte for ${c}`);
}
