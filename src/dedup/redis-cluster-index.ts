import type { Redis } from 'ioredis';
import type { ClusterIndex } from './cluster-index.js';
import { CLUSTER_COMMIT_LUA, CLUSTER_READ_LATEST_LUA, CLUSTER_READ_LUA } from './cluster-script.js';
import { ENTRY_BYTES } from './cluster-record.js';
import type { ClusterSettings } from './cluster-settings.js';
import { resolveClusterSettings } from './cluster-settings.js';
import type { ClusterCommit, ClusterCommitResult, ClusterStore } from './cluster-store.js';
import { decideClusters } from './decide-cluster.js';
import { DedupIndexError, DedupInputError } from './dedup-errors.js';
import { deleteKeysUnder } from '../queue/delete-keys.js';
import { redisIndexError } from './redis-dedup-index.js';

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

const READ = 'newsfeedClusterRead';
const READ_LATEST = 'newsfeedClusterReadLatest';
const COMMIT = 'newsfeedClusterCommit';
/** Fields per script call (a story has 1 + its anchors): Lua's unpack stops near 8,000 values. */
const FIELDS_PER_CALL = 2000;
const MODE_BYTE = { blind: 0, check: 2 } as const;

type ScriptName = typeof READ | typeof READ_LATEST | typeof COMMIT;
type Pipeline = { exec(): Promise<Array<[Error | null, unknown]> | null> } & Record<`${ScriptName}Buffer`, (...args: Array<string | Buffer | number>) => Pipeline>;

/**
 * A ClusterIndex shared by every worker through Redis: per batch two reads and one commit, each a
 * short Lua script with packed arguments (cluster-script.ts); decisions are made in Node.
 */
