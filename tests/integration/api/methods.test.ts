import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/api/build-app.js';
import { openStore } from '../../../src/store/open-store.js';
import type { StoryStore } from '../../../src/store/story-store.js';

describe('a path served under other methods', () => {
  let store: StoryStore;
  let app: Awaited<ReturnType<typeof buildApp>>;
  beforeAll(async () => {
    store = await openStore('sqlite::memory:');
    app = await buildApp({ store, log: pino({ level: 'silent' }), topics: [{ id: 'energy', label: 'Energy', iptc: 'medtop:20000256', parent: null }], settings: { apiToken: 't', defaultLimit: 10, maxLimit: 50, queuePrefix: 'x' } });
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  it.each([
    ['POST', '/api/stories', 'GET, HEAD'],
    ['DELETE', '/api/stories/s1?x=1', 'GET, HEAD'],
    ['PUT', '/api/feeds', 'GET, HEAD, POST'],
    ['PATCH', '/api/webhooks/3', 'DELETE, GET, HEAD'],
    ['GET', '/api/webhooks/3/test', 'POST'],
    ['POST', '/api/topics/energy/feed.xml', 'GET, HEAD'],
    ['POST', '/healthz', 'GET, HEAD'],
  ])('%s %s is 405 METHOD_NOT_ALLOWED with Allow: %s', async (method, url, allow) => {
    const res = await app.inject({ method: method as 'GET', url });
    expect(res.statusCode).toBe(405);
    expect(res.headers.allow).toBe(allow);
    expect(res.json()).toEqual({ error: { code: 'METHOD_NOT_ALLOWED', message: expect.stringContaining(`allowed: `) } });
  });

  it.each([['GET', '/api/nope'], ['POST', '/api/stories/s1/more'], ['GET', '/api']])('%s %s: no such path, 404 NOT_FOUND', async (method, url) => {
    const res = await app.inject({ method: method as 'GET', url });
    expect(res.statusCode).toBe(404);
    expect((res.json() as { error: { code: string } }).error.code).toBe('NOT_FOUND');
  });

  it.each([
    ['/api/stories?topics=energy', 'did you mean topic?'],
    ['/api/stream?topics=energy', 'did you mean topic?'],
    ['/api/stream?since=2025-01-01', 'it takes topic'],
  ])('GET %s: an unknown parameter is 400 QUERY_INVALID (%s)', async (url, hint) => {
    const res = await app.inject({ url });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: { code: 'QUERY_INVALID', message: expect.stringContaining(hint) } });
  });

  it('an empty body sent as JSON is no body; a malformed one is 400; prototype poisoning is refused', async () => {
    const { feed } = await store.addFeed({ url: 'https://a.example/rss' });
    const headers = { authorization: 'Bearer t', 'content-type': 'application/json' };
    expect((await app.inject({ method: 'POST', url: `/api/feeds/${feed.id}/pause`, headers, payload: '' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: '/api/feeds', headers, payload: '{"url": ' })).statusCode).toBe(400);
    expect((await app.inject({ method: 'POST', url: '/api/feeds', headers, payload: '{"url":"https://b.example/rss","__proto__":{"x":1}}' })).statusCode).toBe(400);
  });
});
