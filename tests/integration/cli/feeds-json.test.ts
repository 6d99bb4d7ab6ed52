import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerFeedRoutes } from '../../../src/api/feed-routes.js';
import { main } from '../../../src/cli/main.js';
import { openStore } from '../../../src/store/open-store.js';
import type { StoryStore } from '../../../src/store/story-store.js';
import { memoryIo } from '../../helpers/cli-streams.js';

/** The keys of a feed in GET /api/feeds, in order: no store internals (etag, bodyHash, lastModified, createdAt). */
const FEED_KEYS = ['id', 'url', 'title', 'siteUrl', 'categories', 'status', 'lastError', 'errorCount', 'lastPolledAt', 'lastSuccessAt', 'nextPoll', 'pollIntervalSec', 'fullText', 'fullTextSelector', 'blockRule', 'keepRule', 'fixedIntervalSec', 'lastNewItemAt'];

describe('newsfeed feeds list --json', () => {
  let dir: string;
  let databaseUrl: string;
  let store: StoryStore;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'newsfeed-feeds-json-'));
    databaseUrl = `sqlite:${path.join(dir, 'db.sqlite')}`;
    store = await openStore(databaseUrl);
    const { feed: ok } = await store.addFeed({ url: 'https://ok.example/feed.xml', title: 'OK', categories: ['World'] });
    await store.updateFeed(ok.id, { etag: '"v1"', bodyHash: 'abc', lastModified: 'Fri, 17 Jan 2025 10:00:00 GMT', lastPolledAt: '2025-01-17T10:00:00.000Z', lastSuccessAt: '2025-01-17T10:00:00.000Z', nextPollAt: '2025-01-17T10:30:00.000Z', pollIntervalSec: 1800 });
    const { feed: failing } = await store.addFeed({ url: 'https://broken.example/feed.xml' });
    await store.updateFeed(failing.id, { status: 'failing', lastErrorCode: 'HTTP_STATUS', lastErrorMessage: 'HTTP 500', errorCount: 3, nextPollAt: '2025-01-17T11:00:00.000Z' });
    const { feed: gone } = await store.addFeed({ url: 'https://gone.example/feed.xml' });
    await store.updateFeed(gone.id, { status: 'retired', lastErrorCode: 'FETCH_GONE', lastErrorMessage: '410 Gone', nextPollAt: '2025-01-18T00:00:00.000Z' });
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints each feed as GET /api/feeds does, byte for byte, one per line', async () => {
    const m = memoryIo('', { DATABASE_URL: databaseUrl, REDIS_URL: 'redis://127.0.0.1:1' });
    expect(await main(['feeds', 'list', '--json'], m.io)).toBe(0);
    const lines = m.out().trimEnd().split('\n');

    const app = Fastify();
    registerFeedRoutes(app, { store, log: pino({ level: 'silent' }), topics: [], settings: { apiToken: null, defaultLimit: 10, maxLimit: 10, queuePrefix: 'unused' } });
    const response = await app.inject({ method: 'GET', url: '/api/feeds' });
    await app.close();
    const apiFeeds = (response.json() as { feeds: unknown[] }).feeds;
    expect(lines).toEqual(apiFeeds.map((f) => JSON.stringify(f)));

    const [ok, failing, gone] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const feed of [ok, failing, gone]) expect(Object.keys(feed!)).toEqual(FEED_KEYS);
    expect(ok).toMatchObject({ title: 'OK', categories: ['World'], status: 'active', lastError: null, nextPoll: '2025-01-17T10:30:00.000Z', pollIntervalSec: 1800 });
    expect(failing).toMatchObject({ status: 'failing', lastError: { code: 'HTTP_STATUS', message: 'HTTP 500' }, errorCount: 3, nextPoll: '2025-01-17T11:00:00.000Z' });
    expect(gone).toMatchObject({ status: 'retired', lastError: { code: 'FETCH_GONE', message: '410 Gone' }, nextPoll: null });
  });
});
