import { createHash } from 'node:crypto';
import http from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FetchError } from '../../../src/fetch/errors.js';
import { DEFAULT_USER_AGENT, fetchFeed, type FetchDeps, type FetchResult } from '../../../src/fetch/fetch-feed.js';
import { createMemoryHostLimiter } from '../../../src/fetch/host-limiter.js';
import { ETAG, FEED_BODY, LAST_MODIFIED, mapLookup, startFeedServer, type FeedServer } from './feed-server.js';

let server: FeedServer;
beforeAll(async () => {
  server = await startFeedServer();
});
afterAll(async () => {
  await server.close();
});

const open: FetchDeps = { allowPrivateNetworks: true };
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

async function fetchError(promise: Promise<unknown>): Promise<FetchError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(FetchError);
    return err as FetchError;
  }
  throw new Error('expected a FetchError');
}

function expectOk(result: FetchResult): asserts result is Extract<FetchResult, { kind: 'ok' }> {
  expect(result.kind).toBe('ok');
}

describe('fetchFeed: success and conditional requests', () => {
  it('returns the body, validators, cache hints and hash on 200', async () => {
    const result = await fetchFeed({ url: server.url('/feed') }, open);
    expectOk(result);
    expect(Buffer.from(result.body).toString()).toBe(FEED_BODY);
    expect(result).toMatchObject({
      status: 200,
      contentType: 'application/rss+xml; charset=utf-8',
      finalUrl: server.url('/feed'),
      permanentUrl: null,
      etag: ETAG,
      lastModified: LAST_MODIFIED,
      bodyHash: sha256(FEED_BODY),
      bytes: Buffer.byteLength(FEED_BODY),
      redirects: 0,
      cache: { maxAgeSec: 600, expiresAt: null },
    });
  });

  it('sends the project User-Agent, Accept-Encoding and the conditional headers', async () => {
    await fetchFeed({ url: server.url('/feed?headers'), etag: '"abc"', lastModified: LAST_MODIFIED }, open);
    const sent = server.requests.find((r) => r.path === '/feed?headers')!.headers;
    expect(sent['user-agent']).toBe(DEFAULT_USER_AGENT);
    expect(sent['accept-encoding']).toBe('gzip, deflate, br');
    expect(sent['if-none-match']).toBe('"abc"');
    expect(sent['if-modified-since']).toBe(LAST_MODIFIED);
  });

  it.each([
    ['ETag', '/etag', { etag: ETAG }, { etag: ETAG, lastModified: null }],
    ['Last-Modified', '/lastmod', { lastModified: LAST_MODIFIED }, { etag: null, lastModified: LAST_MODIFIED }],
  ])('returns not-modified on 304 via %s, keeping the validators', async (_name, path, validators, expected) => {
    const result = await fetchFeed({ url: server.url(path), ...validators }, open);
    expect(result.kind).toBe('not-modified');
    expect(result).toMatchObject({ status: 304, bytes: 0, ...expected });
    expect(result).not.toHaveProperty('body');
  });

  it('drops a conditional header whose value could split headers', async () => {
    const result = await fetchFeed({ url: server.url('/etag'), etag: '"v1"\r\nx-evil: 1' }, open);
    expect(result.kind).toBe('ok');
  });
});

