import type { ClusterSettings } from './cluster-settings.js';
import type { ClusterFeatureKind } from './cluster-words.js';
import { baseForm, createTokenList, FEATURE_KIND_BITS, lowerFormKeys, readTokens, stemWord, TOKEN } from './cluster-words.js';

export interface ClusterEntities {
  places: string[];
  people: string[];
  organizations: string[];
}

export interface ClusterInput {
  storyId: string;
  title: string;
  /** Cleaned text (cleanStoryText().text). */
  text: string;
  publishedAt: string | null;
  /** From the classifier when it ran; the features below also work without. */
  entities?: ClusterEntities;
}

export type { ClusterFeatureKind };
export { FEATURE_KIND_BITS, stemWord };

export interface ClusterFeature {
  /** 32-bit key: a hash of the name, stem or digits, its low 2 bits the kind (FEATURE_KIND_BITS). */
  key: number;
  kind: ClusterFeatureKind;
  /** Small positive integer. */
  weight: number;
}

export interface ClusterFingerprint {
  storyId: string;
  /** Publication time in unix seconds, or null (the index then uses its clock). */
  timeSec: number | null;
  /** Heaviest first (ties: first seen); the first `anchorFeatures` are the story's anchors. */
  features: ClusterFeature[];
  /** Sum of the weights. */
  mass: number;
  /** The text has fewer than `headlineWords` words: a headline, scored by containment. */
  headline: boolean;
}

/** Feature weights (integers, so both indexes compute the same sums). */
export const FEATURE_WEIGHTS = {
  word: 2,
  titleWord: 3,
  number: 4,
  titleNumber: 6,
  name: 6,
  titleName: 9,
  place: 6,
  organization: 8,
  person: 10,
} as const;

const KIND_OF_BITS: readonly ClusterFeatureKind[] = ['w', 'n', 'w', '#'];

/** The kind of a feature from its key. */
export function featureKind(key: number): ClusterFeatureKind {
  return KIND_OF_BITS[key & 3] as ClusterFeatureKind;
}

/** Scratch reused across calls (one story at a time: the code is synchronous). */
const TOKENS = createTokenList();

/**
 * What an event report is about, as weighted features of its title and lead: names (capitalised
 * words not opening a sentence, all-caps words, given entities), content words (light stemming,
 * stopwords dropped) and numbers (two digits or more). The heaviest `maxFeatures` are kept.
 */
export function extractClusterFeatures(input: ClusterInput, settings: ClusterSettings): ClusterFingerprint {
  const tokens = TOKENS;
  tokens.count = 0;
  readTokens(input.title, true, Number.POSITIVE_INFINITY, tokens);
  const titleTokens = tokens.count;
  readTokens(input.text, false, settings.leadWords, tokens);
  const headline = tokens.count - titleTokens < settings.headlineWords;
  const { count, flags, keys: tokenKeys, stems } = tokens;
  // Names: a lower form capitalised (not opening a sentence) or in capitals somewhere in the text.
  const names = new Set<number>();
  const notName = TOKEN.number | TOKEN.inTitle | TOKEN.stopword | TOKEN.shortForName;
  for (let t = 0; t < count; t++) {
    const f = flags[t] as number;
    if (f & notName) continue;
    if (f & TOKEN.allCaps || (f & (TOKEN.initial | TOKEN.upperFirst)) === TOKEN.upperFirst) names.add(tokenKeys[t] as number);
  }

  // Features in first-seen order (slots); a feature seen again keeps its heaviest weight.
  const keys: number[] = [];
  const weights: number[] = [];
  const slots = [new Map<number, number>(), new Map<number, number>(), new Map<number, number>(), new Map<number, number>()];
  const add = (upper30: number, kind: 1 | 2 | 3, weight: number): void => {
    const map = slots[kind] as Map<number, number>;
    const slot = map.get(upper30);
    if (slot === undefined) {
      map.set(upper30, keys.length);
      keys.push(((upper30 << 2) | kind) >>> 0);
      weights.push(weight);
    } else if (weight > (weights[slot] as number)) weights[slot] = weight;
  };
  for (let t = 0; t < count; t++) {
    const f = flags[t] as number;
    const inTitle = (f & TOKEN.inTitle) !== 0;
    const key = tokenKeys[t] as number;
    if (f & TOKEN.number) {
      if (key >= 0) add(key, FEATURE_KIND_BITS['#'], inTitle ? FEATURE_WEIGHTS.titleNumber : FEATURE_WEIGHTS.number);
      continue;
    }
    if (f & TOKEN.stopword) continue;
    if (names.has(key)) add(key, FEATURE_KIND_BITS.n, inTitle ? FEATURE_WEIGHTS.titleName : FEATURE_WEIGHTS.name);
    else {
      const stem = stems[t] as number;
      if (stem >= 0) add(stem, FEATURE_KIND_BITS.w, inTitle ? FEATURE_WEIGHTS.titleWord : FEATURE_WEIGHTS.word);
    }
  }
  // An entity's word read as a content word (a title's words are never names by their case) is
  // that name: one feature, not a name and a word.
  const addEntityName = (upper30: number, weight: number): void => {
    const words = slots[FEATURE_KIND_BITS.w] as Map<number, number>;
    const slot = words.get(upper30);
    if (slot === undefined || (slots[FEATURE_KIND_BITS.n] as Map<number, number>).has(upper30)) {
      add(upper30, FEATURE_KIND_BITS.n, weight);
      return;
    }
    words.delete(upper30);
    (slots[FEATURE_KIND_BITS.n] as Map<number, number>).set(upper30, slot);
    keys[slot] = ((upper30 << 2) | FEATURE_KIND_BITS.n) >>> 0;
    if (weight > (weights[slot] as number)) weights[slot] = weight;
  };
  const entities = input.entities;
  if (entities) {
    const groups: Array<[string[] | undefined, number]> = [
      [entities.people, FEATURE_WEIGHTS.person],
      [entities.organizations, FEATURE_WEIGHTS.organization],
      [entities.places, FEATURE_WEIGHTS.place],
    ];
    for (const [list, weight] of groups) {
      for (const name of list ?? []) {
        if (typeof name !== 'string') continue;
        for (const part of name.match(/\p{L}[\p{L}\p{M}]*/gu) ?? []) {
          const lower = baseForm(part);
          const form = lowerFormKeys(lower);
          if (lower.length >= 2 && !form.stopword) addEntityName(form.name, weight);
        }
      }
    }
  }

  // Heaviest first, ties in first-seen order: weight and slot packed in one number, sorted.
  const n = keys.length;
  const order = new Float64Array(n);
  for (let i = 0; i < n; i++) order[i] = (64 - Math.min(weights[i] as number, 63)) * 65536 + i;
  order.sort();
  const kept = Math.min(n, settings.maxFeatures);
  const features: ClusterFeature[] = new Array<ClusterFeature>(kept);
  let mass = 0;
  for (let k = 0; k < kept; k++) {
    const slot = (order[k] as number) % 65536;
    const key = keys[slot] as number;
    const weight = weights[slot] as number;
    features[k] = { key, kind: featureKind(key), weight };
    mass += weight;
  }
  const time = input.publishedAt ? Date.parse(input.publishedAt) : Number.NaN;
  return { storyId: input.storyId, timeSec: Number.isFinite(time) ? Math.floor(time / 1000) : null, features, mass, headline };
}
