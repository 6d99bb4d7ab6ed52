import type { ClusterFingerprint } from './cluster-features.js';
import type { ClusterRecordHead, SortedFeatures } from './cluster-record.js';
import { ENTRY_BYTES, postingsField, recordFeatureId, recordFeatureWeight, recordField, sortFeatures, storyRef } from './cluster-record.js';
import type { ClusterSettings } from './cluster-settings.js';

/**
 * Candidates and scores of the event-cluster decision (decide-cluster.ts), per story, over the
 * lists read for one call. `rows[slot][pos]` is the value of field `pos` in generation slot `slot`
 * (0 = current).
 */

export interface ClusterStory {
  index: number;
  fp: ClusterFingerprint;
  ref: string;
  recordField: string;
  anchorFields: string[];
  anchorWeights: number[];
  sorted: SortedFeatures;
  /** Field positions of the anchors (set per round). */
  anchorPos: number[];
  recordPos: number;
}

export interface Candidate {
  ref: string;
  /** Generation slot (0 = current) whose postings hold it. */
  slot: number;
  rank: number;
}

export type Rows = ReadonlyArray<ReadonlyArray<Buffer | null>>;

export function prepareStory(fp: ClusterFingerprint, index: number, settings: ClusterSettings): ClusterStory {
  const anchors = Math.min(settings.anchorFeatures, fp.features.length);
  const anchorFields: string[] = [];
  const anchorWeights: number[] = [];
  for (let k = 0; k < anchors; k++) {
    const f = fp.features[k] as { key: number; weight: number };
    anchorFields.push(postingsField(f.key));
    anchorWeights.push(f.weight);
  }
  const ref = storyRef(fp.storyId);
  return { index, fp, ref, recordField: recordField(ref), anchorFields, anchorWeights, sorted: sortFeatures(fp, anchors), anchorPos: [], recordPos: -1 };
}

/**
 * Stories in the postings of the story's anchors whose lists are not full, ranked by shared
 * anchor weight (the smaller of the two weights), ties by first seen; the best maxCandidates.
 */
