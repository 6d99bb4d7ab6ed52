import type { ClusterFingerprint } from './cluster-features.js';
import { clusterGenerationExpiry, currentClusterGeneration } from './cluster-index.js';
import type { ClusterRecordHead, SortedFeatures } from './cluster-record.js';
import { encodeRecord, ENTRY_BYTES, postingsField, prependEntry, readRecordHead, recordClusterId, recordFeatureId, recordFeatureWeight, recordField, sortFeatures, storyRef } from './cluster-record.js';
import type { ClusterSettings } from './cluster-settings.js';
import { DedupIndexError } from './dedup-errors.js';

/**
 * The event-cluster decision, shared by both indexes: they differ only in their ClusterStore
 * (Maps, or Redis with two short Lua scripts), so they decide alike. Layout: cluster-record.ts.
 *
 * Per call: one read of every generation (each story's record: a replay; the postings of its
 * anchors, its `anchorFeatures` heaviest features), one read of the best candidates' records
 * (only when there are candidates), the decisions in Node, one commit. A candidate is a story in
 * the postings of an anchor whose list is not full (a full list, maxPostings stories in the
 * generation, marks a common feature); the `maxCandidates` best by shared anchor weight are
 * scored, plus any earlier story of the same call found the same way. Score: weighted Jaccard of
 * the two stories' features, where a shared anchor of this story counts only when the candidate
 * is in that anchor's postings (among the newest maxPostings stories with it: common features
 * count only between recent stories) and every other shared feature counts. Pass: score at least
 * `threshold`, at least `minSharedNames` names and `minSharedWords` content words counted,
 * publication times within the window. The best passing candidate gives its cluster; otherwise
 * the story starts one (clusterId = storyId).
 *
 * Commit (atomic per story): a story registered meanwhile keeps its record (replay); otherwise,
 * for a story that starts a cluster or joins one through another story of the same call, the
 * commit is refused if a checked postings list changed since the read (a concurrent story may be
 * a candidate) and the story is decided again from a fresh read. Checked lists: the anchors whose
 * current-generation list was not full at the read (where candidates come from); all anchors for
 * a join through the same call. Then the record is written and the story prepended to each
 * anchor's postings (kept to maxPostings).
 */

export interface ClusterRead {
  gen: number;
  fields: readonly string[];
}

/**
 * How a commit treats a list: `blind` writes `next` whatever the list is now (a story registered
 * concurrently with the same feature may drop out of it: it then loses that feature's candidacy
 * and recency credit, nothing else); `check` refuses the story's commit when the list changed
 * since the read.
 */
export type ClusterListMode = 'blind' | 'check';

export interface ClusterListWrite {
  field: string;
  /** The list with this story in front, computed from the read. */
  next: Buffer;
  /** The list as read (empty buffer: absent). */
  expected: Buffer;
  mode: ClusterListMode;
}

export interface ClusterCommit {
  recordField: string;
  record: Buffer;
  lists: readonly ClusterListWrite[];
}

export type ClusterCommitResult = { kind: 'registered' } | { kind: 'known'; record: Buffer } | { kind: 'conflict' };

/** Where the bytes live. Field names are one-byte-per-character strings. */
export interface ClusterStore {
  /**
   * Per generation (newest first), one value (or null) per field; one round trip. A store may
   * leave out (null) a field's value in a generation when a newer generation has a record for it
   * (9-byte `r` fields) or a list of at least `fullBytes` (postings): the decision ignores those.
   */
  readLatest(gens: readonly number[], fields: readonly string[], fullBytes: number): Promise<Array<Array<Buffer | null>>>;
  /** Per read, one value (or null) per field; one round trip. */
  read(reads: readonly ClusterRead[]): Promise<Array<Array<Buffer | null>>>;
  /**
   * In order, each story atomically: `known` with the stored record when the record field is set
   * in generation `gen`; `conflict` when a `check` list changed since the read; else the record
   * is written, the lists written as their modes say (a list "still is" its expected value when
   * it has the same length and first 4 bytes: lists only get entries in front and lose them at
   * the end), the hash set to expire at `expireAtSec`, and `registered`.
   */
  commit(gen: number, expireAtSec: number, stories: readonly ClusterCommit[]): Promise<ClusterCommitResult[]>;
}

/** What a storyId (and so a clusterId) may look like. */
export const STORY_ID = /^[A-Za-z0-9_.:-]{1,64}$/;

const EMPTY = Buffer.alloc(0);

interface Prepared {
  index: number;
  fp: ClusterFingerprint;
  ref: string;
  recordField: string;
  anchorFields: string[];
  anchorWeights: number[];
  sorted: SortedFeatures;
}

