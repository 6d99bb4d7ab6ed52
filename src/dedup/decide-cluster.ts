import type { ClusterStory, Rows } from './cluster-candidates.js';
import { pickCluster, prepareStory, rankCandidates } from './cluster-candidates.js';
import type { ClusterFingerprint } from './cluster-features.js';
import { clusterGenerationExpiry, currentClusterGeneration } from './cluster-index.js';
import type { ClusterRecordHead } from './cluster-record.js';
import { encodeRecord, ENTRY_BYTES, prependEntry, readRecordHead, recordClusterId, recordField } from './cluster-record.js';
import type { ClusterSettings } from './cluster-settings.js';
import type { ClusterCommit, ClusterListWrite, ClusterStore } from './cluster-store.js';
import { DedupIndexError } from './dedup-errors.js';

export type { ClusterCommit, ClusterCommitResult, ClusterListMode, ClusterListWrite, ClusterRead, ClusterStore } from './cluster-store.js';

/**
 * The event-cluster decision, shared by both indexes: they differ only in their ClusterStore, so
 * they decide alike. Layout: cluster-record.ts; candidates and score: cluster-candidates.ts.
 *
 * Per call: one read of the generations (each story's record: a replay; the postings of its
 * anchors, its `anchorFeatures` heaviest features), one read of the best candidates' records
 * (only when there are candidates), the decisions in Node, one commit. A candidate is a story in
 * the postings of an anchor whose list is not full (a full list, maxPostings stories in the
 * generation, marks a common feature; older generations are not read for it); the
 * `maxCandidates` best by shared anchor weight are scored, plus any earlier story of the same
 * call found the same way. Score: weighted Jaccard of the two stories' features, where a shared
 * anchor of this story counts only when the candidate is in that anchor's postings (among the
 * newest maxPostings stories with it: common features count only between recent stories) and
 * every other shared feature counts. Pass: score at least `threshold`, at least `minSharedNames`
 * names and `minSharedWords` content words counted, publication times within the window. The best
 * passing candidate gives its cluster; otherwise the story starts one (clusterId = storyId).
 *
 * Commit (atomic per story): a story registered meanwhile keeps its record (a replay); a story
 * that starts a cluster has its first `checkedAnchors` rare anchor lists checked, and one that
 * joins through an earlier story of the same call the lists holding that story: if one changed
 * since the read (a concurrent report of the same event may be there, or the earlier story was
 * not registered), the story is decided again from a fresh read, up to `commitAttempts` rounds.
 * Then the record is written and the story put in front of each anchor's postings (kept to
 * maxPostings); unchecked lists are written as computed from the read (see ClusterListMode).
 */

/** What a storyId (and so a clusterId) may look like. */
export const STORY_ID = /^[A-Za-z0-9_.:-]{1,64}$/;

const EMPTY = Buffer.alloc(0);

