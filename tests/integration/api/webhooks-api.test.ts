import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiDeps } from '../../../src/api/api-deps.js';
import { buildApp } from '../../../src/api/build-app.js';
import { openStore } from '../../../src/store/open-store.js';
import type { StoryStore } from '../../../src/store/story-store.js';

const topics = [
  { id: 'economy', label: 'Economy, business and finance', iptc: 'medtop:04000000', parent: null },
  { id: 'energy', label: 'Energy', iptc: 'medtop:20000256', parent: 'economy' },
  { id: 'sport', label: 'Sport', iptc: 'medtop:15000000', parent: null },
];

const TOKEN = 'sekrit-api-token';
const AUTH = { authorization: `Bearer ${TOKEN}` };
const HOOK_URL = 'https://hooks.example/in';
/** The keys of a subscription in GET /api/webhooks, in order (POST adds `secret`). */
const VIEW_KEYS = ['id', 'url', 'filter', 'include', 'status', 'disabledReason', 'delivered', 'failed', 'lastDelivery', 'createdAt'];
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

type App = Awaited<ReturnType<typeof buildApp>>;
type Method = 'GET' | 'POST' | 'DELETE';

function deps(store: StoryStore, apiToken: string | null): ApiDeps {
  return { store, log: pino({ level: 'silent' }), topics, settings: { apiToken, defaultLimit: 10, maxLimit: 50, queuePrefix: 'unused' } };
}

function expectError(res: { statusCode: number; json: () => unknown }, status: number, code: string): void {
  expect(res.statusCode).toBe(status);
  const body = res.json() as { error: { code: string; message: string } };
  expect(Object.keys(body)).toEqual(['error']);
  expect(Object.keys(body.error)).toEqual(['code', 'message']);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  expect(body.error.message.length).toBeGreaterThan(0);
}

