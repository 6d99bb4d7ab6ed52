import type { Redis } from 'ioredis';

/**
 * Deletes every key under `${prefix}:${under}` (`under` defaults to every key of the prefix) with
 * SCAN and UNLINK, so a big keyspace is never blocked. Glob characters in the prefix match only
 * themselves. Returns how many keys went.
 */
export async function deleteKeysUnder(redis: Redis, prefix: string, under = ''): Promise<number> {
  const pattern = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}:${under}*`;
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) deleted += await redis.unlink(...keys);
  } while (cursor !== '0');
  return deleted;
}
