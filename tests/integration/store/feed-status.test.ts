import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoryStore } from '../../../src/store/story-store.js';
import { storeBackends } from '../../helpers/store-backends.js';

for (const backend of storeBackends('feedstatus')) {
  describe.skipIf(!backend.available)(`feed status on ${backend.name}`, () => {
    let store: StoryStore;
    let cleanup: () => Promise<void>;
    beforeEach(async () => ({ store, cleanup } = await backend.open()));
    afterEach(() => cleanup());

    it("a poll that ends after its feed was paused leaves it paused; an operator's change applies", async () => {
      const { feed } = await store.addFeed({ url: 'https://a.example/rss' });
      await store.updateFeed(feed.id, { status: 'paused', operator: true });
      // The poll's outcome: everything but the status is recorded.
      await store.updateFeed(feed.id, { status: 'active', lastPolledAt: '2025-01-17T10:00:00.000Z', errorCount: 0 });
      expect(await store.getFeed(feed.id)).toMatchObject({ status: 'paused', lastPolledAt: '2025-01-17T10:00:00.000Z' });
      await store.updateFeed(feed.id, { status: 'failing' });
      expect((await store.getFeed(feed.id))!.status).toBe('paused');
      await store.updateFeed(feed.id, { status: 'active', operator: true });
      expect((await store.getFeed(feed.id))!.status).toBe('active');
      await store.updateFeed(feed.id, { status: 'failing' });
      expect((await store.getFeed(feed.id))!.status).toBe('failing');
    });
  });
}
