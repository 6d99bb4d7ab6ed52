import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/api/build-app.js';
import { maskCredentials } from '../../../src/normalize/mask-credentials.js';
import { openStore } from '../../../src/store/open-store.js';
import type { StoryStore } from '../../../src/store/story-store.js';
import { storyWrite } from '../../helpers/story-write.js';

const TOKEN = 'feed-filter-token';

/** `feed=` names a feed as the CLI's feeds commands do (matchFeed): the same resolver, not a copy. */
describe('the feed filter of /api/stories, /api/stream and webhooks', () => {
  let store: StoryStore;
  let app: Awaited<ReturnType<typeof buildApp>>;

  beforeAll(async () => {
    store = await openStore('sqlite::memory:');
    const urls = ['https://news.example/feed.xml', 'https://reader:s3cr3t@private.example/feed.xml', 'https://alice:one@shared.example/rss', 'https://alice:two@shared.example/rss'];
    for (const url of urls) await store.addFeed({ url });
    const from = (id: string, feedId: number) => {
      const w = storyWrite({ id, publishedAt: `2025-01-1${feedId}T08:00:00.000Z` });
      // As ingest stores a source: its feed's URL with the password masked.
      return { ...w, source: { ...w.source, itemKey: `${feedId}:${id}`, feedId, feedUrl: maskCredentials(urls[feedId - 1]!) } };
    };
    await store.writeStories([from('s1', 1), from('s2', 2), from('s3', 3), from('s4', 4)]);
    app = await buildApp({ store, log: pino({ level: 'silent' }), topics: [], settings: { apiToken: TOKEN, defaultLimit: 10, maxLimit: 50, queuePrefix: 'x' } });
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  it.each([
    ['the URL as stored', 'https://news.example/feed.xml', ['s1']],
    ['the scheme and host in upper case', 'HTTPS://News.EXAMPLE/feed.xml', ['s1']],
    ['the id', '2', ['s2']],
    ['the URL with its password', 'https://reader:s3cr3t@private.example/feed.xml', ['s2']],
    ['the URL as /api/feeds masks it', 'https://reader:***@private.example/feed.xml', ['s2']],
    ['the masked URL, the host in upper case', 'https://reader:***@PRIVATE.EXAMPLE/feed.xml', ['s2']],
    ['the user without the password', 'https://reader@private.example/feed.xml', ['s2']],
    ['the user without the password, the scheme in upper case', 'HTTPS://reader@private.example/feed.xml', ['s2']],
    ['the path in another case: no feed', 'https://news.example/FEED.xml', []],
    ['another user: no feed', 'https://someone@private.example/feed.xml', []],
  ])('/api/stories finds a feed by %s', async (_name, feed, ids) => {
    const res = await app.inject({ url: '/api/stories', query: { feed } });
    expect(res.statusCode).toBe(200);
    expect(res.json().stories.map((s: { id: string }) => s.id)).toEqual(ids);
  });

  it.each(['/api/stories', '/api/stream'])('%s refuses a masked URL two feeds share, naming their ids', async (url) => {
    const res = await app.inject({ url, query: { feed: 'https://alice:***@shared.example/rss' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toEqual({ code: 'FEED_AMBIGUOUS', message: 'https://alice:***@shared.example/rss matches feeds 3, 4: give the id of the one meant' });
  });

  it('keeps a webhook feed given by its URL in another case, without its password, as its id', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/webhooks', headers: { authorization: `Bearer ${TOKEN}` }, payload: { url: 'https://hooks.example/in', feed: 'HTTPS://reader@Private.Example/feed.xml' } });
    expect(res.statusCode).toBe(201);
    expect(res.json().filter.feed).toBe('2');
  });
});
