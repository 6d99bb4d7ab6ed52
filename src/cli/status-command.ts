import type { Config } from '../config/config-schema.js';
import type { FeedRecord } from '../model.js';
import { maskCredentials } from '../normalize/mask-credentials.js';
import { createQueues, queueSettings } from '../queue/queues.js';
import { createRedis, pingRedis } from '../queue/redis-connection.js';
import { runWithStore } from './cli-context.js';
import type { CliIO } from './cli-io.js';
import { COMMAND_SPECS, readCommandArgs, writeUsageError } from './command-table.js';

const DEFAULT_QUIET_DAYS = 14;

/**
 * Feeds polled successfully that have brought no new item for `days` (counted from when they were
 * added, for those that never brought one): sites that moved their feed often leave the old one
 * answering, unchanged. Paused and retired feeds are not polled, so not listed.
 */
export function quietFeeds(feeds: FeedRecord[], days: number, now: Date): Array<{ id: number; url: string; lastNewItemAt: string | null; lastSuccessAt: string | null }> {
  const before = now.getTime() - days * 86_400_000;
  return feeds
    .filter((f) => f.status === 'active' && f.lastSuccessAt !== null && Date.parse(f.lastNewItemAt ?? f.createdAt) < before)
    .map((f) => ({ id: f.id, url: maskCredentials(f.url), lastNewItemAt: f.lastNewItemAt, lastSuccessAt: f.lastSuccessAt }));
}

/**
 * The queue counts per state, or why they could not be read (Redis not answering, or lost while
 * counting): a message without the password of REDIS_URL.
 */
export async function readQueueCounts(config: Config): Promise<{ queues: Record<string, Record<string, number>> | null; redisError: string | null }> {
  const where = maskCredentials(config.redisUrl);
  if (!(await pingRedis(config.redisUrl))) return { queues: null, redisError: `Redis is not answering at ${where}` };
  const redis = createRedis(config.redisUrl, { name: 'newsfeed:status', failFast: true });
  // A lost connection fails the counts below; its error events need no second report.
  redis.on('error', () => undefined);
  const q = createQueues(redis, queueSettings(config));
  try {
    return { queues: await q.counts(), redisError: null };
  } catch (err) {
    return { queues: null, redisError: `Redis at ${where} failed while counting the queues: ${maskCredentials((err as Error).message ?? String(err))}` };
  } finally {
    await q.close().catch(() => undefined);
    redis.disconnect();
  }
}

/**
 * `newsfeed status [--json]`: queue depths per state, feed health and story counts, read from the
 * deployment's Redis and store (the service need not run). `--json` prints the /api/stats shape
 * plus the failing and the quiet feeds (`quietFeeds`). When Redis does not answer, both forms print
 * what the store says (`--json` with `redisError` and empty `queues`), say REDIS_UNAVAILABLE on
 * stderr and exit 1.
 */
export async function runStatus(args: string[], io: CliIO): Promise<number> {
  const read = readCommandArgs(COMMAND_SPECS.status, args, io);
  if (typeof read === 'number') return read;
  if (read.operands.length) return writeUsageError(COMMAND_SPECS.status, `unexpected argument ${read.operands[0]}`, io);
  const json = read.flags.has('--json');
  const quietDays = Number(read.values['--quiet-days'] ?? DEFAULT_QUIET_DAYS);
  if (!Number.isFinite(quietDays) || quietDays <= 0) return writeUsageError(COMMAND_SPECS.status, '--quiet-days must be a positive number', io);
  return runWithStore('status', io, { create: false }, async ({ config, store }) => {
    const stats = await store.stats();
    // Passwords in feed URLs (and in the errors that quote them) masked, as everywhere they are shown.
    const feeds = await store.listFeeds();
    const failing = feeds
      .filter((f) => f.status !== 'active')
      .map((f) => ({ id: f.id, url: maskCredentials(f.url), status: f.status, lastError: f.lastErrorCode ? { code: f.lastErrorCode, message: f.lastErrorMessage && maskCredentials(f.lastErrorMessage) } : null, errorCount: f.errorCount }));
    const { queues, redisError } = await readQueueCounts(config);
    const quiet = quietFeeds(feeds, quietDays, new Date());
    const out = { stories: stats.stories, clusters: stats.clusters, feeds: stats.feeds, queues: queues ?? {}, failingFeeds: failing, quietFeeds: quiet, ...(redisError ? { redisError } : {}) };
    if (json) {
      io.stdout.write(`${JSON.stringify(out)}\n`);
    } else {
      const lines = [
        `stories   ${stats.stories} in ${stats.clusters} clusters`,
        `feeds     ${stats.feeds.total} total, ${stats.feeds.ok} ok, ${stats.feeds.failing} failing, ${stats.feeds.pending} pending, ${stats.feeds.retired} retired, ${stats.feeds.paused} paused`,
        ...(queues
          ? Object.entries(queues).map(([name, c]) => `queue     ${name.padEnd(8)} ${Object.entries(c).map(([s, n]) => `${s} ${n}`).join(', ')}`)
          : [`queues    unknown: ${redisError}`]),
        ...failing.slice(0, 50).map((f) => `  ${f.status.padEnd(8)} ${f.url}  ${f.lastError ? `${f.lastError.code}: ${f.lastError.message}` : ''}`),
        ...(quiet.length ? [`quiet     ${quiet.length} feed${quiet.length === 1 ? '' : 's'} polled without a new item for ${quietDays}+ days (a moved feed? try feeds discover on its site)`] : []),
        ...quiet.slice(0, 50).map((f) => `  quiet    ${f.url}  ${f.lastNewItemAt ? `last new item ${f.lastNewItemAt}` : 'no item yet'}`),
      ];
      io.stdout.write(`${lines.join('\n')}\n`);
    }
    // What could be read is printed either way; a deployment whose Redis does not answer is not fine.
    if (redisError) {
      io.stderr.write(`newsfeed status: REDIS_UNAVAILABLE: ${redisError}\n`);
      return 1;
    }
    return 0;
  });
}