function prepare(fp: ClusterFingerprint, index: number, settings: ClusterSettings): Prepared {
  const anchors = Math.min(settings.anchorFeatures, fp.features.length);
  const anchorFields: string[] = [];
  const anchorWeights: number[] = [];
  for (let k = 0; k < anchors; k++) {
    const f = fp.features[k] as { key: number; weight: number };
    anchorFields.push(postingsField(f.key));
    anchorWeights.push(f.weight);
  }
  const ref = storyRef(fp.storyId);
  return { index, fp, ref, recordField: recordField(ref), anchorFields, anchorWeights, sorted: sortFeatures(fp, anchors) };
}

/** One clusterId per fingerprint, in order (see the file comment). */
export async function decideClusters(fingerprints: readonly ClusterFingerprint[], settings: ClusterSettings, store: ClusterStore, nowMs: number): Promise<string[]> {
  const out = new Array<string>(fingerprints.length);
  const firstOf = new Map<string, number>();
  let pending: Prepared[] = [];
  fingerprints.forEach((fp, i) => {
    if (firstOf.has(fp.storyId)) return;
    firstOf.set(fp.storyId, i);
    pending.push(prepare(fp, i, settings));
  });
  for (let attempt = 1; pending.length > 0; attempt++) {
    if (attempt > settings.commitAttempts) {
      throw new DedupIndexError('DEDUP_INDEX_UNAVAILABLE', `cluster registration conflicted ${settings.commitAttempts} times (concurrent stories on the same features)`, {
        details: { stories: pending.length },
      });
    }
    pending = await decideRound(pending, settings, store, nowMs, out);
  }
  fingerprints.forEach((fp, i) => {
    out[i] = out[firstOf.get(fp.storyId) as number] as string;
  });
  return out;
}

interface Candidate {
  ref: string;
  /** Generation slot (0 = current) whose postings hold it. */
  slot: number;
  rank: number;
}

type ListAt = (slot: number, field: string) => Buffer | null;

/** Decides and commits the stories; returns those whose commit conflicted. */
async function decideRound(stories: Prepared[], settings: ClusterSettings, store: ClusterStore, nowMs: number, out: string[]): Promise<Prepared[]> {
  const gen = currentClusterGeneration(nowMs, settings);
  const nowSec = Math.floor(nowMs / 1000);
  const gens: number[] = [];
  for (let g = gen; g >= gen - settings.generations; g--) gens.push(g);
  const full = settings.maxPostings * ENTRY_BYTES;

  // 1. Records (replays) and anchor postings, every generation.
  const position = new Map<string, number>();
  const fields: string[] = [];
  const at = (field: string): void => {
    if (position.has(field)) return;
    position.set(field, fields.length);
    fields.push(field);
  };
  for (const s of stories) {
    at(s.recordField);
    for (const f of s.anchorFields) at(f);
  }
  const values = maskOlder(await store.readLatest(gens, fields, full), fields, full);
  const listAt: ListAt = (slot, field) => (values[slot] as Array<Buffer | null>)[position.get(field) as number] ?? null;

  // 2. Candidates registered before this call, best first; their records (one more read).
  const replays = new Map<Prepared, string>();
  const external = new Map<Prepared, Candidate[]>();
  const needed: Array<Set<string>> = gens.map(() => new Set<string>());
  for (const s of stories) {
    const replay = findRecord(s.recordField, gens.length, listAt);
    if (replay !== null) {
      replays.set(s, replay);
      continue;
    }
    const best = rankCandidates(s, gens.length, listAt, settings);
    external.set(s, best);
    for (const c of best) (needed[c.slot] as Set<string>).add(c.ref);
  }
  const records = await readRecords(store, gens, needed);

  // 3. Decisions in order, each seeing the earlier stories of the call; commits prepared.
  const overlay = new Map<string, Buffer>();
  const batchEntries = new Map<string, string[]>();
  const batchRecords = new Map<string, ClusterRecordHead>();
  const commits: ClusterCommit[] = [];
  const decided: Array<{ story: Prepared; clusterId: string }> = [];
  for (const s of stories) {
    const replay = replays.get(s);
    if (replay !== undefined) {
      out[s.index] = replay;
      continue;
    }
    const timeSec = s.fp.timeSec ?? nowSec;
    const internal: string[] = [];
    for (const f of s.anchorFields) {
      const list = overlay.get(f);
      if (!list || list.length >= full) continue;
      for (const ref of batchEntries.get(f) ?? []) if (ref !== s.ref && !internal.includes(ref)) internal.push(ref);
    }
    const ext = external.get(s) ?? [];
    const best = ext.length + internal.length > 0 ? pickCluster(s, timeSec, ext, internal, records, batchRecords, gens.length, listAt, batchEntries, settings) : null;
    const clusterId = best?.clusterId ?? s.fp.storyId;
    const startsCluster = best === null;
    const throughBatch = best?.inBatch ?? false;
    let checks = settings.checkedAnchors;
    const lists: ClusterListWrite[] = s.anchorFields.map((field, k) => {
      const read = listAt(0, field);
      const expected = overlay.get(field) ?? read ?? EMPTY;
      const rare = read === null || read.length < full;
      // Checked: a new cluster's rarest-looking lists (its heaviest anchors not yet common), where a
      // concurrent report of the same event would show; for a join through this call, the lists
      // holding that earlier story (it may not get registered).
      const batchRefs = batchEntries.get(field);
      const check = checks > 0 && (throughBatch ? (batchRefs?.includes(best?.ref ?? '') ?? false) : startsCluster && rare);
      if (check) checks--;
      const mode: ClusterListMode = check ? 'check' : 'blind';
      const next = prependEntry(s.ref, s.anchorWeights[k] as number, expected, full);
      overlay.set(field, next);
      if (batchRefs) batchRefs.push(s.ref);
      else batchEntries.set(field, [s.ref]);
      return { field, next, expected, mode };
    });
    const record = encodeRecord(clusterId, timeSec, s.fp.mass, s.sorted);
    batchRecords.set(s.ref, readRecordHead(record) as ClusterRecordHead);
    commits.push({ recordField: s.recordField, record, lists });
    decided.push({ story: s, clusterId });
  }
  if (commits.length === 0) return [];

  // 4. Commit; conflicting stories go round again.
  const results = await store.commit(gen, clusterGenerationExpiry(gen, settings), commits);
  const again: Prepared[] = [];
  results.forEach((r, k) => {
    const { story, clusterId } = decided[k] as { story: Prepared; clusterId: string };
    if (r.kind === 'registered') out[story.index] = clusterId;
    else if (r.kind === 'conflict') again.push(story);
    else {
      const id = recordClusterId(r.record);
      if (id === null) throw new DedupIndexError('DEDUP_INDEX_CORRUPT', 'unreadable cluster record', { details: { storyId: story.fp.storyId } });
      out[story.index] = id;
    }
  });
  return again;
}

