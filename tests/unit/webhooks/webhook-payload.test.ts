import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/api/api-errors.js';
import { buildWebhookRequest, signWebhookBody } from '../../../src/webhooks/webhook-payload.js';
import { checkWebhookInput, webhookQuery } from '../../../src/webhooks/webhook-filter.js';

const topics = [
  { id: 'economy', label: 'Economy', iptc: 'medtop:04000000', parent: null },
  { id: 'energy', label: 'Energy', iptc: 'medtop:20000256', parent: 'economy' },
  { id: 'trade', label: 'Trade', iptc: 'medtop:20000373', parent: 'economy' },
];

describe('webhook payload and signature', () => {
  it('signs the exact body with HMAC-SHA256 as sha256=<hex>', () => {
    const body = '{"event":"stories.matched"}';
    expect(signWebhookBody('s3cret-s3cret-s3cret', body)).toBe(`sha256=${createHmac('sha256', 's3cret-s3cret-s3cret').update(body).digest('hex')}`);
  });

  it('builds the stories.matched body and its headers; unsigned without a secret', () => {
    const { body, headers } = buildWebhookRequest({ deliveryId: 'd1', webhookId: 3, sentAt: '2025-01-17T10:00:00.000Z', stories: [] }, 'k'.repeat(20));
    expect(JSON.parse(body)).toEqual({ event: 'stories.matched', deliveryId: 'd1', webhookId: 3, sentAt: '2025-01-17T10:00:00.000Z', stories: [] });
    expect(headers).toEqual({ 'x-newsfeed-event': 'stories.matched', 'x-newsfeed-delivery': 'd1', 'x-newsfeed-signature': signWebhookBody('k'.repeat(20), body) });
    expect(buildWebhookRequest({ deliveryId: 'd1', webhookId: 3, sentAt: 'x', stories: [] }, null).headers['x-newsfeed-signature']).toBeUndefined();
  });
});

describe('checkWebhookInput', () => {
  it('normalises the URL and the filters', () => {
    expect(checkWebhookInput({ url: ' https://Hooks.Example/in ', topic: 'Energy, trade', entity: ' Iran ', q: 'oil price', feed: '3' }, topics)).toEqual({
      url: 'https://hooks.example/in',
      filter: { topic: ['energy', 'trade'], entity: 'Iran', q: 'oil price', feed: '3', category: null, language: [] },
      secret: null,
      includeText: false,
    });
    for (const include of ['text', ' text ', ['text'], 'text,text']) expect(checkWebhookInput({ url: 'http://hooks.example/in', include }, topics).includeText).toBe(true);
    expect(checkWebhookInput({ url: 'http://hooks.example/in', topic: ['energy'], secret: 'x'.repeat(16) }, topics)).toMatchObject({ filter: { topic: ['energy'], entity: null, q: null, feed: null, category: null, language: [] }, secret: 'x'.repeat(16) });
  });

  it.each([
    [{ url: undefined }, 'BAD_REQUEST', /url: required/],
    [{ url: 'not a url' }, 'BAD_REQUEST', /absolute URL/],
    [{ url: 'ftp://hooks.example/in' }, 'BAD_REQUEST', /http\(s\)/],
    [{ url: 'https://h.example', topic: 'nope' }, 'TOPIC_UNKNOWN', /"nope"/],
    [{ url: 'https://h.example', topic: ' , ' }, 'BAD_REQUEST', /topic/],
    [{ url: 'https://h.example', include: 'body' }, 'BAD_REQUEST', /^include: "body" is not one of text/],
    [{ url: 'https://h.example', include: [] }, 'BAD_REQUEST', /^include: /],
    [{ url: 'https://h.example', include: true }, 'BAD_REQUEST', /^include: /],
    [{ url: 'https://h.example', entity: '' }, 'BAD_REQUEST', /entity: must not be empty/],
    [{ url: 'https://h.example', entity: 7 }, 'BAD_REQUEST', /entity: must be a string/],
    [{ url: 'https://h.example', q: '?!' }, 'BAD_REQUEST', /q: give at least one word/],
    [{ url: 'https://h.example', secret: 'short' }, 'BAD_REQUEST', /secret: at least 16/],
    [{ url: 'https://h.example', feed: 'x'.repeat(501) }, 'BAD_REQUEST', /feed: at most 500/],
  ])('refuses %j with %s', (input, code, message) => {
    let err: unknown;
    try {
      checkWebhookInput(input, topics);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe(code);
    expect((err as ApiError).message).toMatch(message);
  });

  it('turns a filter into the /api/stories query over the new ids (entity with its other names)', () => {
    expect(webhookQuery({ topic: ['energy'], entity: 'Iranian', q: 'oil', feed: null, category: null, language: [] }, ['a', 'b'])).toEqual({ ids: ['a', 'b'], limit: 2, topic: ['energy'], entity: ['Iranian', 'Iran'], q: 'oil' });
    expect(webhookQuery({ topic: [], entity: null, q: null, feed: null, category: null, language: [] }, ['a'])).toEqual({ ids: ['a'], limit: 1 });
    expect(webhookQuery({ topic: [], entity: null, q: null, feed: '3', category: 'Wires', language: ['en', 'fr'] }, ['a'])).toEqual({ ids: ['a'], limit: 1, feed: '3', category: 'Wires', language: ['en', 'fr'] });
  });
});
