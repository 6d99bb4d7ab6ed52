import type { ClusterSettings } from './cluster-settings.js';
import { STOPWORDS } from './stopwords.js';
import { hashString, hex32 } from './word-hashes.js';

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

/** `<class><8 hex>`: class `n` name, `w` content word, `#` number. */
export interface ClusterFeature {
  key: string;
  /** Small positive integer. */
  weight: number;
}

export interface ClusterFingerprint {
  storyId: string;
  /** Publication time in unix seconds, or null (the index then uses its clock). */
  timeSec: number | null;
  /** Heaviest first. */
  features: ClusterFeature[];
  /** Sum of the weights. */
  mass: number;
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

const TOKEN = /(\d[\d,.]*\d|\d)|(\p{L}[\p{L}\p{M}]*(?:['’]\p{L}+)?)/gu;
const SENTENCE_END = /[.!?:;\n—–]\s*["'“”‘’(\[]*\s*$/;

interface Token {
  text: string;
  isNumber: boolean;
  initial: boolean;
  inTitle: boolean;
}

/**
 * What an event report is about, as weighted features of its title and lead: names (capitalised
 * words not opening a sentence, all-caps words, given entities), content words (light stemming,
 * stopwords dropped) and numbers (two digits or more). The heaviest `maxFeatures` are kept.
 */
export function extractClusterFeatures(input: ClusterInput, settings: ClusterSettings): ClusterFingerprint {
  const tokens = [...tokenize(input.title, true, Number.POSITIVE_INFINITY), ...tokenize(input.text, false, settings.leadWords)];
  const names = new Set<string>();
  for (const t of tokens) {
    if (t.isNumber || t.inTitle) continue;
    const lower = baseForm(t.text);
    if (STOPWORDS.has(lower) || lower.length < 2) continue;
    const allCaps = t.text.length >= 2 && t.text === t.text.toUpperCase() && t.text !== t.text.toLowerCase();
    if (allCaps || (!t.initial && /^\p{Lu}/u.test(t.text))) names.add(lower);
  }

  const weights = new Map<string, { weight: number; order: number }>();
  const add = (key: string, weight: number): void => {
    const known = weights.get(key);
    if (!known) weights.set(key, { weight, order: weights.size });
    else if (weight > known.weight) known.weight = weight;
  };
  for (const t of tokens) {
    if (t.isNumber) {
      const digits = t.text.replace(/[,.]/g, '');
      if (digits.length >= 2) add(`#${hex32(hashString(digits))}`, t.inTitle ? FEATURE_WEIGHTS.titleNumber : FEATURE_WEIGHTS.number);
      continue;
    }
    const lower = baseForm(t.text);
    if (STOPWORDS.has(lower)) continue;
    if (names.has(lower)) add(`n${hex32(hashString(lower))}`, t.inTitle ? FEATURE_WEIGHTS.titleName : FEATURE_WEIGHTS.name);
    else if (lower.length >= 3) {
      const stem = stemWord(lower);
      if (stem.length >= 3) add(`w${hex32(hashString(stem))}`, t.inTitle ? FEATURE_WEIGHTS.titleWord : FEATURE_WEIGHTS.word);
    }
  }
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
          if (lower.length >= 2 && !STOPWORDS.has(lower)) add(`n${hex32(hashString(lower))}`, weight);
        }
      }
    }
  }

  const features = [...weights.entries()]
    .sort((a, b) => b[1].weight - a[1].weight || a[1].order - b[1].order)
    .slice(0, settings.maxFeatures)
    .map(([key, v]) => ({ key, weight: v.weight }));
  let mass = 0;
  for (const f of features) mass += f.weight;
  const time = input.publishedAt ? Date.parse(input.publishedAt) : Number.NaN;
  return { storyId: input.storyId, timeSec: Number.isFinite(time) ? Math.floor(time / 1000) : null, features, mass };
}

function tokenize(text: string, inTitle: boolean, maxWords: number): Token[] {
  const out: Token[] = [];
  let words = 0;
  let last = 0;
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m !== null && words < maxWords; m = TOKEN.exec(text)) {
    const initial = out.length === 0 || SENTENCE_END.test(text.slice(last, m.index));
    out.push({ text: m[0], isNumber: m[1] !== undefined, initial, inTitle });
    last = m.index + m[0].length;
    words++;
  }
  return out;
}

/** Lower case without a possessive `'s`. */
function baseForm(word: string): string {
  return word.toLowerCase().replace(/['’]s$/, '').replace(/['’]/g, '');
}

/** A light suffix stripper: treaties/treaty, signed/signing/sign, exercises/exercise. */
export function stemWord(word: string): string {
  let w = word;
  if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 3 && w.endsWith('s') && !/(?:ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  if (w.length > 4 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}
