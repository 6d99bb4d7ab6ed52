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
 * A candidate is any story sharing a feature. Its shared weight (the sum over shared features of
 * the smaller weight) is gathered from the postings; the best candidates by shared weight are then
 * checked against their records: weighted Jaccard = shared / (massA + massB - shared) at least the
 * threshold, enough shared names and content words, publication times within the window.
 * The best such candidate gives its cluster; otherwise the story starts one (clusterId = storyId).
 */

export interface ClusterStore {
  getMany(gen: number, fields: readonly string[]): Array<string | undefined>;
  setMany(gen: number, values: ReadonlyMap<string, string>): void;
}

/** What a storyId (and so a clusterId) may look like. */
export const STORY_ID = /^[A-Za-z0-9_.:-]{1,64}$/;
const POSTING = /^([^/]+)\/([0-9a-fA-F]*)$/;

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

  // 2. Shared weight per candidate, from the postings.
  const order: string[] = [];
  const shared = new Map<string, { weight: number; names: number; words: number; first: number }>();
  fp.features.forEach((feature, i) => {
    const seen = new Set<string>();
    for (const v of values) {
      const list = v[i + 1];
      if (list === undefined) continue;
      for (const posting of list.split(',')) {
        const m = POSTING.exec(posting);
        if (!m) continue;
        const id = m[1] as string;
        if (id === fp.storyId || seen.has(id)) continue;
        seen.add(id);
        const w = Math.min(feature.weight, Number.parseInt(m[2] as string, 16) || 0);
        let acc = shared.get(id);
        if (!acc) {
          acc = { weight: 0, names: 0, words: 0, first: order.length };
          shared.set(id, acc);
          order.push(id);
        }
        acc.weight += w;
        if (feature.key[0] === 'n') acc.names++;
        else if (feature.key[0] === 'w') acc.words++;
      }
    }
  });

  // 3. The best candidates by shared weight, checked against their records.
  const ranked = order
    .filter((id) => {
      const acc = shared.get(id) as { names: number; words: number };
      return acc.names >= settings.minSharedNames && acc.words >= settings.minSharedWords;
    })
    .sort((a, b) => {
      const x = shared.get(a) as { weight: number; first: number };
      const y = shared.get(b) as { weight: number; first: number };
      return y.weight - x.weight || x.first - y.first;
    })
    .slice(0, settings.maxCandidates);
  const timeSec = fp.timeSec ?? nowSec;
  let clusterId = fp.storyId;
  let found = false;
  let bestNum = 0;
  let bestDen = 1;
  for (const id of ranked) {
    let rec: ReturnType<typeof parseRecord> = null;
    for (const g of gens) {
      const v = store.getMany(g, [`r${id}`])[0];
      rec = v === undefined ? null : parseRecord(v);
      if (rec) break;
    }
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
    const list = [`${fp.storyId}/${feature.weight.toString(16)}`];
    const old = current[i + 1];
    if (old !== undefined) {
      for (const posting of old.split(',')) {
        if (list.length >= settings.maxPostings) break;
        if (posting !== '' && !posting.startsWith(`${fp.storyId}/`)) list.push(posting);
      }
    }
    writes.set(`f${feature.key}`, list.join(','));
  });
  store.setMany(currentGen, writes);
  return clusterId;
}

function parseRecord(value: string): { clusterId: string; timeSec: number; mass: number } | null {
  const m = /^(\S+) (-?\d+) (\d+)$/.exec(value);
  return m ? { clusterId: m[1] as string, timeSec: Number(m[2]), mass: Number(m[3]) } : null;
}