/**
 * Values of older generations that the decision ignores (and a store may not read): a field's
 * value once a newer generation has its record, or a full list (a feature common now: its older
 * holders are not among its newest maxPostings, and it gives no candidates).
 */
function maskOlder(values: Array<Array<Buffer | null>>, fields: readonly string[], fullBytes: number): Array<Array<Buffer | null>> {
  fields.forEach((field, i) => {
    let stop = false;
    for (const row of values) {
      if (stop) row[i] = null;
      else {
        const v = row[i];
        stop = v !== null && v !== undefined && (field.length === 9 || v.length >= fullBytes);
      }
    }
  });
  return values;
}

/** The records of the candidates (by ref), one read of the generations that hold some. */
async function readRecords(store: ClusterStore, gens: readonly number[], needed: ReadonlyArray<Set<string>>): Promise<Map<string, ClusterRecordHead | null>> {
  const records = new Map<string, ClusterRecordHead | null>();
  const reads: Array<{ slot: number; refs: string[] }> = [];
  needed.forEach((refs, slot) => {
    if (refs.size > 0) reads.push({ slot, refs: [...refs] });
  });
  if (reads.length === 0) return records;
  const got = await store.read(reads.map((r) => ({ gen: gens[r.slot] as number, fields: r.refs.map(recordField) })));
  reads.forEach((r, k) => {
    r.refs.forEach((ref, m) => {
      const v = (got[k] as Array<Buffer | null>)[m];
      const rec = v ? readRecordHead(v) : null;
      if (rec || !records.has(ref)) records.set(ref, rec);
    });
  });
  return records;
}

/** The best passing candidate's cluster, or null (see the file comment for the score). */
function pickCluster(
  s: Prepared,
  timeSec: number,
  external: readonly Candidate[],
  internal: readonly string[],
  records: ReadonlyMap<string, ClusterRecordHead | null>,
  batchRecords: ReadonlyMap<string, ClusterRecordHead>,
  slots: number,
  listAt: ListAt,
  batchEntries: ReadonlyMap<string, string[]>,
  settings: ClusterSettings,
): { clusterId: string; inBatch: boolean; ref: string } | null {
  const members = anchorMembership(s, slots, listAt, batchEntries);
  let best: { clusterId: string; inBatch: boolean; ref: string } | null = null;
  let bestNum = 0;
  let bestDen = 1;
  const consider = (ref: string, rec: ClusterRecordHead | null | undefined, inBatch: boolean): void => {
    if (!rec || Math.abs(rec.timeSec - timeSec) > settings.windowSec) return;
    const [num, den] = scoreAgainst(s, rec, members.get(refKey(ref)) ?? 0, settings);
    if (den <= 0 || num < settings.threshold * den) return;
    if (best === null || num * bestDen > bestNum * den) {
      best = { clusterId: rec.clusterId, inBatch, ref };
      bestNum = num;
      bestDen = den;
    }
  };
  for (const c of external) consider(c.ref, records.get(c.ref), false);
  for (const ref of internal) consider(ref, batchRecords.get(ref), true);
  return best;
}