export function createRedisClusterIndex(redis: Redis, opts: RedisClusterIndexOptions): ClusterIndex {
  if (typeof opts.prefix !== 'string' || opts.prefix === '') throw new DedupInputError('DEDUP_BAD_SETTING', 'a key prefix is required', { setting: 'prefix' });
  const settings = resolveClusterSettings({ ...opts.settings, ...(opts.windowSec === undefined ? {} : { windowSec: opts.windowSec }) });
  const now = opts.now ?? Date.now;
  const base = `${opts.prefix}:cluster:e:`;
  const commands = redis as unknown as Record<string, unknown>;
  if (typeof commands[READ] !== 'function') redis.defineCommand(READ, { lua: CLUSTER_READ_LUA });
  if (typeof commands[READ_LATEST] !== 'function') redis.defineCommand(READ_LATEST, { lua: CLUSTER_READ_LATEST_LUA });
  if (typeof commands[COMMIT] !== 'function') redis.defineCommand(COMMIT, { numberOfKeys: 1, lua: CLUSTER_COMMIT_LUA });
  // Script calls of one step: a single call goes straight to the connection (cheaper in Node than
  // a pipeline), several go in one pipeline; either way one round trip.
  const run = async (calls: ReadonlyArray<[ScriptName, Array<string | Buffer | number>]>): Promise<unknown[]> => {
    if (calls.length === 1) {
      const [name, args] = calls[0] as [ScriptName, Array<string | Buffer | number>];
      try {
        return [await (redis as unknown as Record<string, (...a: Array<string | Buffer | number>) => Promise<unknown>>)[`${name}Buffer`]?.(...args)];
      } catch (err) {
        throw redisIndexError(err, 0);
      }
    }
    const pipeline = redis.pipeline() as unknown as Pipeline;
    for (const [name, args] of calls) pipeline[`${name}Buffer`](...args);
    let results: Array<[Error | null, unknown]> | null;
    try {
      results = await pipeline.exec();
    } catch (err) {
      throw redisIndexError(err);
    }
    if (!results) throw new DedupIndexError('DEDUP_INDEX_UNAVAILABLE', 'the Redis pipeline was discarded');
    return results.map(([err, value], k) => {
      if (err) throw redisIndexError(err, k);
      return value;
    });
  };
  const store: ClusterStore = {
    async readLatest(gens, fields, fullBytes) {
      // One call per FIELDS_PER_CALL fields, all generations at once; an older generation answers
      // only for the fields still open (no record, no full list in a newer one), as the script does.
      const calls: Array<{ records: number[]; postings: number[] }> = [];
      for (let from = 0; from < fields.length; from += FIELDS_PER_CALL) calls.push(splitFields(fields, from, Math.min(fields.length, from + FIELDS_PER_CALL)));
      const keys = gens.map((g) => `${base}${g}`);
      const answers = await run(calls.map((c) => [READ_LATEST, [keys.length, ...keys, packFields(fields, c.records), packFields(fields, c.postings), String(fullBytes)]]));
      const out = gens.map(() => new Array<Buffer | null>(fields.length).fill(null));
      answers.forEach((answer, n) => {
        const c = calls[n] as { records: number[]; postings: number[] };
        const values = unpackValues(answer);
        let at = 0;
        let open = [...c.records, ...c.postings];
        for (let g = 0; g < gens.length && open.length > 0; g++) {
          if (at + open.length > values.length) throw new DedupIndexError('DEDUP_INDEX_CORRUPT', 'unreadable answer to a cluster index read');
          const row = out[g] as Array<Buffer | null>;
          const still: number[] = [];
          for (const i of open) {
            const v = values[at++] as Buffer | null;
            row[i] = v;
            if (!(v && ((fields[i] as string).length === 9 || v.length >= fullBytes))) still.push(i);
          }
          open = still;
        }
        if (at !== values.length) throw new DedupIndexError('DEDUP_INDEX_CORRUPT', 'unreadable answer to a cluster index read');
      });
      return out;
    },
    async read(reads) {
      const calls: Array<{ read: number; records: number[]; postings: number[] }> = [];
      reads.forEach((r, k) => {
        for (let from = 0; from < r.fields.length; from += FIELDS_PER_CALL) calls.push({ read: k, ...splitFields(r.fields, from, Math.min(r.fields.length, from + FIELDS_PER_CALL)) });
      });
      const keys: string[] = [];
      const args: Buffer[] = [];
      for (const c of calls) {
        const r = reads[c.read] as { gen: number; fields: readonly string[] };
        keys.push(`${base}${r.gen}`);
        args.push(packFields(r.fields, c.records), packFields(r.fields, c.postings));
      }
      const answers = await run([[READ, [keys.length, ...keys, ...args]]]);
      const out = reads.map((r) => new Array<Buffer | null>(r.fields.length).fill(null));
      const values = unpackValues(answers[0]);
      let at = 0;
      for (const c of calls) {
        const row = out[c.read] as Array<Buffer | null>;
        for (const i of c.records) row[i] = values[at++] ?? null;
        for (const i of c.postings) row[i] = values[at++] ?? null;
      }
      if (at !== values.length) throw new DedupIndexError('DEDUP_INDEX_CORRUPT', 'unreadable answer to a cluster index read');
      return out;
    },
    async commit(gen, expireAtSec, stories) {
      const calls: Buffer[] = [];
      let from = 0;
      let fields = 0;
      stories.forEach((s, k) => {
        if (fields > 0 && fields + 1 + s.lists.length > FIELDS_PER_CALL) {
          calls.push(packStories(stories, from, k));
          from = k;
          fields = 0;
        }
        fields += 1 + s.lists.length;
      });
      calls.push(packStories(stories, from, stories.length));
      const key = `${base}${gen}`;
      const answers = await run(calls.map((blob) => [COMMIT, [key, String(expireAtSec), blob]]));
      const out: ClusterCommitResult[] = [];
      for (const answer of answers) {
        if (!Array.isArray(answer)) throw new DedupIndexError('DEDUP_INDEX_CORRUPT', 'the cluster script returned no list');
        for (const v of answer) {
          if (!Buffer.isBuffer(v)) throw new DedupIndexError('DEDUP_INDEX_CORRUPT', 'unreadable answer from the cluster script');
          out.push(v.length === 0 ? { kind: 'registered' } : v.length === 1 && v[0] === 0x21 ? { kind: 'conflict' } : { kind: 'known', record: v });
        }
      }
      if (out.length !== stories.length) throw new DedupIndexError('DEDUP_INDEX_CORRUPT', 'the cluster script returned the wrong number of answers');
      return out;
    },
  };
  return {
    settings,
    decide: async (fingerprints) => (fingerprints.length === 0 ? [] : decideClusters(fingerprints, settings, store, now())),
  };
}

