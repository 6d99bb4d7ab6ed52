import type { Redis } from 'ioredis';
import type { ClusterFingerprint } from './cluster-features.js';
import type { ClusterIndex } from './cluster-index.js';
import { clusterGenerationExpiry, currentClusterGeneration } from './cluster-index.js';
import { CLUSTER_DECIDE_LUA } from './cluster-script.js';
import type { ClusterSettings } from './cluster-settings.js';
import { resolveClusterSettings } from './cluster-settings.js';
import { DedupIndexError, DedupInputError } from './dedup-errors.js';
import { deleteByPattern, redisIndexError } from './redis-dedup-index.js';

export interface RedisClusterIndexOptions {
  /** The deployment's QUEUE_PREFIX; keys live under `${prefix}:cluster:`. */
  prefix: string;
  /** Default 72 hours. */
  windowSec?: number;
  /** Clock in milliseconds (default Date.now). */
  now?: () => number;
  /** Other settings (cluster-settings.ts); windowSec above wins. */
  settings?: Partial<ClusterSettings>;
}

const COMMAND = 'newsfeedClusterDecideBatch';
/** Stories per script call: a call holds Redis about 0.3-0.6 ms per story. */
const STORIES_PER_CALL = 16;

type ScriptRunner = {
  [COMMAND](...args: string[]): Promise<unknown>;
};

/** A ClusterIndex shared by every worker through Redis: one round trip per batch, atomic per call. */
export function createRedisClusterIndex(redis: Redis, opts: RedisClusterIndexOptions): ClusterIndex {
  if (typeof opts.prefix !== 'string' || opts.prefix === '') throw new DedupInputError('DEDUP_BAD_SETTING', 'a key prefix is required', { setting: 'prefix' });
  const settings = resolveClusterSettings({ ...opts.settings, ...(opts.windowSec === undefined ? {} : { windowSec: opts.windowSec }) });
  const now = opts.now ?? Date.now;
  const base = `${opts.prefix}:cluster`;
  if (typeof (redis as unknown as Partial<ScriptRunner>)[COMMAND] !== 'function') {
    redis.defineCommand(COMMAND, { numberOfKeys: 0, lua: CLUSTER_DECIDE_LUA });
  }
  return {
    settings,
    async decide(fingerprints) {
      if (fingerprints.length === 0) return [];
      const nowMs = now();
      const gen = currentClusterGeneration(nowMs, settings);
      const cfg = [
        gen, settings.generations, clusterGenerationExpiry(gen, settings), Math.floor(nowMs / 1000), settings.windowSec,
        settings.threshold, settings.minSharedWords, settings.minSharedNames, settings.maxPostings, settings.maxCandidates,
      ].join(',');
      const pipeline = redis.pipeline() as unknown as ScriptRunner & { exec(): Promise<Array<[Error | null, unknown]> | null> };
      for (let from = 0; from < fingerprints.length; from += STORIES_PER_CALL) {
        const args = [base, cfg];
        for (const fp of fingerprints.slice(from, from + STORIES_PER_CALL)) args.push(...storyArgs(fp));
        pipeline[COMMAND](...args);
      }
      let results: Array<[Error | null, unknown]> | null;
      try {
        results = await pipeline.exec();
      } catch (err) {
        throw redisIndexError(err);
      }
      if (!results) throw new DedupIndexError('DEDUP_INDEX_UNAVAILABLE', 'the Redis pipeline was discarded');
      const out: string[] = [];
      for (const [err, value] of results) {
        if (err) throw redisIndexError(err, out.length);
        if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
          throw new DedupIndexError('DEDUP_INDEX_CORRUPT', 'unreadable answer from the cluster script', { details: { index: out.length } });
        }
        out.push(...(value as string[]));
      }
      if (out.length !== fingerprints.length) throw new DedupIndexError('DEDUP_INDEX_CORRUPT', 'the cluster script returned the wrong number of clusters');
      return out;
    },
  };
}

function storyArgs(fp: ClusterFingerprint): [string, string] {
  return [`${fp.storyId} ${fp.timeSec ?? '-'} ${fp.mass}`, fp.features.map((f) => `${f.key}:${f.weight.toString(16)}`).join(',')];
}

/** Deletes every key of the cluster index under a prefix. Returns the count. */
export async function deleteClusterKeys(redis: Redis, prefix: string): Promise<number> {
  return deleteByPattern(redis, `${prefix.replace(/[*?[\]\\]/g, '\\$&')}:cluster:*`);
}