/** The clusterId of a story's record in any generation, or null. */
function findRecord(field: string, slots: number, listAt: ListAt): string | null {
  for (let slot = 0; slot < slots; slot++) {
    const v = listAt(slot, field);
    const id = v ? recordClusterId(v) : null;
    if (id !== null) return id;
  }
  return null;
}

/**
 * Stories in the postings of the story's anchors whose lists are not full, ranked by shared
 * anchor weight (the smaller of the two weights), ties by first seen; the best maxCandidates.
 */
function rankCandidates(s: Prepared, slots: number, listAt: ListAt, settings: ClusterSettings): Candidate[] {
  const found = new Map<string, Candidate>();
  const order: Candidate[] = [];
  const full = settings.maxPostings * ENTRY_BYTES;
  s.anchorFields.forEach((field, k) => {
    const weight = s.anchorWeights[k] as number;
    for (let slot = 0; slot < slots; slot++) {
      const list = listAt(slot, field);
      if (!list || list.length >= full) continue;
      for (let e = 0; e + ENTRY_BYTES <= list.length; e += ENTRY_BYTES) {
        const ref = list.toString('latin1', e, e + 8);
        if (ref === s.ref) continue;
        let c = found.get(ref);
        if (!c) {
          c = { ref, slot, rank: 0 };
          found.set(ref, c);
          order.push(c);
        }
        c.rank += Math.min(weight, list[e + 8] as number);
      }
    }
  });
  // The maxCandidates heaviest, heaviest first (ties: first seen), by insertion into a short sorted list.
  const best: Candidate[] = [];
  for (const c of order) {
    if (best.length >= settings.maxCandidates && c.rank <= (best[best.length - 1] as Candidate).rank) continue;
    let i = best.length;
    while (i > 0 && (best[i - 1] as Candidate).rank < c.rank) i--;
    best.splice(i, 0, c);
    if (best.length > settings.maxCandidates) best.pop();
  }
  return best;
}

/** A 30-bit number for a storyRef (its first 4 bytes): membership bits are kept by it. */
function refKey(ref: string): number {
  return ((ref.charCodeAt(0) << 22) | (ref.charCodeAt(1) << 14) | (ref.charCodeAt(2) << 6) | (ref.charCodeAt(3) >>> 2)) & 0x3fffffff;
}

/** Per storyRef (by refKey): a bit per anchor of s whose postings (any generation, or this call) hold it. */
function anchorMembership(s: Prepared, slots: number, listAt: ListAt, batchEntries: ReadonlyMap<string, string[]>): Map<number, number> {
  const bits = new Map<number, number>();
  s.anchorFields.forEach((field, k) => {
    const bit = 1 << k;
    for (let slot = 0; slot < slots; slot++) {
      const list = listAt(slot, field);
      if (!list) continue;
      for (let e = 0; e + ENTRY_BYTES <= list.length; e += ENTRY_BYTES) {
        const key = list.readUInt32BE(e) >>> 2;
        bits.set(key, (bits.get(key) ?? 0) | bit);
      }
    }
    for (const ref of batchEntries.get(field) ?? []) {
      const key = refKey(ref);
      bits.set(key, (bits.get(key) ?? 0) | bit);
    }
  });
  return bits;
}

/**
 * [shared weight, union weight] of s and a candidate's record, or [0, 0] when too few names or
 * content words are shared. An anchor of s counts only when its bit is set in `member`.
 */
function scoreAgainst(s: Prepared, rec: ClusterRecordHead, member: number, settings: ClusterSettings): [number, number] {
  const { ids, weights, anchorOf } = s.sorted;
  const buf = rec.buf;
  let i = 0;
  let at = rec.from;
  let shared = 0;
  let names = 0;
  let words = 0;
  let idB = at < buf.length ? recordFeatureId(buf, at) : 0;
  while (i < ids.length && at < buf.length) {
    const idA = ids[i] as number;
    if (idA < idB) i++;
    else if (idA > idB) {
      at += 4;
      if (at < buf.length) idB = recordFeatureId(buf, at);
    } else {
      const anchor = anchorOf[i] as number;
      if (anchor < 0 || (member >>> anchor) & 1) {
        shared += Math.min(weights[i] as number, recordFeatureWeight(buf, at));
        const kind = idA & 3;
        if (kind === 1) names++;
        else if (kind === 2) words++;
      }
      i++;
      at += 4;
      if (at < buf.length) idB = recordFeatureId(buf, at);
    }
  }
  if (names < settings.minSharedNames || words < settings.minSharedWords) return [0, 0];
  return [shared, s.fp.mass + rec.mass - shared];
}