/** Positions in [from, to) of record fields (9 bytes) and of postings fields (5 bytes). */
function splitFields(fields: readonly string[], from: number, to: number): { records: number[]; postings: number[] } {
  const records: number[] = [];
  const postings: number[] = [];
  for (let i = from; i < to; i++) ((fields[i] as string).length === 9 ? records : postings).push(i);
  return { records, postings };
}

/** The values of a read script's packed answer (cluster-script.ts), in order; null when absent. */
function unpackValues(answer: unknown): Array<Buffer | null> {
  if (!Array.isArray(answer) || answer.length !== 2 || !Buffer.isBuffer(answer[0]) || !Buffer.isBuffer(answer[1]) || answer[0].length % 2 !== 0) {
    throw new DedupIndexError('DEDUP_INDEX_CORRUPT', 'unreadable answer to a cluster index read');
  }
  const [lengths, data] = answer as [Buffer, Buffer];
  const out = new Array<Buffer | null>(lengths.length / 2);
  let at = 0;
  for (let k = 0; k < out.length; k++) {
    const length = (lengths[2 * k] as number) * 256 + (lengths[2 * k + 1] as number);
    if (length === 0xffff) out[k] = null;
    else {
      out[k] = length === 0 ? null : data.subarray(at, at + length);
      at += length;
    }
  }
  if (at !== data.length) throw new DedupIndexError('DEDUP_INDEX_CORRUPT', 'unreadable answer to a cluster index read');
  return out;
}

function packFields(fields: readonly string[], picked: readonly number[]): Buffer {
  let size = 0;
  for (const i of picked) size += (fields[i] as string).length;
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  for (const i of picked) at = putLatin1(out, at, fields[i] as string);
  return out;
}

/** Stories [from, to) as the commit script's packed argument (cluster-script.ts). */
function packStories(stories: readonly ClusterCommit[], from: number, to: number): Buffer {
  let size = 0;
  for (let k = from; k < to; k++) {
    const s = stories[k] as ClusterCommit;
    size += 12 + s.record.length;
    for (const l of s.lists) size += 13 + l.next.length;
  }
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  for (let k = from; k < to; k++) {
    const s = stories[k] as ClusterCommit;
    at = putLatin1(out, at, s.recordField);
    out[at] = s.record.length >>> 8;
    out[at + 1] = s.record.length & 255;
    out[at + 2] = s.lists.length;
    at += 3 + s.record.copy(out, at + 3);
    for (const l of s.lists) {
      at = putLatin1(out, at, l.field);
      out[at] = MODE_BYTE[l.mode];
      out[at + 1] = l.next.length / ENTRY_BYTES;
      const x = l.expected;
      out[at + 2] = x.length >>> 8;
      out[at + 3] = x.length & 255;
      for (let b = 0; b < 4; b++) out[at + 4 + b] = b < x.length ? (x[b] as number) : 0;
      const next = l.next;
      for (let b = 0; b < next.length; b++) out[at + 8 + b] = next[b] as number;
      at += 8 + next.length;
    }
  }
  return out;
}

/** Writes a one-byte-per-character string; returns the offset after it. */
function putLatin1(out: Buffer, at: number, text: string): number {
  for (let i = 0; i < text.length; i++) out[at + i] = text.charCodeAt(i);
  return at + text.length;
}

/** Deletes every key of the cluster index under a prefix. Returns the count. */
export async function deleteClusterKeys(redis: Redis, prefix: string): Promise<number> {
  return deleteKeysUnder(redis, prefix, 'cluster:');
}
