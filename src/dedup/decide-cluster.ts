import type { ClusterFingerprint } from './cluster-features.js';
import type { ClusterSettings } from './cluster-settings.js';

/**
 * The event-cluster decision for one story, against a tiny store interface; the memory index runs
 * this, the Redis index its Lua twin (cluster-script.ts). Keep them in step.
 *
 * Layout: one hash per generation. `f<feature>` → postings, newest first, comma separated, each
 * `storyId/weight` (the feature's weight in that story, hex), at most maxPostings;
 * `r<storyId>` → `clusterId timeSec mass`. Story ids match STORY_ID (no space, comma or slash).
 *
 * A candidate is any story sharing a feature that is not common (a postings list not yet full).
 * Its shared weight (the sum over shared features of the smaller weight) is gathered from the
 * postings; the best candidates by shared weight get the weight of the common features they share
 * too (looked up in the full lists), and are then checked against their records: weighted Jaccard = shared / (massA + massB - shared) at least the
 * threshold, enough shared names and content words, publication times within the window.
 * The best such candidate gives its cluster; otherwise the story starts one (clusterId = storyId).
 */

export interface ClusterStore {
  getMany(gen: number, fields: readonly string[]): Array<string | undefined>;
  setMany(gen: number, values: ReadonlyMap<string, string>): void;
}

/** What a storyId (and so a clusterId) may look like. */
export const STORY_ID = /^[A-Za-z0-9_.:-]{1,64}$/;
/** Same matches as the Lua pattern '([^,/]+)/(%x*)' under gmatch. */
const POSTINGS = /([^,/]+)\/([0-9a-fA-F]*)/g;

