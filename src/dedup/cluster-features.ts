import type { ClusterSettings } from './cluster-settings.js';
import { STOPWORDS } from './stopwords.js';
import { hashString } from './word-hashes.js';

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

/** `n` name, `w` content word, `#` number. */
export type ClusterFeatureKind = 'n' | 'w' | '#';

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

/** The low 2 bits of a feature key. */
export const FEATURE_KIND_BITS = { n: 1, w: 2, '#': 3 } as const;
const KIND_OF_BITS: readonly ClusterFeatureKind[] = ['w', 'n', 'w', '#'];

/** The kind of a feature from its key. */
export function featureKind(key: number): ClusterFeatureKind {
  return KIND_OF_BITS[key & 3] as ClusterFeatureKind;
}

function featureKey(text: string, kind: ClusterFeatureKind): number {
  return ((hashString(text) & ~3) | FEATURE_KIND_BITS[kind]) >>> 0;
}

/** What a word token says, computed once per spelling (cached: news vocabulary repeats). */
interface WordInfo {
  /** Lower case without a possessive 's and apostrophes. */
  lower: string;
  skip: boolean;
  /** Capitalised (first letter upper case) or all capitals (two letters or more). */
  upperFirst: boolean;
  allCaps: boolean;
  nameKey: number;
  /** Key of the stem as a content word, or -1 when too short. */
  wordKey: number;
}

const WORD_CACHE = new Map<string, WordInfo>();
const WORD_CACHE_LIMIT = 50_000;
const NUMBER_CACHE = new Map<string, number>();

const UPPER_FIRST = /^\p{Lu}/u;
const LETTER = /\p{L}/u;
const MARK = /\p{M}/u;
/** Per UTF-16 code unit below 0x3000 (others are looked up): 1 letter, 2 mark, 3 other; 0 not yet known. */
const CHAR_CLASS = new Uint8Array(0x3000);

function charClass(code: number): number {
  if (code < 0x3000) {
    let c = CHAR_CLASS[code] as number;
    if (c === 0) {
      const ch = String.fromCharCode(code);
      c = LETTER.test(ch) ? 1 : MARK.test(ch) ? 2 : 3;
      CHAR_CLASS[code] = c;
    }
    return c;
  }
  const ch = String.fromCharCode(code);
  return LETTER.test(ch) ? 1 : MARK.test(ch) ? 2 : 3;
}

/** Letter at `at` (a surrogate pair counts as one): its length in code units, or 0. */
function letterAt(text: string, at: number): number {
  const code = text.charCodeAt(at);
  if ((code >= 97 && code <= 122) || (code >= 65 && code <= 90)) return 1;
  if (code < 128) return 0;
  if (code >= 0xd800 && code <= 0xdbff && at + 1 < text.length) return LETTER.test(text.slice(at, at + 2)) ? 2 : 0;
  return charClass(code) === 1 ? 1 : 0;
}