export function rankCandidates(s: ClusterStory, rows: Rows, settings: ClusterSettings): Candidate[] {
  const full = settings.maxPostings * ENTRY_BYTES;
  let found: Map<string, Candidate> | null = null;
  const order: Candidate[] = [];
  for (let k = 0; k < s.anchorPos.length; k++) {
    const pos = s.anchorPos[k] as number;
    const weight = s.anchorWeights[k] as number;
    for (let slot = 0; slot < rows.length; slot++) {
      const list = (rows[slot] as ReadonlyArray<Buffer | null>)[pos];
      if (!list || list.length >= full) continue;
      for (let e = 0; e + ENTRY_BYTES <= list.length; e += ENTRY_BYTES) {
        const ref = list.toString('latin1', e, e + 8);
        if (ref === s.ref) continue;
        found ??= new Map();
        let c = found.get(ref);
        if (!c) {
          c = { ref, slot, rank: 0 };
          found.set(ref, c);
          order.push(c);
        }
        c.rank += Math.min(weight, list[e + 8] as number);
      }
    }
  }
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

/**
 * Per candidate (by refKey): a bit per anchor of s whose postings (any generation, or this call's
 * earlier stories, `batch[pos]`) hold it.
 */
function anchorMembership(s: ClusterStory, rows: Rows, batch: ReadonlyArray<string[] | undefined>, candidates: readonly number[]): Map<number, number> {
  const bits = new Map<number, number>();
  for (const key of candidates) bits.set(key, 0);
  for (let k = 0; k < s.anchorPos.length; k++) {
    const pos = s.anchorPos[k] as number;
    const bit = 1 << k;
    for (let slot = 0; slot < rows.length; slot++) {
      const list = (rows[slot] as ReadonlyArray<Buffer | null>)[pos];
      if (!list) continue;
      for (let e = 0; e + ENTRY_BYTES <= list.length; e += ENTRY_BYTES) {
        const key = list.readUInt32BE(e) >>> 2;
        const known = bits.get(key);
        if (known !== undefined) bits.set(key, known | bit);
      }
    }
    for (const ref of batch[pos] ?? []) {
      const key = refKey(ref);
      const known = bits.get(key);
      if (known !== undefined) bits.set(key, known | bit);
    }
  }
  return bits;
}

export interface Pick {
  clusterId: string;
  ref: string;
  /** Found among this call's earlier stories. */
  inBatch: boolean;
}

/**
 * The best passing candidate's cluster, or null: weighted Jaccard of the features (a shared
 * anchor of s counts only when the candidate is in its postings), enough shared names and content
 * words, publication times within the window.
 */
export function pickCluster(
  s: ClusterStory,
  timeSec: number,
  external: ReadonlyArray<{ ref: string; rec: ClusterRecordHead | null | undefined }>,
  internal: ReadonlyArray<{ ref: string; rec: ClusterRecordHead | null | undefined }>,
  rows: Rows,
  batch: ReadonlyArray<string[] | undefined>,
  settings: ClusterSettings,
): Pick | null {
  const members = anchorMembership(s, rows, batch, [...external, ...internal].map((c) => refKey(c.ref)));
  let best: Pick | null = null;
  let bestNum = 0;
  let bestDen = 1;
  const consider = (ref: string, rec: ClusterRecordHead | null | undefined, inBatch: boolean): void => {
    if (!rec || Math.abs(rec.timeSec - timeSec) > settings.windowSec) return;
    const [num, den] = scoreAgainst(s, rec, members.get(refKey(ref)) ?? 0, settings);
    if (den <= 0 || num < settings.threshold * den) return;
    if (best === null || num * bestDen > bestNum * den) {
      best = { clusterId: rec.clusterId, ref, inBatch };
      bestNum = num;
      bestDen = den;
    }
  };
  for (const c of external) consider(c.ref, c.rec, false);
  for (const c of internal) consider(c.ref, c.rec, true);
  return best;
}

/**
 * [shared weight, union weight] of s and a candidate's record, or [0, 0] when too few names or
 * content words are shared. An anchor of s counts only when its bit is set in `member` (a
 * headline's every feature counts: they are all its anchors, and the report it belongs to lists
 * only its heaviest). When either is a headline: the share of the headline's weight held by the
 * other, scaled so that headlineThreshold of it passes `threshold` as a Jaccard would, with
 * headlineSharedWords content words.
 */
function scoreAgainst(s: ClusterStory, rec: ClusterRecordHead, member: number, settings: ClusterSettings): [number, number] {
  if (s.fp.headline || rec.headline) return scoreHeadline(s, rec, settings);
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

/**
 * scoreAgainst when s or the candidate is a headline: the share of the headline's weight (the
 * smaller, when both are) that the other holds, scaled so that headlineThreshold of it passes
 * `threshold` as a Jaccard would; at least minSharedNames names and headlineSharedWords content
 * words. A headline's title carries no case, so its words are not told from names: features
 * meet by key whatever their kind (a shared feature is a name when either side has it as one), and
 * every shared feature counts, anchor or not (a headline's features are all anchors, the report
 * it belongs to lists only its heaviest, and under another kind).
 */
function scoreHeadline(s: ClusterStory, rec: ClusterRecordHead, settings: ClusterSettings): [number, number] {
  const { ids, weights } = s.sorted;
  const buf = rec.buf;
  let i = 0;
  let at = rec.from;
  let shared = 0;
  let names = 0;
  let words = 0;
  while (i < ids.length && at < buf.length) {
    const idA = ids[i] as number;
    const idB = recordFeatureId(buf, at);
    const keyA = idA >>> 2;
    const keyB = idB >>> 2;
    if (keyA < keyB) i++;
    else if (keyA > keyB) at += 4;
    else {
      shared += Math.min(weights[i] as number, recordFeatureWeight(buf, at));
      const kindA = idA & 3;
      const kindB = idB & 3;
      if (kindA === 1 || kindB === 1) names++;
      else if (kindA === 2 && kindB === 2) words++;
      i++;
      at += 4;
    }
  }
  if (names < settings.minSharedNames || words < settings.headlineSharedWords) return [0, 0];
  const headlineMass = s.fp.headline && rec.headline ? Math.min(s.fp.mass, rec.mass) : s.fp.headline ? s.fp.mass : rec.mass;
  return [shared * settings.threshold, headlineMass * settings.headlineThreshold];
}
