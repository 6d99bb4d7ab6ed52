import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoryStore } from '../../../src/store/story-store.js';
import { storeBackends } from '../../helpers/store-backends.js';

const backends = storeBackends('feedimport');

const feeds = (...names: string[]) => names.map((n) => ({ url: `https://${n}.example/feed.xml`, title: n }));

for (const backend of backends) {
  describe.skipIf(!backend.available)(`feed ids on ${backend.name}`, () => {
    let store: StoryStore;
    let cleanup: () => Promise<void>;
    beforeEach(async () => ({ store, cleanup } = await backend.open()));
    afterEach(() => cleanup());

    const ids = async () => (await store.listFeeds()).map((f) => f.id);

    it('stay dense when the same feeds are imported and added again', async () => {
      expect(await store.importFeeds(feeds('a', 'b', 'c'))).toEqual({ added: 3, existing: 0 });
      const first = await ids();
      expect(first).toEqual([first[0]!, first[0]! + 1, first[0]! + 2]);
      for (let i = 0; i < 3; i++) expect(await store.importFeeds(feeds('a', 'b', 'c'))).toEqual({ added: 0, existing: 3 });
      expect(await store.addFeed(feeds('b')[0]!)).toMatchObject({ created: false, feed: { id: first[1] } });
      // The next new feeds take the next ids, whatever was imported again before them.
      expect(await store.importFeeds(feeds('a', 'd', 'e'))).toEqual({ added: 2, existing: 1 });
      const { feed, created } = await store.addFeed(feeds('f')[0]!);
      expect(created).toBe(true);
      expect(await ids()).toEqual([0, 1, 2, 3, 4, 5].map((k) => first[0]! + k));
      expect(feed.id).toBe(first[0]! + 5);
    });

    it('count a URL listed twice in one import once', async () => {
      expect(await store.importFeeds(feeds('a', 'a', 'b'))).toEqual({ added: 2, existing: 1 });
      expect((await store.listFeeds()).map((f) => f.url)).toEqual(['https://a.example/feed.xml', 'https://b.example/feed.xml']);
    });

    it('leave an existing feed exactly as it was', async () => {
      const { feed } = await store.addFeed({ url: 'https://a.example/feed.xml', title: 'A', categories: ['World'] });
      await store.updateFeed(feed.id, { etag: '"v1"', status: 'failing', errorCount: 2 });
      const before = await store.getFeed(feed.id);
      await store.importFeeds([{ url: 'https://a.example/feed.xml', title: 'changed', siteUrl: 'https://a.example/', categories: ['Other'] }]);
      await store.addFeed({ url: 'https://a.example/feed.xml', title: 'changed again' });
      expect(await store.getFeed(feed.id)).toEqual(before);
    });

    it('store each feed once when imports race (the unique constraint settles it, without an error)', async () => {
      const list = feeds('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h');
      const results = await Promise.all(Array.from({ length: 6 }, () => store.importFeeds(list)));
      expect(results.reduce((n, r) => n + r.added, 0)).toBe(list.length);
      for (const r of results) expect(r.added + r.existing).toBe(list.length);
      expect((await store.listFeeds()).map((f) => f.url).sort()).toEqual(list.map((f) => f.url).sort());
    });
  });
}
