import { afterEach, describe, expect, it } from 'vitest';
import { postWebhook } from '../../../src/webhooks/post-webhook.js';
import { WebhookError } from '../../../src/webhooks/errors.js';
import { startWebhookReceiver } from '../../helpers/webhook-receiver.js';

const open = { allowPrivateNetworks: true, allowedAddresses: [] };
const opts = { timeoutMs: 2000, policy: open, userAgent: 'newsfeed-test' };
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>> | null = null;
afterEach(async () => {
  await receiver?.close();
  receiver = null;
});

async function failure(promise: Promise<unknown>): Promise<WebhookError> {
  const err = await promise.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(WebhookError);
  return err as WebhookError;
}

describe('postWebhook (a real local receiver)', () => {
  it('POSTs the body as JSON with the given headers and resolves on 2xx', async () => {
    receiver = await startWebhookReceiver({ answers: [202] });
    const body = JSON.stringify({ event: 'stories.matched', stories: [{ title: 'Ünïcode ✓' }] });
    expect(await postWebhook(`${receiver.url}/in?x=1`, body, { 'x-newsfeed-delivery': 'd1' }, opts)).toEqual({ status: 202 });
    const [req] = receiver.received;
    expect(req).toMatchObject({ method: 'POST', url: '/in?x=1', body });
    expect(req!.headers).toMatchObject({ 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'newsfeed-test', 'x-newsfeed-delivery': 'd1' });
  });

  it.each([
    [500, 'WEBHOOK_HTTP_STATUS', true],
    [503, 'WEBHOOK_HTTP_STATUS', true],
    [429, 'WEBHOOK_HTTP_STATUS', true],
    [408, 'WEBHOOK_HTTP_STATUS', true],
    [400, 'WEBHOOK_HTTP_STATUS', false],
    [404, 'WEBHOOK_HTTP_STATUS', false],
    [410, 'WEBHOOK_GONE', false],
    [302, 'WEBHOOK_REDIRECT', false],
  ])('answer %i: %s, retryable %s', async (status, code, retryable) => {
    receiver = await startWebhookReceiver({ answers: [status], headers: status === 302 ? { location: 'http://elsewhere.example/' } : {} });
    const err = await failure(postWebhook(receiver.url, '{}', {}, opts));
    expect({ code: err.code, retryable: err.retryable, status: err.status }).toEqual({ code, retryable, status });
    expect(receiver.received).toHaveLength(1); // a redirect is not followed
  });

  it('a receiver slower than the timeout: WEBHOOK_TIMEOUT, retryable', async () => {
    receiver = await startWebhookReceiver({ delayMs: 1500 });
    const err = await failure(postWebhook(receiver.url, '{}', {}, { ...opts, timeoutMs: 300 }));
    expect({ code: err.code, retryable: err.retryable }).toEqual({ code: 'WEBHOOK_TIMEOUT', retryable: true });
  });

  it('nothing listening: WEBHOOK_NETWORK, retryable', async () => {
    const err = await failure(postWebhook('http://127.0.0.1:1/in', '{}', {}, opts));
    expect({ code: err.code, retryable: err.retryable }).toEqual({ code: 'WEBHOOK_NETWORK', retryable: true });
  });

  it('a private address without ALLOW_PRIVATE_NETWORKS: WEBHOOK_BLOCKED_ADDRESS, permanent, nothing sent', async () => {
    receiver = await startWebhookReceiver();
    const closed = { allowPrivateNetworks: false, allowedAddresses: [] };
    for (const url of [receiver.url, receiver.url.replace('127.0.0.1', 'localhost')]) {
      const err = await failure(postWebhook(url, '{}', {}, { ...opts, policy: closed }));
      expect({ code: err.code, retryable: err.retryable }).toEqual({ code: 'WEBHOOK_BLOCKED_ADDRESS', retryable: false });
    }
    expect(receiver.received).toHaveLength(0);
    // An address the operator allows is delivered to.
    expect(await postWebhook(receiver.url, '{}', {}, { ...opts, policy: { allowPrivateNetworks: false, allowedAddresses: ['127.0.0.0/8'] } })).toEqual({ status: 200 });
  });

  it.each([['not a url'], ['ftp://hooks.example/in']])('%s: WEBHOOK_BAD_URL', async (url) => {
    const err = await failure(postWebhook(url, '{}', {}, opts));
    expect({ code: err.code, retryable: err.retryable }).toEqual({ code: 'WEBHOOK_BAD_URL', retryable: false });
  });
});
