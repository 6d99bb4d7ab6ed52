import { compareSketches } from './compare-sketches.js';
import type { DedupSettings } from './dedup-settings.js';
import type { StoryFingerprint } from './fingerprint-story.js';
import { titlesOppose } from './opposite-words.js';

/**
 * The decision for one item against the index, written against a tiny store interface. The
 * in-memory index runs this; the Redis index runs its Lua twin (dedup-script.ts) atomically.
 * Keep the two in step: the same table of tests runs against both.
 *
 * Layout (both indexes): one hash per generation, fields are lookup keys `<kind><hex>`:
 * `i` item → encoded decision, `g`/`u`/`t` guid/url/text → storyId, `b`/`p` LSH band/passage key →
 * docIds (12 hex each, newest first), `h` title key → docIds of headline items, `k` title key →
 * the docId of the latest text under it (a headline item looks in both, a text only in `h`: texts
 * never meet texts by title), `s` story → words of its fullest text, `d` doc → record.
 * A lookup reads the current generation and the `generations` before it, newest first.
 */

export type DedupMatch = 'new' | 'guid' | 'url' | 'text' | 'near' | 'contained' | 'title';

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
  /** 16-bit hashes of the opening words of the first paragraphs (fingerprint-story.ts). */
  heads: number[];
  paragraphs: number;
  sketch: Uint16Array;
}

export interface DecisionStore {
  /** Values of the fields in generation gen (undefined when absent), in order. */
  getMany(gen: number, fields: readonly string[]): Array<string | undefined>;
  getDocs(gen: number, docIds: readonly string[]): Array<DocRecord | undefined>;
  /** Writes fields and doc records into generation gen. */
  setMany(gen: number, values: ReadonlyMap<string, string>, doc: { docId: string; record: DocRecord } | null): void;
}

export const MATCH_CODES = { new: 'n', guid: 'g', url: 'u', text: 't', near: 'r', contained: 'c', title: 'h' } as const;
const MATCH_BY_CODE: Readonly<Record<string, DedupMatch>> = { n: 'new', g: 'guid', u: 'url', t: 'text', r: 'near', c: 'contained', h: 'title' };

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
  // Title keys: `h` lists headline items, `k` holds the latest text under the key. A headline
  // item looks in both and is listed in `h`; a text looks only in `h` and is written to `k`.
  const headlineItem = fp.shingles < settings.minTitledLeadShingles;
  const titleFrom = fields.length;
  for (const key of fp.headlineLookups) fields.push(key);
  if (headlineItem) for (const key of fp.headlineLookups) fields.push(textTitleKey(key));
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
  const stories = new Map<string, StoryState | null>();

  // 3. Near and contained copies among the LSH and passage candidates, each checked against its
  //    story's members too (so a story cannot drift through a chain of near copies); a headline
  //    item (or a text meeting one) found by its title keys joins on an agreeing headline.
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
    const records = readDocs(store, gens, candidates);
    const verdicts = new Map<string, boolean>();
    let best: Relation | null = null;
    let bestStory: string | null = null;
    for (const id of candidates) {
      const rec = records.get(id);
      if (!rec) continue;
      const rel = relateTexts(fp, rec, settings) ?? (fp.headlineLookups.length > 0 ? relateHeadlines(fp, rec, settings) : null);
      if (rel === null || (best !== null && !isBetter(rel, best))) continue;
      let agrees = verdicts.get(rec.storyId);
      if (agrees === undefined) {
        agrees = agreesWithMembers(fp, rec.storyId, records, stories, store, gens, settings);
        verdicts.set(rec.storyId, agrees);
      }
      if (!agrees) continue;
      best = rel;
      bestStory = rec.storyId;
    }
    if (best !== null && bestStory !== null) {
      storyId = bestStory;
      match = best.match;
      simNum = best.num;
      simDen = best.den;
    }
  }

  // 4. The story's record: its fullest text length decides "fuller"; texts joined by content
  //    (new, near, contained) become members, the texts later copies are checked against.
  const writes = new Map<string, string>();
  let fuller = false;
  if (storyId === null) {
    storyId = fp.newStoryId;
    writes.set(storyLookup(storyId), encodeStoryState({ words: fp.words, members: [fp.docId] }));
  } else {
    const state = stories.has(storyId) ? stories.get(storyId) : readStoryState(store, gens, storyId);
    const words = state?.words ?? 0;
    const members = state?.members ?? [];
    fuller = fp.words > words * settings.fullerRatio;
    // A headline item is no member (it has no text to check later copies against); a text that joined one is.
    const joinsByText = match === 'near' || match === 'contained' || (match === 'title' && fp.shingles >= settings.minContainedShingles);
    const join = !textKnown && joinsByText && members.length < settings.storyMembers && !members.includes(fp.docId);
    if (fuller || join) writes.set(storyLookup(storyId), encodeStoryState({ words: fuller ? fp.words : words, members: join ? [...members, fp.docId] : members }));
  }

  // 5. Register the item, its exact keys (first writer wins) and, unless its text is known, its content.
  const decision: RawDecision = { storyId, match, simNum, simDen, fuller };
  writes.set(fp.itemLookup, encodeDecision(decision));
  for (const [, i] of exact) if (valueAt(i) === undefined) writes.set(fields[i] as string, storyId);
  let doc: { docId: string; record: DocRecord } | null = null;
  if (!textKnown) {
    const current = values[0] as Array<string | undefined>;
    const postedTo = headlineItem ? titleFrom + fp.headlineLookups.length : titleFrom;
    for (let i = contentFrom; i < postedTo; i++) writes.set(fields[i] as string, prependDoc(current[i] ?? '', fp.docId, settings.maxDocsPerKey));
    if (!headlineItem) for (const key of fp.headlineLookups) writes.set(textTitleKey(key), fp.docId);
    doc = {
      docId: fp.docId,
      record: { storyId, shingles: fp.shingles, complete: fp.complete, titleHashes: fp.titleHashes, heads: fp.heads, paragraphs: fp.paragraphs, sketch: fp.sketch },
    };
  }
  store.setMany(currentGen, writes, doc);
  return decision;
}

