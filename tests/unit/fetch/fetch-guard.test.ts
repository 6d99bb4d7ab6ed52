import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FetchError } from '../../../src/fetch/errors.js';
import { fetchFeed, type FetchDeps } from '../../../src/fetch/fetch-feed.js';
import { mapLookup, startFeedServer, type FeedServer } from './feed-server.js';

/** The SSRF guard as fetchFeed applies it: after DNS, at connect time, on every redirect. */
let server: FeedServer;
beforeAll(async () => {
  server = await startFeedServer();
});
afterAll(async () => {
  await server.close();
});

const lookup = mapLookup({
  'feed.test': '127.0.0.1',
  'internal.test': '10.0.0.1',
  'mapped.test': '::ffff:127.0.0.1',
  'metadata.test': '169.254.169.254',
  'nat64.test': '64:ff9b::7f00:1',
});

async function blocked(url: string, deps: FetchDeps): Promise<FetchError> {
  const err = await fetchFeed({ url }, deps).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(FetchError);
  const fetchErr = err as FetchError;
  expect(fetchErr.code).toBe('FETCH_BLOCKED_ADDRESS');
  expect(fetchErr.retryable).toBe(false);
  return fetchErr;
}

describe('SSRF guard in fetchFeed', () => {
  it.each([
    ['feed.test', '127.0.0.1', 'loopback'],
    ['internal.test', '10.0.0.1', 'private'],
    ['mapped.test', '::ffff:127.0.0.1', 'IPv4-mapped'],
    ['metadata.test', '169.254.169.254', 'link-local'],
    ['nat64.test', '64:ff9b::7f00:1', 'NAT64'],
  ])('refuses %s (resolving to %s) after DNS, sending nothing', async (host, address, reason) => {
    const before = server.requests.length;
    const err = await blocked(server.url(`/feed?via=${host}`, host), { lookup });
    expect(err.details).toMatchObject({ host, address });
    expect(String(err.details.reason)).toContain(reason);
    expect(err.message).toContain(address);
    expect(server.requests.length).toBe(before);
  });

  it.each(['127.0.0.1', '[::1]', '[::ffff:127.0.0.1]', '2130706433', '0x7f.1'])('refuses the literal host %s', async (host) => {
    const before = server.requests.length;
    await blocked(`http://${host}:${server.port}/feed`, {});
    expect(server.requests.length).toBe(before);
  });

  it('fetches the same host when private networks are allowed', async () => {
    const result = await fetchFeed({ url: server.url('/feed', 'feed.test') }, { lookup, allowPrivateNetworks: true });
    expect(result.kind).toBe('ok');
  });

  it('fetches an explicitly allowed address', async () => {
    const result = await fetchFeed({ url: server.url('/feed', 'feed.test') }, { lookup, allowedAddresses: ['127.0.0.0/8'] });
    expect(result.kind).toBe('ok');
  });

  it.each([
    ['a name resolving to a private address', '/to-private', '10.0.0.1'],
    ['a literal loopback address', '/to-loopback', '::1'],
  ])('refuses a redirect from an allowed host to %s', async (_name, path, address) => {
    const err = await blocked(server.url(path, 'feed.test'), { lookup, allowedAddresses: ['127.0.0.1'] });
    expect(err.details.address).toBe(address);
    expect(server.hits(path)).toBeGreaterThan(0);
  });
});