/** One clusterId per fingerprint, in order (see the file comment). */
export async function decideClusters(fingerprints: readonly ClusterFingerprint[], settings: ClusterSettings, store: ClusterStore, nowMs: number): Promise<string[]> {
  const out = new Array<string>(fingerprints.length);
  const firstOf = new Map<string, number>();
  let pending: ClusterStory[] = [];
  fingerprints.forEach((fp, i) => {
    if (firstOf.has(fp.storyId)) return;
    firstOf.set(fp.storyId, i);
    pending.push(prepareStory(fp, i, settings));
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

/** Decides and commits the stories; returns those whose commit conflicted. */
async function decideRound(stories: ClusterStory[], settings: ClusterSettings, store: ClusterStore, nowMs: number, out: string[]): Promise<ClusterStory[]> {
  const gen = currentClusterGeneration(nowMs, settings);
  const nowSec = Math.floor(nowMs / 1000);
  const gens: number[] = [];
  for (let g = gen; g >= gen - settings.generations; g--) gens.push(g);
  const full = settings.maxPostings * ENTRY_BYTES;

  // 1. Records (replays) and anchor postings, every generation.
  const position = new Map<string, number>();
  const fields: string[] = [];
  const positionOf = (field: string): number => {
    let p = position.get(field);
    if (p === undefined) {
      p = fields.length;
      position.set(field, p);
      fields.push(field);
    }
    return p;
  };
  for (const s of stories) {
    s.recordPos = positionOf(s.recordField);
    s.anchorPos = s.anchorFields.map(positionOf);
  }
  const rows: Rows = maskOlder(await store.readLatest(gens, fields, full), fields, full);
  const current = rows[0] as ReadonlyArray<Buffer | null>;

  // 2. Candidates registered before this call, best first; their records (one more read).
  const replays = new Map<ClusterStory, string>();
  const external = new Map<ClusterStory, Array<{ ref: string; slot: number }>>();
  const needed: Array<Set<string>> = gens.map(() => new Set<string>());
  for (const s of stories) {
    const replay = findRecord(rows, s.recordPos);
    if (replay !== null) {
      replays.set(s, replay);
      continue;
    }
    const best = rankCandidates(s, rows, settings);
    if (best.length === 0) continue;
    external.set(s, best);
    for (const c of best) (needed[c.slot] as Set<string>).add(c.ref);
  }
  const records = await readRecords(store, gens, needed);

  // 3. Decisions in order, each seeing the earlier stories of the call; commits prepared.
  const overlay: Array<Buffer | undefined> = new Array<Buffer | undefined>(fields.length);
  const batch: Array<string[] | undefined> = new Array<string[] | undefined>(fields.length);
  const batchRecords = new Map<string, ClusterRecordHead>();
  const commits: ClusterCommit[] = [];
  const decided: Array<{ story: ClusterStory; clusterId: string }> = [];
  for (const s of stories) {
    const replay = replays.get(s);
    if (replay !== undefined) {
      out[s.index] = replay;
      continue;
    }
    const timeSec = s.fp.timeSec ?? nowSec;
    // Earlier stories of this call in an anchor's postings that is not full.
    const internal: Array<{ ref: string; rec: ClusterRecordHead | undefined }> = [];
    for (const pos of s.anchorPos) {
      const list = overlay[pos];
      if (!list || list.length >= full) continue;
      for (const ref of batch[pos] ?? []) if (ref !== s.ref && !internal.some((c) => c.ref === ref)) internal.push({ ref, rec: batchRecords.get(ref) });
    }
    const ext = (external.get(s) ?? []).map((c) => ({ ref: c.ref, rec: records.get(c.ref) }));
    const best = ext.length + internal.length > 0 ? pickCluster(s, timeSec, ext, internal, rows, batch, settings) : null;
    const clusterId = best?.clusterId ?? s.fp.storyId;
    // Checked: a new cluster's first rare lists (a concurrent report of the same event would show
    // there); for a join through this call, the lists holding that earlier story.
    let checks = settings.checkedAnchors;
    const lists: ClusterListWrite[] = new Array<ClusterListWrite>(s.anchorPos.length);
    for (let k = 0; k < s.anchorPos.length; k++) {
      const pos = s.anchorPos[k] as number;
      const read = current[pos] ?? null;
      const expected = overlay[pos] ?? read ?? EMPTY;
      const refs = batch[pos];
      let check = false;
      if (checks > 0) {
        check = best === null ? read === null || read.length < full : best.inBatch && (refs?.includes(best.ref) ?? false);
        if (check) checks--;
      }
      const next = prependEntry(s.ref, s.anchorWeights[k] as number, expected, full);
      overlay[pos] = next;
      if (refs) refs.push(s.ref);
      else batch[pos] = [s.ref];
      lists[k] = { field: s.anchorFields[k] as string, next, expected, mode: check ? 'check' : 'blind' };
    }
    const record = encodeRecord(clusterId, timeSec, s.fp.mass, s.sorted, s.fp.headline);
    batchRecords.set(s.ref, readRecordHead(record) as ClusterRecordHead);
    commits.push({ recordField: s.recordField, record, lists });
    decided.push({ story: s, clusterId });
  }
  if (commits.length === 0) return [];

  // 4. Commit; conflicting stories go round again.
  const results = await store.commit(gen, clusterGenerationExpiry(gen, settings), commits);
  const again: ClusterStory[] = [];
  results.forEach((r, k) => {
    const { story, clusterId } = decided[k] as { story: ClusterStory; clusterId: string };
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
  for (let i = 0; i < fields.length; i++) {
    const isRecord = (fields[i] as string).length === 9;
    let stop = false;
    for (const row of values) {
      if (stop) row[i] = null;
      else {
        const v = row[i];
        stop = v !== null && v !== undefined && (isRecord || v.length >= fullBytes);
      }
    }
  }
  return values;
}

/** The clusterId of a story's record in any generation, or null. */
function findRecord(rows: Rows, pos: number): string | null {
  for (const row of rows) {
    const v = row[pos];
    const id = v ? recordClusterId(v) : null;
    if (id !== null) return id;
  }
  return null;
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
