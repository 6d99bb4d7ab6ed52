import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/api/build-app.js';
import type { ApiDeps } from '../../../src/api/api-deps.js';
import { loadConfig } from '../../../src/config/load-config.js';
import { discoverWithConfig } from '../../../src/discover/discover-with-config.js';
import { openStore } from '../../../src/store/open-store.js';
import type { StoryStore } from '../../../src/store/story-store.js';
import { rssLink, sitePage, siteRss, startLocalSite, type LocalSite } from '../../helpers/local-site.js';

const AUTH = { authorization: 'Bearer t0ken' };

describe('feed discovery over the API (GET /api/discover, POST /api/feeds with discover)', () => {
  let site: LocalSite;
  let dir: string;
  let store: StoryStore;
  let deps: ApiDeps;
  beforeAll(async () => {
    site = await startLocalSite();
    dir = mkdtempSync(path.join(os.tmpdir(), 'newsfeed-discover-api-'));
    store = await openStore(`sqlite:${path.join(dir, 'db.sqlite')}`);
    const config = loadConfig({ env: { ALLOW_PRIVATE_NETWORKS: 'true' }, cwd: process.cwd() });
    deps = { store, log: pino({ level: 'silent' }), topics: [], settings: { apiToken: 't0ken', defaultLimit: 10, maxLimit: 50, queuePrefix: 'unused' }, discover: discoverWithConfig(config) };
  });
  afterAll(async () => {
    await store.close();
    await site.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    site.reset();
    site.routes.set('/', { body: sitePage(rssLink('/feed.xml', 'Site RSS')) });
    site.routes.set('/feed.xml', { type: 'application/rss+xml', body: siteRss('Site News') });
  });

  it('lists the feeds of a page', async () => {
    const app = await buildApp(deps);
    const res = await app.inject({ method: 'GET', url: `/api/discover?url=${encodeURIComponent(`${site.base}/`)}`, headers: AUTH });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ url: `${site.base}/`, feeds: [{ url: `${site.base}/feed.xml`, title: 'Site News', siteUrl: 'https://site.example/', format: 'rss', items: 2, via: 'link' }] });
    await app.close();
  });

  it.each([
    ['no token', '/api/discover?url=http%3A%2F%2Fx.example%2F', {}, 401, 'UNAUTHORIZED'],
    ['no url', '/api/discover', AUTH, 400, 'QUERY_INVALID'],
    ['a url that is not http(s)', '/api/discover?url=file%3A%2F%2F%2Fetc%2Fpasswd', AUTH, 400, 'QUERY_INVALID'],
    ['another parameter', '/api/discover?url=http%3A%2F%2Fx.example%2F&limit=3', AUTH, 400, 'QUERY_INVALID'],
    ['two urls', '/api/discover?url=http%3A%2F%2Fx.example%2F&url=http%3A%2F%2Fy.example%2F', AUTH, 400, 'QUERY_INVALID'],
  ])('refuses %s', async (_name, url, headers, status, code) => {
    const app = await buildApp(deps);
    const res = await app.inject({ method: 'GET', url, headers });
    expect([res.statusCode, res.json().error.code]).toEqual([status, code]);
    await app.close();
    expect(site.requested).toEqual([]);
  });

  it('answers 422 with the failing stage code: a 404 page, a page without feeds, a refused address', async () => {
    site.routes.set('/empty', { body: sitePage('') });
    site.routes.delete('/feed.xml');
    const app = await buildApp(deps);
    const ask = async (url: string, d = deps) => {
      const a = d === deps ? app : await buildApp(d);
      const res = await a.inject({ method: 'GET', url: `/api/discover?url=${encodeURIComponent(url)}`, headers: AUTH });
      if (a !== app) await a.close();
      return [res.statusCode, res.json().error.code];
    };
    expect(await ask(`${site.base}/missing`)).toEqual([422, 'HTTP_STATUS']);
    expect(await ask(`${site.base}/empty`)).toEqual([422, 'DISCOVER_NO_FEED']);
    const guarded = { ...deps, discover: discoverWithConfig(loadConfig({ env: {}, cwd: process.cwd() })) };
    expect(await ask(`${site.base}/`, guarded)).toEqual([422, 'FETCH_BLOCKED_ADDRESS']);
    expect(await ask(`${site.base}/`, { ...deps, discover: undefined })).toEqual([503, 'NOT_READY']);
    await app.close();
  });

  it('adds the feed of a page with {"discover":true}, under the feed title unless one is given, and once', async () => {
    const app = await buildApp(deps);
    const add = (body: object) => app.inject({ method: 'POST', url: '/api/feeds', headers: AUTH, payload: body });
    const first = await add({ url: `${site.base}/`, discover: true });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ url: `${site.base}/feed.xml`, title: 'Site News' });
    const again = await add({ url: `${site.base}/`, discover: true, title: 'Mine' });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ id: first.json().id, title: 'Site News' });
    // Without discover, the page's address is added as given, as before.
    expect((await add({ url: `${site.base}/` })).json()).toMatchObject({ url: `${site.base}/` });
    site.routes.set('/other', { body: sitePage(rssLink('/other.xml')) });
    site.routes.set('/other.xml', { type: 'application/rss+xml', body: siteRss('') });
    expect((await add({ url: `${site.base}/other`, discover: true, title: 'Named' })).json()).toMatchObject({ url: `${site.base}/other.xml`, title: 'Named' });
    const failed = await add({ url: `${site.base}/nothing`, discover: true });
    expect([failed.statusCode, failed.json().error.code]).toEqual([422, 'HTTP_STATUS']);
    expect((await store.listFeeds()).map((f) => f.url.slice(site.base.length))).toEqual(['/feed.xml', '/', '/other.xml']);
    await app.close();
  });
});
