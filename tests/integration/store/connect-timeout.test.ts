import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUnavailable } from '../../../src/api/api-errors.js';
import { connectTimeoutMs, openPostgresDb, queryTimeoutMs } from '../../../src/store/postgres-db.js';
import { POSTGRES_URL, postgresAvailable } from '../../helpers/services.js';
import { startTcpProxy } from '../../helpers/tcp-proxy.js';

describe('PostgreSQL connect timeout', () => {
  it.each([
    ['postgres://u@h/db', 120_000],
    ['postgres://u@h/db?query_timeout=5', 5000],
    ['postgres://u@h/db?connect_timeout=2&query_timeout=7', 7000],
  ])('query timeout of %s -> %i ms', (url, ms) => expect(queryTimeoutMs(url)).toBe(ms));

  it.each([
    ['postgres://u@h/db', 30_000],
    ['postgres://u@h/db?connect_timeout=5', 5000],
    ['postgres://u@h/db?sslmode=disable&connect_timeout=2', 2000],
    ['postgres://u@h/db?connect_timeout=0', 30_000],
    ['postgres://u@h/db?connect_timeout=x', 30_000],
  ])('%s -> %i ms', (url, ms) => expect(connectTimeoutMs(url)).toBe(ms));

  // A server that accepts the connection and never answers (a host behind a dropped route looks the same).
  let silent: net.Server;
  const held: net.Socket[] = [];
  beforeAll(async () => {
    silent = net.createServer((s) => void held.push(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  });
  afterAll(async () => {
    for (const s of held) s.destroy();
    await new Promise((r) => silent.close(r));
  });

  it('fails a query on a server that never answers after connect_timeout, as an unavailable store', async () => {
    const db = openPostgresDb(`postgres://postgres@127.0.0.1:${(silent.address() as net.AddressInfo).port}/test?connect_timeout=1`);
    const started = Date.now();
    const err = await db.all('SELECT 1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(isUnavailable(err)).toBe(true);
    expect(Date.now() - started).toBeLessThan(5000);
    await db.close();
  });

  it.skipIf(!postgresAvailable)('fails a query on an open connection whose server stops answering after query_timeout, drops that connection, and works again once the network is back', async () => {
    const target = new URL(POSTGRES_URL);
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    target.port = String(proxy.port);
    target.search = '?connect_timeout=2&query_timeout=1';
    const db = openPostgresDb(target.toString(), { max: 1 });
    try {
      expect(await db.all('SELECT 1 AS one')).toEqual([{ one: 1 }]);
      proxy.blackhole();
      const started = Date.now();
      const err = await db.all('SELECT 2').catch((e: unknown) => e);
      expect(isUnavailable(err)).toBe(true);
      const tx = await db.transaction(async (t) => t.all('SELECT 3')).catch((e: unknown) => e);
      expect(isUnavailable(tx)).toBe(true);
      // Two queries of 1 s (and a connect of 2 s at most), not the partition's length.
      expect(Date.now() - started).toBeLessThan(8000);
      await proxy.restore();
      expect(await db.all('SELECT 4 AS four')).toEqual([{ four: 4 }]);
      expect(await db.transaction(async (t) => t.all('SELECT 5 AS five'))).toEqual([{ five: 5 }]);
    } finally {
      await proxy.restore();
      await db.close();
      await proxy.close();
    }
  }, 30_000);
});