/** A verified relation between two texts: near copy (Jaccard), contained lead copy (containment) or headline item under an agreeing title. */
export interface Relation {
  match: 'near' | 'contained' | 'title';
  num: number;
  den: number;
}

/** The texts compared by relateTexts: a fingerprint or a stored record. */
export type ComparableText = Pick<DocRecord, 'shingles' | 'complete' | 'titleHashes' | 'heads' | 'paragraphs' | 'sketch'>;

/**
 * How two texts relate. Near: estimated Jaccard >= nearThreshold (texts under shortShingles only
 * when their titles agree). Contained: the shorter text (>= minContainedShingles, or >=
 * minTitledLeadShingles when the titles agree) has >= containThreshold of its shingles in the
 * longer AND is a lead of it (isLeadOf). Else null.
 */
export function relateTexts(a: ComparableText, b: ComparableText, settings: DedupSettings): Relation | null {
  const minShingles = Math.min(a.shingles, b.shingles);
  const short = minShingles < settings.shortShingles;
  let titled: boolean | null = null;
  if (short) {
    titled = titlesAgree(a.titleHashes, b.titleHashes, settings.titleOverlap);
    if (!titled) return null;
  }
  const cmp = compareSketches(a, b);
  if (cmp.union > 0 && cmp.inter >= settings.nearThreshold * cmp.union) return { match: 'near', num: cmp.inter, den: cmp.union };
  // Too short for containment alone; a teaser of at least minTitledLeadShingles under an agreeing title may still be a lead.
  if (minShingles < settings.minContainedShingles) {
    if (minShingles < settings.minTitledLeadShingles) return null;
    titled ??= titlesAgree(a.titleHashes, b.titleHashes, settings.titleOverlap);
    if (!titled) return null;
  }
  const aShorter = a.shingles <= b.shingles;
  const sample = aShorter ? cmp.aSample : cmp.bSample;
  if (sample === 0 || cmp.inter < settings.containThreshold * sample) return null;
  if (!(aShorter ? isLeadOf(a, b, settings.leadSkip) : isLeadOf(b, a, settings.leadSkip))) return null;
  return { match: 'contained', num: cmp.inter, den: sample };
}

/**
 * The shorter text is a lead of the longer one (a summary or teaser of it): its paragraphs open
 * like consecutive paragraphs of the longer, starting at one of its first 1 + skip paragraphs,
 * and the longer text goes on with at least one more paragraph. The shorter text's last
 * paragraph is not compared when it has others (a summary feed may cut it after any word).
 * A text without paragraph structure wholly inside another (a shorter version of a one-block
 * wire story) is not a lead.
 */
export function isLeadOf(shorter: Pick<DocRecord, 'heads' | 'paragraphs'>, longer: Pick<DocRecord, 'heads' | 'paragraphs'>, skip: number): boolean {
  const s = shorter.heads;
  const l = longer.heads;
  const compared = shorter.paragraphs > 1 && s.length === shorter.paragraphs ? s.length - 1 : s.length;
  for (let off = 0; off <= skip && shorter.paragraphs + off < longer.paragraphs; off++) {
    const n = Math.min(compared, l.length - off);
    if (n <= 0) break;
    let i = 0;
    while (i < n && s[i] === l[off + i]) i++;
    if (i === n) return true;
  }
  return false;
}

