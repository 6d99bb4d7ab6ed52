import type { Redis } from 'ioredis';
import { deleteKeysUnder } from '../queue/delete-keys.js';
import { DedupIndexError, DedupInputError } from './dedup-errors.js';
import type { DedupIndex } from './dedup-index.js';
import { currentGeneration, generationExpiry } from './dedup-index.js';
import { DEDUP_DECIDE_LUA } from './dedup-script.js';
import type { DedupSettings } from './dedup-settings.js';
import { resolveDedupSettings } from './dedup-settings.js';
import type { RawDecision } from './decide-story.js';
import { decodeDecision } from './decide-story.js';
import type { StoryFingerprint } from './fingerprint-story.js';

export interface RedisDedupIndexOptions {
  /** The deployment's QUEUE_PREFIX; keys live under `${prefix}:dedup:`. */
  prefix: string;
  /** Default 7 days. */
  windowSec?: number;
  /** Clock in milliseconds (default Date.now); generations are computed from it. */
  now?: () => number;
  /** Other settings (dedup-settings.ts); windowSec above wins. */
  settings?: Partial<DedupSettings>;
}

const COMMAND = 'newsfeedDedupDecideBatch';
/** Items per script call: a call holds Redis about 0.1 ms per item, so about 6 ms per call. */
const ITEMS_PER_CALL = 64;

type ScriptRunner = {
  [COMMAND](...args: Array<string | Buffer>): Promise<unknown>;
};

/**
 * A DedupIndex shared by every worker through Redis. A batch costs one round trip: one script call
 * per 64 items, pipelined; Redis decides the items in order, each call atomically.
 */
export function createRedisDedupIndex(redis: Redis, opts: RedisDedupIndexOptions): DedupIndex {
  if (typeof opts.prefix !== 'string' || opts.prefix === '') throw new DedupInputError('DEDUP_BAD_SETTING', 'a key prefix is required', { setting: 'prefix' });
  const settings = resolveDedupSettings({ ...opts.settings, ...(opts.windowSec === undefined ? {} : { windowSec: opts.windowSec }) });
  const now = opts.now ?? Date.now;
  const base = `${opts.prefix}:dedup`;
  if (typeof (redis as unknown as Partial<ScriptRunner>)[COMMAND] !== 'function') {
    redis.defineCommand(COMMAND, { numberOfKeys: 0, lua: DEDUP_DECIDE_LUA });
  }

  return {
    settings,
    async decide(fingerprints) {
      if (fingerprints.length === 0) return [];
      const gen = currentGeneration(now(), settings);
      const cfg = [
        gen, settings.generations, generationExpiry(gen, settings), settings.nearThreshold, settings.containThreshold,
        settings.minContainedShingles, settings.shortShingles, settings.titleOverlap, settings.maxCandidates,
        settings.maxDocsPerKey, settings.fullerRatio, settings.leadSkip, settings.storyMembers, settings.minTitledLeadShingles,
        settings.headlineOverlap,
      ].join(',');
      const pipeline = redis.pipeline() as unknown as ScriptRunner & { exec(): Promise<Array<[Error | null, unknown]> | null> };
      for (let from = 0; from < fingerprints.length; from += ITEMS_PER_CALL) {
        const args: Array<string | Buffer> = [base, cfg];
        for (const fp of fingerprints.slice(from, from + ITEMS_PER_CALL)) args.push(itemMeta(fp), pack16([...fp.titleHashes, ...fp.heads, ...fp.sketch]));
        pipeline[COMMAND](...args);
      }
      let results: Array<[Error | null, unknown]> | null;
      try {
        results = await pipeline.exec();
      } catch (err) {
        throw redisIndexError(err);
      }
      if (!results) throw new DedupIndexError('DEDUP_INDEX_UNAVAILABLE', 'the Redis pipeline was discarded');
      const out: RawDecision[] = [];
      for (const [err, value] of results) {
        if (err) throw redisIndexError(err, out.length);
        if (!Array.isArray(value)) throw new DedupIndexError('DEDUP_INDEX_CORRUPT', 'the dedup script returned no list', { details: { index: out.length } });
        for (const v of value) {
          const decoded = typeof v === 'string' ? decodeDecision(v) : null;
          if (!decoded) throw new DedupIndexError('DEDUP_INDEX_CORRUPT', 'unreadable decision from the dedup script', { details: { index: out.length } });
          out.push(decoded);
        }
      }
      if (out.length !== fingerprints.length) throw new DedupIndexError('DEDUP_INDEX_CORRUPT', 'the dedup script returned the wrong number of decisions');
      return out;
    },
  };
}

function itemMeta(fp: StoryFingerprint): string {
  return [
    fp.docId, fp.newStoryId, fp.words, fp.shingles, fp.complete ? 1 : 0, fp.titleHashes.length, fp.heads.length, fp.paragraphs,
    fp.itemLookup, fp.guidLookup ?? '-', fp.urlLookup ?? '-', fp.textLookup ?? '-',
    fp.bandLookups.join('') + fp.passageLookups.join('') + fp.headlineLookups.join(''),
  ].join(' ');
}

/** Big-endian 2-byte values (the script and the records read them back). */
export function pack16(values: ArrayLike<number>): Buffer {
  const out = Buffer.allocUnsafe(values.length * 2);
  for (let i = 0; i < values.length; i++) out.writeUInt16BE(values[i] as number, i * 2);
  return out;
}

const RETRYABLE = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|Connection is closed|Stream isn't writeable|MaxRetriesPerRequest|^OOM|^BUSY|^LOADING|^TRYAGAIN|^MASTERDOWN|^READONLY/;

/** Wraps a Redis failure: connection-like problems are retryable (DEDUP_INDEX_UNAVAILABLE). */
export function redisIndexError(err: unknown, index?: number): DedupIndexError {
  const message = err instanceof Error ? err.message : String(err);
  const details = index === undefined ? {} : { index };
  if (RETRYABLE.test(message)) return new DedupIndexError('DEDUP_INDEX_UNAVAILABLE', `dedup index unavailable: ${message}`, { cause: err, details });
  return new DedupIndexError('DEDUP_INDEX_CORRUPT', `dedup index failed: ${message}`, { cause: err, details });
}

/** Deletes every key of the duplicate index under a prefix (tests, measurements, resets). Returns the count. */
export async function deleteDedupKeys(redis: Redis, prefix: string): Promise<number> {
  return deleteKeysUnder(redis, prefix, 'dedup:');
}