/** Letter or combining mark at `at`: its length in code units, or 0. */
function letterOrMarkAt(text: string, at: number): number {
  const code = text.charCodeAt(at);
  if ((code >= 97 && code <= 122) || (code >= 65 && code <= 90)) return 1;
  if (code < 128) return 0;
  if (code >= 0xd800 && code <= 0xdbff && at + 1 < text.length) {
    const pair = text.slice(at, at + 2);
    return LETTER.test(pair) || MARK.test(pair) ? 2 : 0;
  }
  return charClass(code) !== 3 ? 1 : 0;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** JavaScript's `\s`. */
function isSpace(code: number): boolean {
  if (code === 32 || (code >= 9 && code <= 13)) return true;
  if (code < 160) return false;
  return code === 160 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

/** `. ! ? : ; \n — –` */
function isSentenceEnd(code: number): boolean {
  return code === 46 || code === 33 || code === 63 || code === 58 || code === 59 || code === 10 || code === 0x2014 || code === 0x2013;
}

/** `" ' “ ” ‘ ’ ( [` */
function isOpener(code: number): boolean {
  return code === 34 || code === 39 || code === 0x201c || code === 0x201d || code === 0x2018 || code === 0x2019 || code === 40 || code === 91;
}

/**
 * Whether text[from, to) (the gap before a token) ends a sentence: a sentence end, then white
 * space, opening quotes or brackets, white space (as /[.!?:;\n—–]\s*["'“”‘’(\[]*\s*$/).
 */
function endsSentence(text: string, from: number, to: number): boolean {
  let i = to - 1;
  while (i >= from && isSpace(text.charCodeAt(i))) {
    if (text.charCodeAt(i) === 10) return true;
    i--;
  }
  while (i >= from && isOpener(text.charCodeAt(i))) i--;
  while (i >= from && isSpace(text.charCodeAt(i))) {
    if (text.charCodeAt(i) === 10) return true;
    i--;
  }
  return i >= from && isSentenceEnd(text.charCodeAt(i));
}

function wordInfo(token: string): WordInfo {
  let info = WORD_CACHE.get(token);
  if (info) return info;
  const lower = baseForm(token);
  const upper = token.toUpperCase();
  let wordKey = -1;
  if (lower.length >= 3) {
    const stem = stemWord(lower);
    if (stem.length >= 3) wordKey = featureKey(stem, 'w');
  }
  info = {
    lower,
    skip: STOPWORDS.has(lower),
    upperFirst: UPPER_FIRST.test(token),
    allCaps: token.length >= 2 && token === upper && token !== token.toLowerCase(),
    nameKey: featureKey(lower, 'n'),
    wordKey,
  };
  if (WORD_CACHE.size >= WORD_CACHE_LIMIT) WORD_CACHE.clear();
  WORD_CACHE.set(token, info);
  return info;
}

/** Key of a number token (two digits or more, separators dropped), or -1. */
function numberKey(token: string): number {
  let key = NUMBER_CACHE.get(token);
  if (key !== undefined) return key;
  const digits = token.replace(/[,.]/g, '');
  key = digits.length >= 2 ? featureKey(digits, '#') : -1;
  if (NUMBER_CACHE.size >= WORD_CACHE_LIMIT) NUMBER_CACHE.clear();
  NUMBER_CACHE.set(token, key);
  return key;
}

/** Tokens of one text, as parallel arrays (word info or number key, sentence-initial flag). */
interface Tokens {
  words: Array<WordInfo | null>;
  numbers: number[];
  initial: boolean[];
  inTitle: boolean[];
}

/**
 * Tokens as /(\d[\d,.]*\d|\d)|(\p{L}[\p{L}\p{M}]*(?:['’]\p{L}+)?)/gu finds them, at most maxWords,
 * appended to `out`.
 */
function tokenize(text: string, inTitle: boolean, maxWords: number, out: Tokens): void {
  const n = text.length;
  let words = 0;
  let last = 0;
  let first = true;
  let i = 0;
  while (i < n && words < maxWords) {
    const code = text.charCodeAt(i);
    let end = -1;
    let isNumber = false;
    if (isDigit(code)) {
      isNumber = true;
      let j = i + 1;
      let lastDigit = i;
      while (j < n) {
        const c = text.charCodeAt(j);
        if (isDigit(c)) lastDigit = j;
        else if (c !== 44 && c !== 46) break;
        j++;
      }
      end = lastDigit + 1;
    } else {
      const len = letterAt(text, i);
      if (len > 0) {
        let j = i + len;
        for (let step = letterOrMarkAt(text, j); j < n && step > 0; step = letterOrMarkAt(text, j)) j += step;
        const c = j < n ? text.charCodeAt(j) : 0;
        if ((c === 39 || c === 0x2019) && j + 1 < n) {
          let k = j + 1;
          for (let step = letterAt(text, k); k < n && step > 0; step = letterAt(text, k)) k += step;
          if (k > j + 1) j = k;
        }
        end = j;
      }
    }
    if (end < 0) {
      i++;
      continue;
    }
    const initial = first || endsSentence(text, last, i);
    const token = text.slice(i, end);
    if (isNumber) {
      out.words.push(null);
      out.numbers.push(numberKey(token));
    } else {
      out.words.push(wordInfo(token));
      out.numbers.push(-1);
    }
    out.initial.push(initial);
    out.inTitle.push(inTitle);
    first = false;
    last = end;
    i = end;
    words++;
  }
}

/**
 * What an event report is about, as weighted features of its title and lead: names (capitalised
 * words not opening a sentence, all-caps words, given entities), content words (light stemming,
 * stopwords dropped) and numbers (two digits or more). The heaviest `maxFeatures` are kept.
 */
export function extractClusterFeatures(input: ClusterInput, settings: ClusterSettings): ClusterFingerprint {
  const tokens: Tokens = { words: [], numbers: [], initial: [], inTitle: [] };
  tokenize(input.title, true, Number.POSITIVE_INFINITY, tokens);
  tokenize(input.text, false, settings.leadWords, tokens);
  const count = tokens.words.length;
  const names = new Set<number>();
  for (let t = 0; t < count; t++) {
    const w = tokens.words[t];
    if (!w || tokens.inTitle[t] || w.skip || w.lower.length < 2) continue;
    if (w.allCaps || (!tokens.initial[t] && w.upperFirst)) names.add(w.nameKey);
  }

  const weights = new Map<number, number>();
  const add = (key: number, weight: number): void => {
    const known = weights.get(key);
    if (known === undefined || weight > known) weights.set(key, weight);
  };
  for (let t = 0; t < count; t++) {
    const w = tokens.words[t];
    const inTitle = tokens.inTitle[t];
    if (!w) {
      const key = tokens.numbers[t] as number;
      if (key >= 0) add(key, inTitle ? FEATURE_WEIGHTS.titleNumber : FEATURE_WEIGHTS.number);
      continue;
    }
    if (w.skip) continue;
    if (names.has(w.nameKey)) add(w.nameKey, inTitle ? FEATURE_WEIGHTS.titleName : FEATURE_WEIGHTS.name);
    else if (w.wordKey >= 0) add(w.wordKey, inTitle ? FEATURE_WEIGHTS.titleWord : FEATURE_WEIGHTS.word);
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
          if (lower.length >= 2 && !STOPWORDS.has(lower)) add(featureKey(lower, 'n'), weight);
        }
      }
    }
  }

  // Heaviest first; a stable sort keeps first-seen order among equal weights.
  const entries = [...weights.entries()];
  entries.sort((a, b) => b[1] - a[1]);
  const kept = Math.min(entries.length, settings.maxFeatures);
  const features: ClusterFeature[] = new Array<ClusterFeature>(kept);
  let mass = 0;
  for (let k = 0; k < kept; k++) {
    const [key, weight] = entries[k] as [number, number];
    features[k] = { key, kind: featureKind(key), weight };
    mass += weight;
  }
  const time = input.publishedAt ? Date.parse(input.publishedAt) : Number.NaN;
  return { storyId: input.storyId, timeSec: Number.isFinite(time) ? Math.floor(time / 1000) : null, features, mass };
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
