import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { Redis } from 'ioredis';
import { deleteKeysUnder } from '../../src/queue/delete-keys.js';

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** True when something accepts TCP connections at the URL's host and port. */
export async function isListening(url: string, defaultPort: number): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || defaultPort) });
    socket.setTimeout(1000);
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => { socket.destroy(); resolve(false); });
  });
}

export const redisAvailable = await isListening(REDIS_URL, 6379);
export const postgresAvailable = await isListening(POSTGRES_URL, 5432);

if (!redisAvailable) console.warn(`[tests] Redis is not answering at ${REDIS_URL}: Redis tests are skipped (.ci/run starts it).`);
if (!postgresAvailable) console.warn(`[tests] PostgreSQL is not answering at ${POSTGRES_URL}: PostgreSQL tests are skipped (.ci/run starts it).`);

/** A unique name for a test's Redis prefix or SQL schema. */
export function uniqueName(label: string): string {
  return `t_${label}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}

/** Deletes every key under a test's prefix (SCAN, so a big keyspace is never blocked). */
export async function deletePrefix(redis: Redis, prefix: string): Promise<void> {
  await deleteKeysUnder(redis, prefix);
}

/** A client of a port nothing listens on, failing every command at once (for unreachable-Redis tests). */
export function unreachableRedis(): Redis {
  const dead = new Redis('redis://127.0.0.1:1', { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
  dead.on('error', () => {});
  return dead;
}