describe('webhook routes', () => {
  let store: StoryStore;
  let app: App;

  beforeEach(async () => {
    store = await openStore('sqlite::memory:');
    app = await buildApp(deps(store, TOKEN));
  });
  afterEach(async () => {
    await app.close();
    await store.close();
  });

  const post = (payload: unknown) => app.inject({ method: 'POST', url: '/api/webhooks', headers: AUTH, payload: payload as object });

  describe('without API_TOKEN', () => {
    let closed: App;
    beforeEach(async () => {
      closed = await buildApp(deps(store, null));
    });
    afterEach(async () => closed.close());

    it.each<[Method, string]>([
      ['GET', '/api/webhooks'],
      ['POST', '/api/webhooks'],
      ['GET', '/api/webhooks/1'],
      ['DELETE', '/api/webhooks/1'],
    ])('%s %s is 403 ADMIN_DISABLED, even with a bearer token', async (method, url) => {
      await store.addWebhook({ url: HOOK_URL });
      for (const headers of [{}, AUTH]) {
        const res = await closed.inject({ method, url, headers, ...(method === 'POST' ? { payload: { url: 'https://other.example/in' } } : {}) });
        expectError(res, 403, 'ADMIN_DISABLED');
      }
      expect((await store.listWebhooks()).map((h) => h.url)).toEqual([HOOK_URL]);
    });
  });

  describe('authorization', () => {
    it.each<[string, Record<string, string>]>([
      ['no Authorization header', {}],
      ['a wrong bearer token', { authorization: 'Bearer wrong' }],
      ['the token with more after it', { authorization: `Bearer ${TOKEN}x` }],
      ['the token under another scheme', { authorization: `Basic ${TOKEN}` }],
    ])('with %s every route is 401 UNAUTHORIZED and changes nothing', async (_name, headers) => {
      const hook = await store.addWebhook({ url: HOOK_URL });
      const calls: Array<[Method, string]> = [
        ['GET', '/api/webhooks'],
        ['POST', '/api/webhooks'],
        ['GET', `/api/webhooks/${hook.id}`],
        ['DELETE', `/api/webhooks/${hook.id}`],
      ];
      for (const [method, url] of calls) {
        const res = await app.inject({ method, url, headers, ...(method === 'POST' ? { payload: { url: 'https://other.example/in' } } : {}) });
        expectError(res, 401, 'UNAUTHORIZED');
      }
      expect(await store.listWebhooks()).toEqual([hook]);
    });

    it('accepts the bearer scheme in any case', async () => {
      const res = await app.inject({ url: '/api/webhooks', headers: { authorization: `bearer ${TOKEN}` } });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ webhooks: [] });
    });
  });

  describe('POST /api/webhooks', () => {
    it('adds a subscription (201) and shows its generated secret', async () => {
      const res = await post({ url: HOOK_URL, topic: 'energy', entity: 'Iran' });
      expect(res.statusCode).toBe(201);
      const body = res.json() as Record<string, unknown>;
      expect(Object.keys(body)).toEqual([...VIEW_KEYS, 'secret']);
      expect(body).toEqual({
        id: expect.any(Number),
        url: HOOK_URL,
        filter: { topic: ['energy'], entity: 'Iran', q: null, feed: null, category: null, language: [] },
        include: [],
        status: 'active',
        disabledReason: null,
        delivered: 0,
        failed: 0,
        lastDelivery: null,
        createdAt: expect.stringMatching(ISO),
        secret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      });
      // 32 random bytes, base64url.
      expect(Buffer.from(body.secret as string, 'base64url')).toHaveLength(32);
      expect((await store.getWebhook(body.id as number))?.secret).toBe(body.secret);
    });

    it('makes a different secret for each subscription', async () => {
      const a = (await post({ url: 'https://a.example/in' })).json() as { secret: string };
      const b = (await post({ url: 'https://b.example/in' })).json() as { secret: string };
      expect(a.secret).not.toBe(b.secret);
    });

    it.each<[string, Record<string, unknown>]>([
      ['the same body', { url: HOOK_URL, topic: 'energy', entity: 'Iran' }],
      ['the topic in another case', { url: HOOK_URL, topic: 'ENERGY', entity: 'Iran' }],
      ['the topic as a list', { url: HOOK_URL, topic: ['energy'], entity: 'Iran' }],
      ['the topic repeated in a comma list', { url: HOOK_URL, topic: 'energy, energy', entity: 'Iran' }],
      ['spaces around the entity', { url: HOOK_URL, topic: 'energy', entity: '  Iran ' }],
      ['the URL spelled differently', { url: 'HTTPS://Hooks.Example:443/in', topic: 'energy', entity: 'Iran' }],
      ['explicit nulls for the other filters', { url: HOOK_URL, topic: 'energy', entity: 'Iran', q: null, feed: null, category: null, language: [] }],
      ['the entity in another case', { url: HOOK_URL, topic: 'energy', entity: 'IRAN' }],
    ])('finds the existing subscription (200, same id and secret) for %s', async (_name, again) => {
      const first = await post({ url: HOOK_URL, topic: 'energy', entity: 'Iran' });
      expect(first.statusCode).toBe(201);
      const second = await post(again);
      expect(second.statusCode).toBe(200);
      expect(second.json()).toEqual(first.json());
      expect(await store.listWebhooks()).toHaveLength(1);
    });

    it('refuses the same URL and filter with another secret (409 WEBHOOK_EXISTS): its secret is changed by removing it first', async () => {
      const first = (await post({ url: HOOK_URL, topic: 'energy' })).json() as { id: number; secret: string };
      const again = await post({ url: HOOK_URL, topic: 'energy', secret: 'another-secret-of-enough-length' });
      expectError(again, 409, 'WEBHOOK_EXISTS');
      expect((await post({ url: HOOK_URL, topic: 'energy', secret: first.secret })).statusCode).toBe(200);
    });

    it.each<[string, Record<string, unknown>]>([
      ['another URL', { url: 'https://hooks.example/other', topic: 'energy', entity: 'Iran' }],
      ['another topic', { url: HOOK_URL, topic: 'sport', entity: 'Iran' }],
      ['one more topic', { url: HOOK_URL, topic: 'energy,sport', entity: 'Iran' }],
      ['no entity', { url: HOOK_URL, topic: 'energy' }],
      ['words as well', { url: HOOK_URL, topic: 'energy', entity: 'Iran', q: 'gas' }],
      ['a feed as well', { url: HOOK_URL, topic: 'energy', entity: 'Iran', feed: '1' }],
      ['a category as well', { url: HOOK_URL, topic: 'energy', entity: 'Iran', category: 'Wires' }],
      ['a language as well', { url: HOOK_URL, topic: 'energy', entity: 'Iran', language: 'en' }],
      ['the text included', { url: HOOK_URL, topic: 'energy', entity: 'Iran', include: 'text' }],
    ])('adds a new subscription (201) for %s', async (_name, other) => {
      await store.addFeed({ url: 'https://news.example/feed.xml' });
      const first = (await post({ url: HOOK_URL, topic: 'energy', entity: 'Iran' })).json() as { id: number };
      const second = await post(other);
      expect(second.statusCode).toBe(201);
      expect((second.json() as { id: number }).id).not.toBe(first.id);
      expect(await store.listWebhooks()).toHaveLength(2);
    });

    it('keeps a secret it is given (16 characters or more) as given, spaces included: the receiver signs with the same bytes', async () => {
      const res = await post({ url: HOOK_URL, secret: '  0123456789abcdef  ' });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ secret: '  0123456789abcdef  ', filter: { topic: [], entity: null, q: null, feed: null, category: null, language: [] } });
    });

    it('refuses a field it does not take (a misspelt topics would subscribe to every story), and a feed not in the store', async () => {
      const res = await post({ url: HOOK_URL, topics: 'energy' });
      expectError(res, 400, 'BAD_REQUEST');
      expect((res.json() as { error: { message: string } }).error.message).toMatch(/^topics: not a field of a subscription/);
      const feed = await post({ url: HOOK_URL, feed: 'https://user:***@news.example/feed.xml' });
      expectError(feed, 400, 'BAD_REQUEST');
      expect(await store.listWebhooks()).toHaveLength(0);
    });

    it('takes every filter field (the feed, given by URL or id, kept as its id)', async () => {
      await store.addFeed({ url: 'https://news.example/feed.xml' });
      const res = await post({ url: 'http://hooks.example:8080/in?x=1', topic: ['energy', 'Sport'], entity: 'Vladimir Putin', q: 'gas pipeline', feed: 'https://news.example/feed.xml' });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({
        url: 'http://hooks.example:8080/in?x=1',
        filter: { topic: ['energy', 'sport'], entity: 'Vladimir Putin', q: 'gas pipeline', feed: '1', category: null, language: [] },
      });
    });

    it.each<[string, unknown, string]>([
      ['a secret under 16 characters', { url: HOOK_URL, secret: 'fifteen-chars!!' }, 'BAD_REQUEST'],
      ['a secret of spaces', { url: HOOK_URL, secret: '                    ' }, 'BAD_REQUEST'],
      ['a secret that is not a string', { url: HOOK_URL, secret: 1234567890123456789 }, 'BAD_REQUEST'],
      ['an unknown topic', { url: HOOK_URL, topic: 'nope' }, 'TOPIC_UNKNOWN'],
      ['a known and an unknown topic', { url: HOOK_URL, topic: 'energy,nope' }, 'TOPIC_UNKNOWN'],
      ['an empty topic', { url: HOOK_URL, topic: '' }, 'BAD_REQUEST'],
      ['no url', { topic: 'energy' }, 'BAD_REQUEST'],
      ['a url that is not a string', { url: 42 }, 'BAD_REQUEST'],
      ['an ftp url', { url: 'ftp://x' }, 'BAD_REQUEST'],
      ['a javascript: url', { url: 'javascript:alert(1)' }, 'BAD_REQUEST'],
      ['not a url', { url: 'not a url' }, 'BAD_REQUEST'],
      ['a relative url', { url: '/in' }, 'BAD_REQUEST'],
      ['q of punctuation only', { url: HOOK_URL, q: '?!, ...' }, 'BAD_REQUEST'],
      ['an empty entity', { url: HOOK_URL, entity: '  ' }, 'BAD_REQUEST'],
      ['an entity that is not a string', { url: HOOK_URL, entity: ['Iran'] }, 'BAD_REQUEST'],
      ['a feed over 500 characters', { url: HOOK_URL, feed: `https://news.example/${'x'.repeat(500)}` }, 'BAD_REQUEST'],
      ['a JSON array', [{ url: HOOK_URL }], 'BAD_REQUEST'],
      ['a JSON string', 'https://hooks.example/in', 'BAD_REQUEST'],
    ])('refuses %s with 400', async (_name, payload, code) => {
      const res =
        typeof payload === 'string'
          ? await app.inject({ method: 'POST', url: '/api/webhooks', headers: { ...AUTH, 'content-type': 'application/json' }, payload: JSON.stringify(payload) })
          : await post(payload);
      expectError(res, 400, code);
      expect(await store.listWebhooks()).toEqual([]);
    });

    it('refuses a JSON null body with 400', async () => {
      const res = await app.inject({ method: 'POST', url: '/api/webhooks', headers: { ...AUTH, 'content-type': 'application/json' }, payload: 'null' });
      expectError(res, 400, 'BAD_REQUEST');
    });

    it('names the unknown topic', async () => {
      const res = await post({ url: HOOK_URL, topic: 'energy,nope' });
      expect((res.json() as { error: { message: string } }).error.message).toContain('"nope"');
    });
  });

  describe('GET /api/webhooks and /api/webhooks/:id', () => {
    it('lists the subscriptions by id, without their secrets', async () => {
      expect((await app.inject({ url: '/api/webhooks', headers: AUTH })).json()).toEqual({ webhooks: [] });
      const a = (await post({ url: 'https://b.example/in', topic: 'energy', entity: 'Iran' })).json() as Record<string, unknown>;
      const b = (await post({ url: 'https://a.example/in', secret: 'a-given-secret-value' })).json() as Record<string, unknown>;
      const res = await app.inject({ url: '/api/webhooks', headers: AUTH });
      expect(res.statusCode).toBe(200);
      const { webhooks } = res.json() as { webhooks: Array<Record<string, unknown>> };
      for (const hook of webhooks) {
        expect(Object.keys(hook)).toEqual(VIEW_KEYS);
        expect(hook).not.toHaveProperty('secret');
      }
      const { secret: _a, ...viewA } = a;
      const { secret: _b, ...viewB } = b;
      expect(webhooks).toEqual([viewA, viewB]);
      expect(res.body).not.toContain(a.secret as string);
      expect(res.body).not.toContain('a-given-secret-value');
    });

    it('gets one subscription as the list shows it, without its secret', async () => {
      const created = (await post({ url: HOOK_URL, topic: 'energy' })).json() as { id: number; secret: string };
      const res = await app.inject({ url: `/api/webhooks/${created.id}`, headers: AUTH });
      expect(res.statusCode).toBe(200);
      const list = (await app.inject({ url: '/api/webhooks', headers: AUTH })).json() as { webhooks: unknown[] };
      expect(res.json()).toEqual(list.webhooks[0]);
      expect(Object.keys(res.json() as object)).toEqual(VIEW_KEYS);
      expect(res.body).not.toContain(created.secret);
    });

    it('adding again a subscription a 410 Gone disabled turns it back on, counts kept', async () => {
      const { id } = (await post({ url: HOOK_URL })).json() as { id: number };
      await store.recordWebhookOutcome(id, { ok: false, at: '2025-03-01T10:05:00.000Z', status: 410, code: 'WEBHOOK_GONE', message: 'gone', final: true, disable: true });
      const again = await post({ url: HOOK_URL });
      expect(again.statusCode).toBe(200);
      expect(again.json()).toMatchObject({ id, status: 'active', disabledReason: null, failed: 1 });
    });

    it('masks a password in the URL wherever the subscription is shown', async () => {
      const created = await post({ url: 'https://user:hunter2@hooks.example/in' });
      expect(created.json()).toMatchObject({ url: 'https://user:***@hooks.example/in' });
      const listed = (await app.inject({ url: '/api/webhooks', headers: AUTH })).body;
      expect(listed).toContain('https://user:***@hooks.example/in');
      expect(listed).not.toContain('hunter2');
      expect((await store.listWebhooks())[0]!.url).toBe('https://user:hunter2@hooks.example/in');
    });

    it('shows the last delivery, its error and the counts the store recorded', async () => {
      const { id } = (await post({ url: HOOK_URL })).json() as { id: number };
      await store.recordWebhookOutcome(id, { ok: true, at: '2025-03-01T10:00:00.000Z', status: 200 });
      const delivered = (await app.inject({ url: `/api/webhooks/${id}`, headers: AUTH })).json();
      expect(delivered).toMatchObject({ status: 'active', delivered: 1, failed: 0, lastDelivery: { at: '2025-03-01T10:00:00.000Z', status: 200, error: null } });

      await store.recordWebhookOutcome(id, { ok: false, at: '2025-03-01T10:05:00.000Z', status: 410, code: 'WEBHOOK_GONE', message: 'receiver answered 410 Gone', final: true, disable: true });
      const disabled = (await app.inject({ url: `/api/webhooks/${id}`, headers: AUTH })).json();
      expect(disabled).toMatchObject({
        status: 'disabled',
        disabledReason: 'receiver answered 410 Gone',
        delivered: 1,
        failed: 1,
        lastDelivery: { at: '2025-03-01T10:05:00.000Z', status: 410, error: { code: 'WEBHOOK_GONE', message: 'receiver answered 410 Gone' } },
      });
    });

    it.each([['999'], ['0'], ['abc'], ['1.5'], ['-1'], ['1e3'], ['%20']])('GET /api/webhooks/%s is 404 NOT_FOUND', async (id) => {
      await post({ url: HOOK_URL });
      expectError(await app.inject({ url: `/api/webhooks/${id}`, headers: AUTH }), 404, 'NOT_FOUND');
    });
  });

  describe('DELETE /api/webhooks/:id', () => {
    it('removes a subscription (204, no body), then is 404', async () => {
      const keep = (await post({ url: 'https://keep.example/in' })).json() as { id: number };
      const { id } = (await post({ url: HOOK_URL })).json() as { id: number };
      const res = await app.inject({ method: 'DELETE', url: `/api/webhooks/${id}`, headers: AUTH });
      expect(res.statusCode).toBe(204);
      expect(res.body).toBe('');
      expectError(await app.inject({ method: 'DELETE', url: `/api/webhooks/${id}`, headers: AUTH }), 404, 'NOT_FOUND');
      expectError(await app.inject({ url: `/api/webhooks/${id}`, headers: AUTH }), 404, 'NOT_FOUND');
      expect(((await app.inject({ url: '/api/webhooks', headers: AUTH })).json() as { webhooks: Array<{ id: number }> }).webhooks.map((h) => h.id)).toEqual([keep.id]);
    });

    it.each([['999'], ['abc'], ['-1']])('DELETE /api/webhooks/%s is 404 NOT_FOUND and removes nothing', async (id) => {
      await post({ url: HOOK_URL });
      expectError(await app.inject({ method: 'DELETE', url: `/api/webhooks/${id}`, headers: AUTH }), 404, 'NOT_FOUND');
      expect(await store.listWebhooks()).toHaveLength(1);
    });

    it('lets the same subscription be added again afterwards, as a new one with a new secret', async () => {
      const first = (await post({ url: HOOK_URL, topic: 'energy' })).json() as { id: number; secret: string };
      await app.inject({ method: 'DELETE', url: `/api/webhooks/${first.id}`, headers: AUTH });
      const again = await post({ url: HOOK_URL, topic: 'energy' });
      expect(again.statusCode).toBe(201);
      expect((again.json() as { id: number }).id).not.toBe(first.id);
      expect((again.json() as { secret: string }).secret).not.toBe(first.secret);
    });
  });
});
