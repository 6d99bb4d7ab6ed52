import { z } from 'zod';

const bool = z.preprocess((v) => {
  if (typeof v !== 'string') return v;
  const s = v.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(s)) return true;
  if (['false', '0', 'no', 'off', ''].includes(s)) return false;
  return v;
}, z.boolean());
const int = (min: number, max = Number.MAX_SAFE_INTEGER) => z.coerce.number().int().min(min).max(max);
/** Node's timers overflow past 2^31 - 1 ms (about 24.8 days) and then fire at once: a setting used as a timer stays below. */
const MAX_TIMER_MS = 2_147_483_647;
const ms = (min: number) => int(min, MAX_TIMER_MS);
const sec = (min: number) => int(min, Math.floor(MAX_TIMER_MS / 1000));
const ratio = z.coerce.number().min(0).max(1);
const nullableString = z.preprocess((v) => (v === '' || v === 'null' ? null : v), z.string().min(1).nullable());

const redisUrl = z.string().regex(/^rediss?:\/\//, 'must start with redis:// or rediss://');
const databaseUrl = z.string().regex(/^(sqlite:|postgres:\/\/|postgresql:\/\/)/, 'must be sqlite:PATH or postgres://...');

/** The one schema for all settings: config/default.yaml, then the environment on top. */
export const configSchema = z
  .object({
    redisUrl,
    databaseUrl,
    feedsFile: z.string().min(1),
    topicsFile: z.string().min(1),
    classifierModel: nullableString,
    host: z.string().min(1),
    port: int(0, 65535),
    queuePrefix: z.string().regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits and _ . : - only'),
    apiToken: nullableString,
    allowPrivateNetworks: bool,
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    fetch: z.object({
      concurrency: int(1, 1000),
      // A default here too: a config file written before it existed still loads.
      failingConcurrency: int(1, 1000).default(16),
      connectTimeoutMs: ms(100),
      totalTimeoutMs: ms(100),
      maxBytes: int(1024),
      maxRedirects: int(0, 50),
      perHostConcurrency: int(1, 1000),
      hostWaitMs: ms(0),
      hostLeaseMs: ms(1000),
      maxRetryAfterMs: ms(0),
      allowedAddresses: z.preprocess((v) => (typeof v === 'string' ? v.split(',').map((x) => x.trim()).filter(Boolean) : v), z.array(z.string().min(1))),
      userAgent: z.string().min(1),
    }).strict(),
    parse: z.object({ maxItems: int(1), maxItemChars: int(100), maxFieldChars: int(100).default(1_000_000), maxEntityExpansions: int(0), maxEntityChars: int(0), maxDepth: int(8) }).strict(),
    poll: z.object({
      defaultIntervalSec: int(1),
      minIntervalSec: int(1),
      maxIntervalSec: int(1),
      jitterRatio: ratio,
      backoffBaseSec: int(1),
      backoffMaxSec: int(1),
      rateFactor: z.coerce.number().positive().max(100),
      rateSampleSize: int(2, 1000),
      quietFactor: z.coerce.number().min(0).max(100),
      respectHints: bool,
      maxRetryAfterSec: int(0),
      retireOnGone: bool,
      deferIntervalSec: int(1),
      busyDeferSec: int(1),
      minFixedIntervalSec: int(1),
    }).strict(),
    scheduler: z.object({
      tickMs: ms(10),
      batchSize: int(1),
      leaseSec: int(1),
      resyncSec: int(1),
    }).strict(),
    ingest: z.object({
      concurrency: int(1, 1000),
      threads: bool,
      batchSize: int(1, 10000),
      batchWaitMs: int(0, 10000),
      attempts: int(1, 100),
      backoffMs: ms(0),
    }).strict(),
    dedup: z.object({ windowSec: int(60), clusterWindowSec: int(60) }).strict(),
    // Defaults here too: a config file written before webhooks existed still loads.
    webhooks: z
      .object({
        concurrency: int(1, 1000).default(8),
        timeoutMs: ms(100).default(10000),
        attempts: int(1, 100).default(8),
        backoffMs: ms(0).default(10000),
        maxStories: int(1, 1000).default(100),
      })
      .strict()
      .default({ concurrency: 8, timeoutMs: 10000, attempts: 8, backoffMs: 10000, maxStories: 100 }),
    // Defaults here too: a config file written before full text existed still loads.
    fullText: z
      .object({ maxPerPoll: int(1, 1000).default(20), minWords: int(0).default(150), concurrency: int(1, 64).default(2), maxBytes: int(1024).default(5242880), totalTimeoutMs: ms(100).default(10000), budgetMs: ms(0).default(20000) })
      .strict()
      .default({ maxPerPoll: 20, minWords: 150, concurrency: 2, maxBytes: 5242880, totalTimeoutMs: 10000, budgetMs: 20000 }),
    // Defaults here too: a config file written before discovery existed still loads.
    discover: z
      .object({ maxCandidates: int(1, 100).default(10), timeoutMs: ms(1000).default(30000), candidateTimeoutMs: ms(100).default(8000) })
      .strict()
      .default({ maxCandidates: 10, timeoutMs: 30000, candidateTimeoutMs: 8000 }),
    // Defaults here too: a config file written before retention existed still loads.
    retention: z
      .object({ days: int(0, 36500).default(0), everySec: sec(60).default(3600), batchSize: int(1, 10000).default(500) })
      .strict()
      .default({ days: 0, everySec: 3600, batchSize: 500 }),
    // streamReplayMax has a default: a config file written before stream replay existed still loads.
    api: z.object({ maxLimit: int(1), defaultLimit: int(1), streamReplayMax: int(0, 100000).default(1000), streamHistory: int(100, 10_000_000).default(10000), opmlMaxBytes: int(1024).default(32 * 1024 * 1024), redisTimeoutMs: ms(10).default(2000), storeTimeoutMs: ms(10).default(5000), publicUrl: z.preprocess((v) => (v === '' || v === 'null' ? null : v), z.string().regex(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, 'must be an http(s) URL without query or fragment').nullable()).default(null) }).strict(),
    shutdown: z.object({ graceMs: ms(0) }).strict(),
  })
  .strict()
  .refine((c) => c.poll.minIntervalSec <= c.poll.maxIntervalSec, { message: 'must not exceed poll.maxIntervalSec', path: ['poll', 'minIntervalSec'] });

export type Config = z.infer<typeof configSchema> & {
  /** True when REDIS_URL came from the environment: it is then never replaced by a local redis-server. */
  readonly redisUrlExplicit: boolean;
};