describe('fetchFeed: content encodings', () => {
  it.each(['/gzip', '/deflate', '/deflate-raw', '/br', '/gzip-br'])('decodes %s and hashes the decoded bytes', async (path) => {
    const result = await fetchFeed({ url: server.url(path) }, open);
    expectOk(result);
    expect(Buffer.from(result.body).toString()).toBe(FEED_BODY);
    expect(result.bodyHash).toBe(sha256(FEED_BODY));
  });

  it.each([
    ['/bad-gzip', 'FETCH_DECOMPRESS'],
    ['/compress', 'FETCH_DECOMPRESS'],
  ])('%s fails with %s', async (path, code) => {
    const err = await fetchError(fetchFeed({ url: server.url(path) }, open));
    expect(err.code).toBe(code);
    expect(err.retryable).toBe(false);
  });

  it('lets go of the connection of a body in an encoding it cannot decode (a server that keeps it open)', async () => {
    const held = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'zstd' });
      res.write('(zstd bytes)');
    });
    held.keepAliveTimeout = 0;
    await new Promise<void>((r) => held.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(held.address() as AddressInfo).port}/feed`;
      for (let i = 0; i < 3; i += 1) expect((await fetchError(fetchFeed({ url }, open))).code).toBe('FETCH_DECOMPRESS');
      const open_ = async () => new Promise<number>((r) => held.getConnections((_e, n) => r(n)));
      for (let i = 0; i < 50 && (await open_()) > 0; i += 1) await new Promise((r) => setTimeout(r, 20));
      expect(await open_()).toBe(0);
    } finally {
      held.closeAllConnections();
      await new Promise((r) => held.close(r));
    }
  });
});

describe('fetchFeed: HTTP status errors', () => {
  it.each([
    ['/status/500', 'HTTP_STATUS', 500, true],
    ['/status/502', 'HTTP_STATUS', 502, true],
    ['/status/404', 'HTTP_STATUS', 404, false],
    ['/status/403', 'HTTP_STATUS', 403, false],
    ['/status/410', 'FETCH_GONE', 410, false],
    ['/no-location', 'HTTP_STATUS', 302, false],
  ])('%s -> %s (status %i, retryable %s)', async (path, code, status, retryable) => {
    const err = await fetchError(fetchFeed({ url: server.url(path) }, open));
    expect(err.code).toBe(code);
    expect(err.details).toMatchObject({ status, retryAfterMs: null });
    expect(err.retryable).toBe(retryable);
  });

  it.each([
    ['/retry-seconds', 429, 120_000, 120_000],
    ['/retry-date', 503, 85_000, 90_000],
  ])('%s -> retryable HTTP_STATUS %i with Retry-After parsed', async (path, status, min, max) => {
    const err = await fetchError(fetchFeed({ url: server.url(path) }, open));
    expect(err.code).toBe('HTTP_STATUS');
    expect(err.retryable).toBe(true);
    expect(err.details.status).toBe(status);
    const retryAfterMs = err.details.retryAfterMs as number;
    expect(retryAfterMs).toBeGreaterThanOrEqual(min);
    expect(retryAfterMs).toBeLessThanOrEqual(max);
  });
});

describe('fetchFeed: redirects', () => {
  it.each([
    ['301 then 308', '/p1', 2, '/feed'],
    ['302 only', '/t1', 1, null],
    ['301 then 307 (mixed: up to the last permanent hop)', '/m1', 2, '/m2'],
    ['303 then 301s (a temporary first hop never updates)', '/t2p', 3, null],
  ])('%s', async (_name, path, redirects, permanentPath) => {
    const result = await fetchFeed({ url: server.url(path) }, open);
    expectOk(result);
    expect(result.finalUrl).toBe(server.url('/feed'));
    expect(result.redirects).toBe(redirects);
    expect(result.permanentUrl).toBe(permanentPath === null ? null : server.url(permanentPath));
  });

  it.each([
    ['/loop-a', 'FETCH_REDIRECT_LOOP', {}],
    ['/self', 'FETCH_REDIRECT_LOOP', {}],
    ['/chain/0', 'FETCH_TOO_MANY_REDIRECTS', {}],
    ['/p1', 'FETCH_TOO_MANY_REDIRECTS', { maxRedirects: 1 }],
    ['/to-file', 'FETCH_BAD_URL', {}],
  ])('%s fails with %s', async (path, code, limits) => {
    const err = await fetchError(fetchFeed({ url: server.url(path) }, { ...open, limits }));
    expect(err.code).toBe(code);
    expect(err.retryable).toBe(false);
  });

  it('stops a redirect chain at maxRedirects + 1 requests', async () => {
    const before = server.requests.filter((r) => r.path.startsWith('/chain/')).length;
    await fetchError(fetchFeed({ url: server.url('/chain/100') }, { ...open, limits: { maxRedirects: 3 } }));
    expect(server.requests.filter((r) => r.path.startsWith('/chain/')).length - before).toBe(4);
  });
});

describe('fetchFeed: caps and timeouts', () => {
  it('cuts an endless body at the byte cap and closes the connection', async () => {
    const started = Date.now();
    const err = await fetchError(fetchFeed({ url: server.url('/forever') }, { ...open, limits: { maxBytes: 256 * 1024 } }));
    expect(err.code).toBe('FETCH_TOO_LARGE');
    expect(err.retryable).toBe(false);
    await server.foreverClosed;
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it.each([
    ['a gzip bomb (cap counted on decoded bytes)', '/bomb'],
    ['a declared Content-Length over the cap', '/big-declared'],
  ])('refuses %s', async (_name, path) => {
    const err = await fetchError(fetchFeed({ url: server.url(path) }, { ...open, limits: { maxBytes: 1024 * 1024 } }));
    expect(err.code).toBe('FETCH_TOO_LARGE');
  });

  it.each([
    ['a server that never answers', '/hang'],
    ['a server that stalls mid-body', '/stall'],
  ])('times out on %s', async (_name, path) => {
    const err = await fetchError(fetchFeed({ url: server.url(path) }, { ...open, limits: { totalTimeoutMs: 300 } }));
    expect(err.code).toBe('FETCH_TIMEOUT');
    expect(err.details.phase).toBe('total');
    expect(err.retryable).toBe(true);
  });

  it('applies the connect timeout to a connection that never comes up (DNS included)', async () => {
    const never: FetchDeps['lookup'] = () => {};
    const err = await fetchError(fetchFeed({ url: server.url('/feed', 'slow-dns.test') }, { ...open, lookup: never, limits: { connectTimeoutMs: 150 } }));
    expect(err.code).toBe('FETCH_TIMEOUT');
    expect(err.details.phase).toBe('connect');
  });

  it('stops with FETCH_ABORTED when the shutdown signal fires', async () => {
    const err = await fetchError(fetchFeed({ url: server.url('/hang') }, { ...open, signal: AbortSignal.timeout(100) }));
    expect(err.code).toBe('FETCH_ABORTED');
  });
});

describe('fetchFeed: network and URL errors', () => {
  async function closedPort(): Promise<number> {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    return port;
  }

  it.each([
    ['connection refused', 'FETCH_NETWORK', true, async () => `http://127.0.0.1:${await closedPort()}/feed`],
    ['DNS failure', 'FETCH_NETWORK', true, async () => server.url('/feed', 'no-such-host.test')],
    ['connection reset mid-body', 'FETCH_NETWORK', true, async () => server.url('/reset')],
    ['not HTTP', 'FETCH_PROTOCOL', false, async () => server.url('/garbage')],
    ['a bad chunk in the body (not a network failure)', 'FETCH_PROTOCOL', false, async () => server.url('/bad-chunk')],
    ['ftp scheme', 'FETCH_BAD_URL', false, async () => 'ftp://example.com/feed.xml'],
    ['file scheme', 'FETCH_BAD_URL', false, async () => 'file:///etc/passwd'],
    ['not a URL', 'FETCH_BAD_URL', false, async () => 'not a url'],
  ])('%s -> %s (retryable %s)', async (_name, code, retryable, makeUrl) => {
    const err = await fetchError(fetchFeed({ url: await makeUrl() }, { ...open, lookup: mapLookup({}) }));
    expect(err.code).toBe(code);
    expect(err.retryable).toBe(retryable);
  });
});

