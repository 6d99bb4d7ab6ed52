import { compareSketches } from './compare-sketches.js';
import type { DedupSettings } from './dedup-settings.js';
import type { StoryFingerprint } from './fingerprint-story.js';

/**
 * The decision for one item against the index, written against a tiny store interface. The
 * in-memory index runs this; the Redis index runs its Lua twin (dedup-script.ts) atomically.
 * Keep the two in step: the same table of tests runs against both.
 *
 * Layout (both indexes): one hash per generation, fields are lookup keys `<kind><hex>`:
 * `i` item → encoded decision, `g`/`u`/`t` guid/url/text → storyId, `b`/`p` LSH band/passage →
 * docIds (12 hex each, newest first), `s` story → words of its fullest text, `d` doc → record.
 * A lookup reads the current generation and the `generations` before it, newest first.
 */

export type DedupMatch = 'new' | 'guid' | 'url' | 'text' | 'near' | 'contained';

export interface RawDecision {
  storyId: string;
  match: DedupMatch;
  /** Numerator and denominator of the similarity (0/0 when there is none). */
  simNum: number;
  simDen: number;
  fuller: boolean;
}

/** What the index keeps per indexed text (for verifying candidates). */
export interface DocRecord {
  storyId: string;
  shingles: number;
  complete: boolean;
  titleHashes: number[];
  sketch: Uint16Array;
}

export interface DecisionStore {
  /** Values of the fields in generation gen (undefined when absent), in order. */
  getMany(gen: number, fields: readonly string[]): Array<string | undefined>;
  getDocs(gen: number, docIds: readonly string[]): Array<DocRecord | undefined>;
  /** Writes fields and doc records into generation gen. */
  setMany(gen: number, values: ReadonlyMap<string, string>, doc: { docId: string; record: DocRecord } | null): void;
}

export const MATCH_CODES = { new: 'n', guid: 'g', url: 'u', text: 't', near: 'r', contained: 'c' } as const;
const MATCH_BY_CODE: Readonly<Record<string, DedupMatch>> = { n: 'new', g: 'guid', u: 'url', t: 'text', r: 'near', c: 'contained' };

export function encodeDecision(d: RawDecision): string {
  return `${d.storyId}|${MATCH_CODES[d.match]}|${d.simNum}|${d.simDen}|${d.fuller ? 1 : 0}`;
}

export function decodeDecision(value: string): RawDecision | null {
  const parts = value.split('|');
  const match = MATCH_BY_CODE[parts[1] ?? ''];
  if (parts.length !== 5 || !match || !/^[0-9a-f]{16}$/.test(parts[0] ?? '')) return null;
  return { storyId: parts[0] as string, match, simNum: Number(parts[2]), simDen: Number(parts[3]), fuller: parts[4] === '1' };
}

