import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/api/build-app.js';
import { main } from '../../../src/cli/main.js';
import { loadConfig } from '../../../src/config/load-config.js';
import { openStore } from '../../../src/store/open-store.js';
import type { StoryStore } from '../../../src/store/story-store.js';
import { createWebhookPoster } from '../../../src/webhooks/post-webhook.js';
import { signWebhookBody } from '../../../src/webhooks/webhook-payload.js';
import { memoryIo } from '../../helpers/cli-streams.js';
import { startWebhookReceiver } from '../../helpers/webhook-receiver.js';

const AUTH = { authorization: 'Bearer t0ken' };
const SECRET = 'test-delivery-secret-0123';

/** A test delivery ("ping") from the API and the CLI, to real receivers, with the service's poster. */
describe('webhook test deliveries', () => {
  let dir: string;
  let databaseUrl: string;
  let store: StoryStore;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  beforeEach(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'newsfeed-ping-'));
    databaseUrl = `sqlite:${path.join(dir, 'db.sqlite')}`;
    store = await openStore(databaseUrl);
    receiver = await startWebhookReceiver({ answers: [204, 500] });
  });
  afterEach(async () => {
    await store.close();
    await receiver.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const app = async (withPoster: boolean, allowPrivate = true) => {
    const config = loadConfig({ env: { ALLOW_PRIVATE_NETWORKS: String(allowPrivate) }, cwd: process.cwd() });
    return buildApp({ store, log: pino({ level: 'silent' }), topics: [], settings: { apiToken: 't0ken', defaultLimit: 10, maxLimit: 50, queuePrefix: 'unused' }, ...(withPoster ? { postWebhook: createWebhookPoster(config) } : {}) });
  };

  it('POST /api/webhooks/:id/test sends a signed ping now and says how the receiver answered', async () => {
    const hook = await store.addWebhook({ url: `${receiver.url}/in`, secret: SECRET });
    const api = await app(true);
    const first = await api.inject({ method: 'POST', url: `/api/webhooks/${hook.id}/test`, headers: AUTH });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ ok: true, status: 204, error: null });
    const req = receiver.received[0]!;
    expect(JSON.parse(req.body)).toMatchObject({ event: 'ping', webhookId: hook.id, stories: [] });
    expect(req.headers).toMatchObject({ 'x-newsfeed-event': 'ping', 'x-newsfeed-signature': signWebhookBody(SECRET, req.body) });
    const second = await api.inject({ method: 'POST', url: `/api/webhooks/${hook.id}/test`, headers: AUTH });
    expect(second.json()).toEqual({ ok: false, status: 500, error: { code: 'WEBHOOK_HTTP_STATUS', message: 'the receiver answered 500' } });
    // A test is not a delivery: the subscription's counts are untouched.
    expect(await store.getWebhook(hook.id)).toMatchObject({ delivered: 0, failed: 0, lastStatus: null });
    await api.close();
  });

  it('refuses a private address unless allowed, as deliveries do', async () => {
    const hook = await store.addWebhook({ url: receiver.url, secret: SECRET });
    const api = await app(true, false);
    const res = await api.inject({ method: 'POST', url: `/api/webhooks/${hook.id}/test`, headers: AUTH });
    expect(res.json()).toMatchObject({ ok: false, status: null, error: { code: 'WEBHOOK_BLOCKED_ADDRESS' } });
    expect(receiver.received).toHaveLength(0);
    await api.close();
  });

  it.each([
    ['an unknown id', '/api/webhooks/99/test', AUTH, true, 404, 'NOT_FOUND'],
    ['no token', '/api/webhooks/1/test', {}, true, 401, 'UNAUTHORIZED'],
    ['a process without a poster', '/api/webhooks/1/test', AUTH, false, 503, 'NOT_READY'],
  ])('%s: %i %s', async (_name, url, headers, withPoster, status, code) => {
    await store.addWebhook({ url: receiver.url, secret: SECRET });
    const api = await app(withPoster);
    const res = await api.inject({ method: 'POST', url, headers });
    expect(res.statusCode).toBe(status);
    expect((res.json() as { error: { code: string } }).error.code).toBe(code);
    await api.close();
  });

  it('newsfeed webhooks test ID prints the answer; exit 0 when the receiver took it, 1 when not', async () => {
    const hook = await store.addWebhook({ url: receiver.url, secret: SECRET });
    const env = { DATABASE_URL: databaseUrl, REDIS_URL: 'redis://127.0.0.1:1', ALLOW_PRIVATE_NETWORKS: 'true' };
    const ok = memoryIo('', env);
    expect(await main(['webhooks', 'test', String(hook.id)], ok.io)).toBe(0);
    expect(JSON.parse(ok.out())).toEqual({ ok: true, status: 204, error: null });
    const failed = memoryIo('', env);
    expect(await main(['webhooks', 'test', String(hook.id)], failed.io)).toBe(1);
    expect(JSON.parse(failed.out())).toMatchObject({ ok: false, status: 500 });
    const missing = memoryIo('', env);
    expect(await main(['webhooks', 'test', '42'], missing.io)).toBe(1);
    expect(missing.err()).toMatch(/WEBHOOK_NOT_FOUND: no webhook 42/);
    expect(receiver.received).toHaveLength(2);
  });
});