describe('fetchFeed: keep-alive', () => {
  it('retries once on a fresh connection when a reused keep-alive socket was closed by the server', async () => {
    const own = await startFeedServer();
    try {
      expect((await fetchFeed({ url: own.url('/feed') }, open)).kind).toBe('ok');
      const result = await fetchFeed({ url: own.url('/close-reused') }, open);
      expect(result.kind).toBe('ok');
      expect(own.hits('/close-reused')).toBe(2);
    } finally {
      await own.close();
    }
  });
});

describe('fetchFeed: per-host politeness', () => {
  it('never runs more than maxPerHost requests at once on a host', async () => {
    const hostLimiter = createMemoryHostLimiter({ maxPerHost: 1 });
    const results = await Promise.all([1, 2, 3].map(() => fetchFeed({ url: server.url('/slow') }, { ...open, hostLimiter })));
    expect(results.map((r) => r.kind)).toEqual(['ok', 'ok', 'ok']);
    expect(server.maxConcurrent).toBe(1);
  });

  it('fails fast with FETCH_HOST_BUSY when no slot frees in time', async () => {
    const hostLimiter = createMemoryHostLimiter({ maxPerHost: 1 });
    const lease = await hostLimiter.tryAcquire('127.0.0.1');
    const err = await fetchError(fetchFeed({ url: server.url('/feed') }, { ...open, hostLimiter, limits: { hostWaitMs: 50 } }));
    expect(err.code).toBe('FETCH_HOST_BUSY');
    expect(err.retryable).toBe(true);
    await lease!.release();
  });

  it('blocks the whole host after a 429 with Retry-After, without contacting it again', async () => {
    const hostLimiter = createMemoryHostLimiter();
    await fetchError(fetchFeed({ url: server.url('/retry-seconds') }, { ...open, hostLimiter }));
    expect(await hostLimiter.hostBlockedUntil('127.0.0.1')).toBeGreaterThan(Date.now() + 100_000);
    const before = server.hits('/feed?other');
    const err = await fetchError(fetchFeed({ url: server.url('/feed?other') }, { ...open, hostLimiter }));
    expect(err.code).toBe('FETCH_HOST_BLOCKED');
    expect(err.details.retryAfterMs).toBeGreaterThan(100_000);
    expect(server.hits('/feed?other')).toBe(before);
  });
});
