import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUnavailable } from '../../../src/api/api-errors.js';
import { connectTimeoutMs, openPostgresDb } from '../../../src/store/postgres-db.js';

describe('PostgreSQL connect timeout', () => {
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
});
