import https from 'node:https';
import net, { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FetchError } from '../../../src/fetch/errors.js';
import { fetchFeed } from '../../../src/fetch/fetch-feed.js';
import { mapLookup } from './feed-server.js';

/** A self-signed certificate for feed.test (generated once with openssl, valid for 100 years). */
const KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgcBiRXRYTAy5pagyt
fq+hm58n3RwtqcGRY/EAxo22+IyhRANCAARqhhOzHB99vjvsfKEkTrCmNcUnDpXs
mhCYOlpE0UjuL9hCPmUULgEKCa3krIUf6rztfOyvrPX/kesEA4BnoX13
-----END PRIVATE KEY-----`;
const CERT = `-----BEGIN CERTIFICATE-----
MIIBlTCCATugAwIBAgIUF730JUXX6jR9lQRnzNIg4h140GIwCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJZmVlZC50ZXN0MCAXDTI2MTEyODE3NTIyN1oYDzIxMjYxMTA0
MTc1MjI3WjAUMRIwEAYDVQQDDAlmZWVkLnRlc3QwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAARqhhOzHB99vjvsfKEkTrCmNcUnDpXsmhCYOlpE0UjuL9hCPmUULgEK
Ca3krIUf6rztfOyvrPX/kesEA4BnoX13o2kwZzAdBgNVHQ4EFgQU459CHcjeTxZ8
WBg80tZCO1mbweMwHwYDVR0jBBgwFoAU459CHcjeTxZ8WBg80tZCO1mbweMwDwYD
VR0TAQH/BAUwAwEB/zAUBgNVHREEDTALgglmZWVkLnRlc3QwCgYIKoZIzj0EAwID
SAAwRQIhAOxNm6+Sc08AZvZ8hf+6V/m9FRD9CFwusc9jgVLf7iJUAiADWIRVlPEF
KkkOLgmcggWvHqI3vgedmwjs6wAYfh0TlA==
-----END CERTIFICATE-----`;

let tlsServer: https.Server;
let silent: net.Server;
const sockets = new Set<net.Socket>();
const portOf = (s: net.Server) => (s.address() as AddressInfo).port;

beforeAll(async () => {
  tlsServer = https.createServer({ key: KEY, cert: CERT }, (_req, res) => res.end('<rss/>'));
  silent = net.createServer((socket) => sockets.add(socket));
  await Promise.all([tlsServer, silent].map((s) => new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve))));
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  tlsServer.closeAllConnections();
  await Promise.all([tlsServer, silent].map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
});

async function failure(promise: Promise<unknown>): Promise<FetchError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(FetchError);
  return err as FetchError;
}

describe('fetchFeed over TLS', () => {
  it('refuses an untrusted certificate with FETCH_TLS', async () => {
    const err = await failure(fetchFeed({ url: `https://feed.test:${portOf(tlsServer)}/feed` }, { allowPrivateNetworks: true, lookup: mapLookup({ 'feed.test': '127.0.0.1' }) }));
    expect(err.code).toBe('FETCH_TLS');
    expect(err.retryable).toBe(false);
  });

  it('counts a TLS handshake that never completes against the connect timeout', async () => {
    const err = await failure(fetchFeed({ url: `https://127.0.0.1:${portOf(silent)}/feed` }, { allowPrivateNetworks: true, limits: { connectTimeoutMs: 150, totalTimeoutMs: 5_000 } }));
    expect(err.code).toBe('FETCH_TIMEOUT');
    expect(err.details.phase).toBe('connect');
  });
});