export function decideCluster(fp: ClusterFingerprint, settings: ClusterSettings, store: ClusterStore, currentGen: number, nowSec: number): string {
  const gens: number[] = [];
  for (let g = currentGen; g >= currentGen - settings.generations; g--) gens.push(g);
  const recordKey = `r${fp.storyId}`;
  const fields = [recordKey, ...fp.features.map((f) => `f${f.key}`)];
  const values = gens.map((g) => store.getMany(g, fields));

  // 1. Seen before: same cluster, change nothing.
  for (const v of values) {
    const rec = v[0] === undefined ? null : parseRecord(v[0]);
    if (rec) return rec.clusterId;
  }

  // 2. Shared weight per candidate from the postings. A full list (maxPostings stories) marks a
  //    common feature: it is not read to find candidates, only probed for the best ones (3).
  const order: string[] = [];
  const shared = new Map<string, { weight: number; names: number; words: number; first: number }>();
  const seenByFeature = fp.features.map(() => new Set<string>());
  const common: Array<{ i: number; list: string }> = [];
  const credit = (i: number, id: string, weight: number): void => {
    const feature = fp.features[i] as { key: string; weight: number };
    let acc = shared.get(id);
    if (!acc) {
      acc = { weight: 0, names: 0, words: 0, first: order.length };
      shared.set(id, acc);
      order.push(id);
    }
    acc.weight += Math.min(feature.weight, weight);
    if (feature.key[0] === 'n') acc.names++;
    else if (feature.key[0] === 'w') acc.words++;
  };
  fp.features.forEach((_feature, i) => {
    const seen = seenByFeature[i] as Set<string>;
    for (const v of values) {
      const list = v[i + 1];
      if (list === undefined) continue;
      if (countPostings(list) >= settings.maxPostings) {
        common.push({ i, list });
        continue;
      }
      POSTINGS.lastIndex = 0;
      for (let m = POSTINGS.exec(list); m !== null; m = POSTINGS.exec(list)) {
        const id = m[1] as string;
        if (id === fp.storyId || seen.has(id)) continue;
        seen.add(id);
        credit(i, id, Number.parseInt(m[2] as string, 16) || 0);
      }
    }
  });

  // 3. The best candidates by shared weight, completed from the common lists, checked against their records.
  // The maxCandidates heaviest, heaviest first (ties: first seen), by insertion into a short sorted list.
  const best: string[] = [];
  const bestWeight: number[] = [];
  for (const id of order) {
    const w = (shared.get(id) as { weight: number }).weight;
    if (best.length >= settings.maxCandidates && w <= (bestWeight[best.length - 1] as number)) continue;
    let at = best.length;
    while (at > 0 && (bestWeight[at - 1] as number) < w) at--;
    best.splice(at, 0, id);
    bestWeight.splice(at, 0, w);
    if (best.length > settings.maxCandidates) {
      best.pop();
      bestWeight.pop();
    }
  }
  for (const id of best) {
    for (const { i, list } of common) {
      const seen = seenByFeature[i] as Set<string>;
      if (seen.has(id)) continue;
      let at = 0; // where the posting of id starts
      if (!list.startsWith(`${id}/`)) {
        const comma = list.indexOf(`,${id}/`);
        if (comma < 0) continue;
        at = comma + 1;
      }
      seen.add(id);
      const hex = /^[0-9a-fA-F]*/.exec(list.slice(at + id.length + 1, at + id.length + 11))?.[0] ?? '';
      credit(i, id, Number.parseInt(hex, 16) || 0);
    }
  }
  const ranked = best.filter((id) => {
    const acc = shared.get(id) as { names: number; words: number };
    return acc.names >= settings.minSharedNames && acc.words >= settings.minSharedWords;
  });
  const timeSec = fp.timeSec ?? nowSec;
  let clusterId = fp.storyId;
  let found = false;
  let bestNum = 0;
  let bestDen = 1;
  const records = new Map<string, { clusterId: string; timeSec: number; mass: number }>();
  let missing = ranked;
  for (const g of gens) {
    if (missing.length === 0) break;
    const got = store.getMany(g, missing.map((id) => `r${id}`));
    missing = missing.filter((id, k) => {
      const v = got[k];
      const rec = v === undefined ? null : parseRecord(v);
      if (rec) records.set(id, rec);
      return !rec;
    });
  }
  for (const id of ranked) {
    const rec = records.get(id);
    if (!rec || Math.abs(rec.timeSec - timeSec) > settings.windowSec) continue;
    const num = (shared.get(id) as { weight: number }).weight;
    const den = fp.mass + rec.mass - num;
    if (den <= 0 || num < settings.threshold * den) continue;
    if (!found || num * bestDen > bestNum * den) {
      found = true;
      clusterId = rec.clusterId;
      bestNum = num;
      bestDen = den;
    }
  }

  // 4. Register the story and its postings.
  const writes = new Map<string, string>();
  writes.set(recordKey, `${clusterId} ${timeSec} ${fp.mass}`);
  const current = values[0] as Array<string | undefined>;
  fp.features.forEach((feature, i) => {
    const entry = `${fp.storyId}/${feature.weight.toString(16)}`;
    const old = current[i + 1];
    writes.set(`f${feature.key}`, old === undefined || settings.maxPostings === 1 ? entry : `${entry},${firstPostings(old, settings.maxPostings - 1)}`);
  });
  store.setMany(currentGen, writes);
  return clusterId;
}

/** Entries in a comma-separated postings list. */
function countPostings(list: string): number {
  let n = 1;
  for (let at = list.indexOf(','); at >= 0; at = list.indexOf(',', at + 1)) n++;
  return n;
}

/** The first `keep` entries of a postings list (newest first), cut at a comma. */
function firstPostings(list: string, keep: number): string {
  let at = -1;
  for (let kept = 0; kept < keep; kept++) {
    at = list.indexOf(',', at + 1);
    if (at < 0) return list;
  }
  return list.slice(0, at);
}

function parseRecord(value: string): { clusterId: string; timeSec: number; mass: number } | null {
  const m = /^(\S+) (-?\d+) (\d+)$/.exec(value);
  return m ? { clusterId: m[1] as string, timeSec: Number(m[2]), mass: Number(m[3]) } : null;
}