export function decideStory(fp: StoryFingerprint, settings: DedupSettings, store: DecisionStore, currentGen: number): RawDecision {
  const gens: number[] = [];
  for (let g = currentGen; g >= currentGen - settings.generations; g--) gens.push(g);

  // One read per generation of every key the item has.
  const fields: string[] = [fp.itemLookup];
  const exact: Array<[DedupMatch, number]> = [];
  if (fp.guidLookup !== null) exact.push(['guid', fields.push(fp.guidLookup) - 1]);
  if (fp.urlLookup !== null) exact.push(['url', fields.push(fp.urlLookup) - 1]);
  const textAt = fp.textLookup === null ? -1 : fields.push(fp.textLookup) - 1;
  if (textAt >= 0) exact.push(['text', textAt]);
  const contentFrom = fields.length;
  for (const key of fp.bandLookups) fields.push(key);
  for (const key of fp.passageLookups) fields.push(key);
  const values = gens.map((g) => store.getMany(g, fields));
  const valueAt = (i: number): string | undefined => {
    for (const v of values) if (v[i] !== undefined) return v[i];
    return undefined;
  };

  // 1. The item was seen before: replay its decision, change nothing.
  const replay = valueAt(0);
  if (replay !== undefined) {
    const decoded = decodeDecision(replay);
    if (decoded) return decoded;
  }

  // 2. Exact keys, in the order guid, url, text.
  let storyId: string | null = null;
  let match: DedupMatch = 'new';
  let simNum = 0;
  let simDen = 0;
  for (const [kind, i] of exact) {
    const v = valueAt(i);
    if (v === undefined) continue;
    storyId = v;
    match = kind;
    if (kind === 'text') {
      simNum = 1;
      simDen = 1;
    }
    break;
  }
  const textKnown = textAt >= 0 && valueAt(textAt) !== undefined;

  // 3. Near and contained copies among the LSH and passage candidates.
  if (storyId === null) {
    const candidates: string[] = [];
    const seen = new Set<string>([fp.docId]);
    for (let i = contentFrom; i < fields.length && candidates.length < settings.maxCandidates; i++) {
      for (const v of values) {
        const list = v[i];
        if (list === undefined) continue;
        for (let at = 0; at + 12 <= list.length; at += 12) {
          const docId = list.slice(at, at + 12);
          if (seen.has(docId)) continue;
          seen.add(docId);
          candidates.push(docId);
        }
      }
    }
    if (candidates.length > settings.maxCandidates) candidates.length = settings.maxCandidates;
    const records = new Map<string, DocRecord>();
    let missing = candidates;
    for (const g of gens) {
      if (missing.length === 0) break;
      const got = store.getDocs(g, missing);
      missing = missing.filter((id, k) => {
        const rec = got[k];
        if (rec) records.set(id, rec);
        return !rec;
      });
    }
    let nearStory: string | null = null;
    let nearNum = 0;
    let nearDen = 1;
    let containStory: string | null = null;
    let containNum = 0;
    let containDen = 1;
    for (const id of candidates) {
      const rec = records.get(id);
      if (!rec) continue;
      const short = Math.min(fp.shingles, rec.shingles) < settings.shortShingles;
      if (short && !titlesAgree(fp.titleHashes, rec.titleHashes, settings.titleOverlap)) continue;
      const cmp = compareSketches(fp, rec);
      if (cmp.union > 0 && cmp.inter >= settings.nearThreshold * cmp.union) {
        if (nearStory === null || cmp.inter * nearDen > nearNum * cmp.union) {
          nearStory = rec.storyId;
          nearNum = cmp.inter;
          nearDen = cmp.union;
        }
      } else if (!short) {
        const smallerSample = fp.shingles <= rec.shingles ? cmp.aSample : cmp.bSample;
        if (Math.min(fp.shingles, rec.shingles) >= settings.minContainedShingles && smallerSample > 0 && cmp.inter >= settings.containThreshold * smallerSample) {
          if (containStory === null || cmp.inter * containDen > containNum * smallerSample) {
            containStory = rec.storyId;
            containNum = cmp.inter;
            containDen = smallerSample;
          }
        }
      }
    }
    if (nearStory !== null) {
      storyId = nearStory;
      match = 'near';
      simNum = nearNum;
      simDen = nearDen;
    } else if (containStory !== null) {
      storyId = containStory;
      match = 'contained';
      simNum = containNum;
      simDen = containDen;
    }
  }

  // 4. The story's fullest text length decides "fuller".
  const writes = new Map<string, string>();
  let fuller = false;
  if (storyId === null) {
    storyId = fp.newStoryId;
    writes.set(storyLookup(storyId), String(fp.words));
  } else {
    const key = storyLookup(storyId);
    let best = 0;
    for (const g of gens) {
      const v = store.getMany(g, [key])[0];
      if (v !== undefined) {
        best = Number(v);
        break;
      }
    }
    fuller = fp.words > best * settings.fullerRatio;
    if (fuller) writes.set(key, String(fp.words));
  }

  // 5. Register the item, its exact keys (first writer wins) and, unless its text is known, its content.
  const decision: RawDecision = { storyId, match, simNum, simDen, fuller };
  writes.set(fp.itemLookup, encodeDecision(decision));
  for (const [, i] of exact) if (valueAt(i) === undefined) writes.set(fields[i] as string, storyId);
  let doc: { docId: string; record: DocRecord } | null = null;
  if (!textKnown) {
    const current = values[0] as Array<string | undefined>;
    for (let i = contentFrom; i < fields.length; i++) writes.set(fields[i] as string, prependDoc(current[i] ?? '', fp.docId, settings.maxDocsPerKey));
    doc = { docId: fp.docId, record: { storyId, shingles: fp.shingles, complete: fp.complete, titleHashes: fp.titleHashes, sketch: fp.sketch } };
  }
  store.setMany(currentGen, writes, doc);
  return decision;
}

/** Lookup key of a story's text length. */
export function storyLookup(storyId: string): string {
  return `s${storyId}`;
}

/** Lookup key of a text's record. */
export function docLookup(docId: string): string {
  return `d${docId}`;
}

function prependDoc(list: string, docId: string, max: number): string {
  let out = docId;
  for (let at = 0; at + 12 <= list.length && out.length < max * 12; at += 12) {
    const id = list.slice(at, at + 12);
    if (id !== docId) out += id;
  }
  return out;
}

/** Jaccard of the title words (hashed) at least minOverlap; an empty title never agrees. */
export function titlesAgree(a: readonly number[], b: readonly number[], minOverlap: number): boolean {
  if (a.length === 0 || b.length === 0) return false;
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x === y) {
      shared++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return shared >= minOverlap * (a.length + b.length - shared);
}
