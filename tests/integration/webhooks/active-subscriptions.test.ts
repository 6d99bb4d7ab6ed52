import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../src/store/open-store.js';
import type { StoryStore } from '../../../src/store/story-store.js';
import { createActiveSubscriptionsCheck } from '../../../src/webhooks/active-subscriptions.js';

describe('createActiveSubscriptionsCheck (SQLite store)', () => {
  let store: StoryStore;
  beforeEach(async () => (store = await openStore('sqlite::memory:')));
  afterEach(() => store.close());

  it('reads the store at most once per ttl, and sees a subscription added or disabled after it', async () => {
    let t = 0;
    const check = createActiveSubscriptionsCheck(store, { ttlMs: 1000, now: () => t });
    expect(await check()).toBe(false);
    const hook = await store.addWebhook({ url: 'https://hooks.example/in' });
    t = 999;
    expect(await check()).toBe(false); // still the answer read at 0
    t = 1000;
    expect(await check()).toBe(true);
    await store.recordWebhookOutcome(hook.id, { ok: false, at: '2025-01-01T00:00:00.000Z', status: 410, code: 'WEBHOOK_GONE', message: 'gone', final: true, disable: true });
    t = 2000;
    expect(await check()).toBe(false);
  });

  it('counts a store that cannot answer as "yes" (the dispatcher finds out)', async () => {
    const check = createActiveSubscriptionsCheck(store);
    await store.close();
    expect(await check()).toBe(true);
    store = await openStore('sqlite::memory:');
  });
});
