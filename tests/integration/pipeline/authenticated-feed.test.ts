import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/api/build-app.js';
import { fetchFeed } from '../../../src/fetch/fetch-feed.js';
import { openStore } from '../../../src/store/open-store.js';
import type { StoryStore } from '../../../src/store/story-store.js';

/** A feed behind HTTP basic auth, its credentials in its URL (as Miniflux's feed username/password). */
describe('a feed whose URL carries credentials', () => {
  let server: http.Server;
  let base: string;
  const seen: Array<string | undefined> = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen.push(req.headers.authorization);
      if (req.headers.authorization !== `Basic ${Buffer.from('reader:s3cr3t').toString('base64')}`) {
        res.writeHead(401, { 'www-authenticate': 'Basic realm="feeds"' }).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end('<rss version="2.0"><channel><title>Private</title><item><title>One</title></item></channel></rss>');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('is fetched with HTTP basic auth from the URL', async () => {
    const ok = await fetchFeed({ url: `http://reader:s3cr3t@${base}/feed.xml` }, { allowPrivateNetworks: true });
    expect(ok).toMatchObject({ kind: 'ok', status: 200 });
    const refused = await fetchFeed({ url: `http://reader:wrong@${base}/feed.xml` }, { allowPrivateNetworks: true }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'HTTP_STATUS' });
  });

  describe('shown by the API', () => {
    let store: StoryStore;
    beforeAll(async () => {
      store = await openStore('sqlite::memory:');
    });
    afterAll(() => store.close());

    it('with its password masked, in /api/feeds, its last error and the stories\' sources', async () => {
      const url = `http://reader:s3cr3t@${base}/feed.xml`;
      const { feed } = await store.addFeed({ url });
      await store.updateFeed(feed.id, { status: 'failing', lastErrorCode: 'FETCH_GONE', lastErrorMessage: `${url} is gone (410)` });
      await store.writeStories([{
        storyId: 's1', clusterId: 's1', canonical: true, ingestedAt: '2025-02-01T00:00:00.000Z',
        story: { title: 'One', url: null, canonicalUrl: null, summary: '', text: 'One', publishedAt: null, topics: [], entities: { places: [], people: [], organizations: [] } },
        source: { itemKey: '1:s1', feedId: feed.id, feedUrl: url, guid: 's1', url: null, canonicalUrl: null, title: 'One', publishedAt: null, match: 'new', similarity: null },
      }]);
      const app = await buildApp({ store, log: pino({ level: 'silent' }), topics: [], settings: { apiToken: null, defaultLimit: 10, maxLimit: 50, queuePrefix: 'x' } });
      const feeds = (await app.inject({ url: '/api/feeds' })).body;
      const stories = (await app.inject({ url: '/api/stories' })).body;
      await app.close();
      for (const body of [feeds, stories]) {
        expect(body).not.toContain('s3cr3t');
        expect(body).toContain(`http://reader:***@${base}/feed.xml`);
      }
      expect(feeds).toContain(`"message":"http://reader:***@${base}/feed.xml is gone (410)"`);
      // The store keeps the credentials to use them.
      expect((await store.listFeeds())[0]!.url).toBe(url);
    });

    it("filters stories by the feed's URL (with its password), its masked URL or its id; and by its new URL after it moved", async () => {
      const url = `http://reader:s3cr3t@${base}/other.xml`;
      const { feed } = await store.addFeed({ url });
      const masked = url.replace('s3cr3t', '***');
      await store.writeStories([{
        storyId: 's2', clusterId: 's2', canonical: true, ingestedAt: '2025-02-01T00:00:00.000Z',
        story: { title: 'Two', url: null, canonicalUrl: null, summary: '', text: 'Two', publishedAt: null, topics: [], entities: { places: [], people: [], organizations: [] } },
        // As ingest stores it now: the password masked.
        source: { itemKey: `${feed.id}:s2`, feedId: feed.id, feedUrl: masked, guid: 's2', url: null, canonicalUrl: null, title: 'Two', publishedAt: null, match: 'new', similarity: null },
      }]);
      const ids = async (f: string) => (await store.queryStories({ feed: f, limit: 10 })).stories.map((s) => s.id);
      for (const f of [url, masked, String(feed.id)]) expect(await ids(f)).toEqual(['s2']);
      expect(await ids(`http://reader:wrong@${base}/other.xml`)).toEqual(['s2']);
      // The feed moved (a 301): its stories are found under its new URL too.
      await store.updateFeed(feed.id, { url: `http://reader:s3cr3t@${base}/moved.xml` });
      expect(await ids(`http://reader:s3cr3t@${base}/moved.xml`)).toEqual(['s2']);
      expect(await ids(`https://unknown.example/feed.xml`)).toEqual([]);
    });
  });
});
