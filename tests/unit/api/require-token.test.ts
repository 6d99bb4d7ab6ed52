import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCookieValue, bearerToken, requireToken } from '../../../src/api/require-token.js';

describe('bearerToken', () => {
  it.each([
    ['Bearer s3cret', 's3cret'],
    ['bearer s3cret', 's3cret'],
    ['BEARER   s3cret  ', 's3cret'],
    ['Basic czNjcmV0', null],
    ['Bearer', null],
    ['Bearers3cret', null],
    [undefined, null],
  ])('reads %j as %j', (header, token) => {
    expect(bearerToken(header)).toBe(token);
  });
});

describe('requireToken', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = Fastify();
    app.get('/admin/queues', { preHandler: requireToken('s3cret') }, async () => ({ ok: true }));
    await app.ready();
  });
  afterAll(() => app.close());

  it.each([
    [{ authorization: 'Bearer s3cret' }, 200],
    [{ authorization: 'bearer s3cret' }, 200],
    [{ authorization: 'BeArEr s3cret' }, 200],
    [{ authorization: 'bearer wrong' }, 401],
    [{}, 401],
  ])('answers %j with %i', async (headers, status) => {
    expect((await app.inject({ url: '/admin/queues', headers })).statusCode).toBe(status);
  });

  it('sets an HttpOnly cookie that holds a value derived from the token, never the token', async () => {
    const res = await app.inject('/admin/queues?token=s3cret');
    expect(res.statusCode).toBe(200);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).not.toContain('s3cret');
    expect(cookie).toBe(`newsfeed_token=${adminCookieValue('s3cret')}; Path=/admin; HttpOnly; SameSite=Strict`);
    expect(adminCookieValue('s3cret')).not.toBe(adminCookieValue('other'));
    const value = cookie.split(';')[0]!;
    expect((await app.inject({ url: '/admin/queues', headers: { cookie: value } })).statusCode).toBe(200);
  });

  it('takes neither the raw token as the cookie nor the cookie value as a bearer token', async () => {
    expect((await app.inject({ url: '/admin/queues', headers: { cookie: 'newsfeed_token=s3cret' } })).statusCode).toBe(401);
    expect((await app.inject({ url: '/admin/queues', headers: { cookie: 'newsfeed_token=%E0%A4%A' } })).statusCode).toBe(401);
    expect((await app.inject({ url: '/admin/queues', headers: { authorization: `Bearer ${adminCookieValue('s3cret')}` } })).statusCode).toBe(401);
  });

  it('refuses a token given twice', async () => {
    const res = await app.inject('/admin/queues?token=s3cret&token=s3cret');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: { code: 'QUERY_INVALID', message: 'token: give one value' } });
  });

  it('does not set the cookie for a wrong token', async () => {
    const res = await app.inject('/admin/queues?token=wrong');
    expect(res.statusCode).toBe(401);
    expect(res.headers['set-cookie']).toBeUndefined();
  });
});