/**
 * A headline item (either text under minTitledLeadShingles: a headline alone, or with a line too
 * short to be a lead) whose title agrees with the other's at headlineOverlap (Jaccard of the
 * title words), and does not say the opposite (opposite-words.ts), is the same story: 'title',
 * with the shared and all title words. Else null.
 */
export function relateHeadlines(a: ComparableText, b: ComparableText, settings: DedupSettings): Relation | null {
  if (Math.min(a.shingles, b.shingles) >= settings.minTitledLeadShingles) return null;
  const { shared, union } = titleOverlap(a.titleHashes, b.titleHashes);
  if (union === 0 || shared < settings.headlineOverlap * union) return null;
  // "Lawmakers approve bill" and "Lawmakers reject bill" share most words and are not one story.
  if (titlesOppose(a.titleHashes, b.titleHashes)) return null;
  return { match: 'title', num: shared, den: union };
}

const RELATION_RANK = { near: 2, contained: 1, title: 0 } as const;

/** Near beats contained beats title; within a kind the higher similarity wins (the first on ties). */
function isBetter(a: Relation, b: Relation): boolean {
  if (a.match !== b.match) return RELATION_RANK[a.match] > RELATION_RANK[b.match];
  return a.num * b.den > b.num * a.den;
}

/** What the index keeps per story (field `s<storyId>`): `words` or `words:docId docId...` (12 hex each, no separator). */
export interface StoryState {
  /** Words of the story's fullest text so far. */
  words: number;
  /** Texts that joined by content (new, near, contained), first one first, at most storyMembers. */
  members: string[];
}

export function encodeStoryState(state: StoryState): string {
  return state.members.length === 0 ? String(state.words) : `${state.words}:${state.members.join('')}`;
}

export function decodeStoryState(value: string): StoryState {
  const colon = value.indexOf(':');
  if (colon < 0) return { words: Number(value) || 0, members: [] };
  const members: string[] = [];
  for (let at = colon + 1; at + 12 <= value.length; at += 12) members.push(value.slice(at, at + 12));
  return { words: Number(value.slice(0, colon)) || 0, members };
}

/** The story's state, newest generation first; null when unknown (expired). */
function readStoryState(store: DecisionStore, gens: readonly number[], storyId: string): StoryState | null {
  const key = storyLookup(storyId);
  for (const g of gens) {
    const v = store.getMany(g, [key])[0];
    if (v !== undefined) return decodeStoryState(v);
  }
  return null;
}

/**
 * A candidate's story is joined only if the item relates (near or contained lead) to every
 * member text of the story (its first storyMembers content copies) that is still known and long
 * enough to compare (both >= minContainedShingles): stories are cliques, not chains. A story
 * without a known member list is checked against its first text (the story id's first 12 hex).
 */
function agreesWithMembers(
  fp: StoryFingerprint,
  storyId: string,
  records: Map<string, DocRecord>,
  stories: Map<string, StoryState | null>,
  store: DecisionStore,
  gens: readonly number[],
  settings: DedupSettings,
): boolean {
  let state = stories.get(storyId);
  if (state === undefined) {
    state = readStoryState(store, gens, storyId);
    stories.set(storyId, state);
  }
  const members = state !== null && state.members.length > 0 ? state.members : [storyId.slice(0, 12)];
  const missing = members.filter((id) => !records.has(id));
  if (missing.length > 0) for (const [id, rec] of readDocs(store, gens, missing)) records.set(id, rec);
  for (const id of members) {
    const member = records.get(id);
    if (member === undefined || id === fp.docId) continue;
    if (Math.min(fp.shingles, member.shingles) < settings.minContainedShingles) continue;
    if (relateTexts(fp, member, settings) === null) return false;
  }
  return true;
}

/** Records of the given docs, newest generation first. */
function readDocs(store: DecisionStore, gens: readonly number[], ids: readonly string[]): Map<string, DocRecord> {
  const records = new Map<string, DocRecord>();
  let missing = ids;
  for (const g of gens) {
    if (missing.length === 0) break;
    const got = store.getDocs(g, missing);
    missing = missing.filter((id, k) => {
      const rec = got[k];
      if (rec) records.set(id, rec);
      return !rec;
    });
  }
  return records;
}

/** The `k` title key (texts) of an `h` title key (headline items). */
export function textTitleKey(headlineKey: string): string {
  return `k${headlineKey.slice(1)}`;
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
  const { shared, union } = titleOverlap(a, b);
  return shared >= minOverlap * union;
}

/** Shared and all distinct words of two titles (ascending word hashes). */
function titleOverlap(a: readonly number[], b: readonly number[]): { shared: number; union: number } {
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
  return { shared, union: a.length + b.length - shared };
}
