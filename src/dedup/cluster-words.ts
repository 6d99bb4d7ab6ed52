import { STOPWORDS } from './stopwords.js';
import { hashString, mix32, mixInto } from './word-hashes.js';
import { WORD_VARIANTS } from './word-variants.js';

/**
 * The tokens event clustering reads, found in one pass over the text without regular expressions
 * or per-word strings: tokens as /(\d[\d,.]*\d|\d)|(\p{L}[\p{L}\p{M}]*(?:['’]\p{L}+)?)/gu finds
 * them; per word its lower form (possessive 's and apostrophes dropped) hashed as `hashString`
 * would hash it, its stem (stemWord) hashed the same way, stopword and capitalisation flags. Words
 * of plain ASCII letters (with ' or ’) are read from their character codes; others go through
 * strings (the same results, slower).
 */

/** `n` name, `w` content word, `#` number. */
export type ClusterFeatureKind = 'n' | 'w' | '#';

/** The low 2 bits of a feature key. */
export const FEATURE_KIND_BITS = { n: 1, w: 2, '#': 3 } as const;

/** Token flags. */
export const TOKEN = { number: 1, initial: 2, inTitle: 4, stopword: 8, shortForName: 16, upperFirst: 32, allCaps: 64 } as const;

/**
 * Tokens of a story in parallel arrays (grown as needed, reused between stories). A key is
 * stored as its upper 30 bits (`key >>> 2`, a small integer): the kind is known from the column.
 */
export interface TokenList {
  count: number;
  flags: Uint8Array;
  /** Name key >>> 2 (words), number key >>> 2 (numbers; -1 under two digits). */
  keys: Int32Array;
  /** Stem key >>> 2, or -1 when the word is too short to count. */
  stems: Int32Array;
}

export function createTokenList(capacity = 512): TokenList {
  return { count: 0, flags: new Uint8Array(capacity), keys: new Int32Array(capacity), stems: new Int32Array(capacity) };
}

function grow(out: TokenList): void {
  const size = out.flags.length * 2;
  const flags = new Uint8Array(size);
  flags.set(out.flags);
  const keys = new Int32Array(size);
  keys.set(out.keys);
  const stems = new Int32Array(size);
  stems.set(out.stems);
  out.flags = flags;
  out.keys = keys;
  out.stems = stems;
}

export function featureKey(text: string, kind: ClusterFeatureKind): number {
  return ((hashString(text) & ~3) | FEATURE_KIND_BITS[kind]) >>> 0;
}

/** Full 32-bit key from its upper 30 bits and a kind. */
export function keyOf(upper30: number, kind: ClusterFeatureKind): number {
  return ((upper30 << 2) | FEATURE_KIND_BITS[kind]) >>> 0;
}

/** Lower case without a possessive `'s`, apostrophes dropped. */
export function baseForm(word: string): string {
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

/** The stem key (>>> 2) of a lower form, or -1 when the stem is under 3 letters. */
function stemKeyOf(lower: string): number {
  if (lower.length < 3) return -1;
  const s = stemWord(lower);
  return s.length >= 3 ? featureKey(s, 'w') >>> 2 : -1;
}

/** Stem key of a spelling variant (word-variants.ts) → stem key of the form it counts as. */
const VARIANT_STEMS = new Map<number, number>();
for (const [variant, as] of WORD_VARIANTS) {
  const from = stemKeyOf(variant);
  const to = stemKeyOf(as);
  if (from !== -1 && to !== -1 && from !== to) VARIANT_STEMS.set(from, to);
}

/** A stem key, a British spelling's (or a synonym's) given as the word it counts as. */
function canonicalStem(stem: number): number {
  return VARIANT_STEMS.get(stem) ?? stem;
}

/**
 * News agencies, named in datelines and sign-offs ("MOSCOW (Reuters) -", "... Reuter", "(AP)"):
 * every story of a wire carries its name, which says nothing about the event. Stopwords for
 * clustering only (the dedup shingles and the classifier's features keep STOPWORDS as they are).
 */
const AGENCY_NAMES = ['reuters', 'reuter', 'ap', 'afp', 'upi', 'dpa', 'efe', 'ansa', 'xinhua', 'tass', 'itar', 'interfax', 'ria', 'novosti', 'bloomberg', 'pti', 'ians', 'yonhap', 'kyodo', 'jiji', 'anadolu', 'bernama', 'irna', 'wafa', 'kuna', 'wam', 'spa', 'mena', 'aap', 'cp', 'apa', 'pap', 'ctk', 'mti', 'bta', 'hina', 'tanjug', 'ukrinform', 'belta', 'sana', 'isna', 'fars', 'tasnim'];
export const CLUSTER_STOPWORDS: ReadonlySet<string> = new Set([...STOPWORDS, ...AGENCY_NAMES]);

/** What a lower form (as a string) gives: name key, stem key (-1: none) as upper 30 bits, stopword. */
export function lowerFormKeys(lower: string): { name: number; stem: number; stopword: boolean } {
  const stem = stemKeyOf(lower);
  return { name: featureKey(lower, 'n') >>> 2, stem: stem === -1 ? -1 : canonicalStem(stem), stopword: CLUSTER_STOPWORDS.has(lower) };
}

/** Stopwords by hash, verified by their text. */
const STOPWORD_HASHES = new Map<number, string[]>();
for (const w of CLUSTER_STOPWORDS) {
  const h = hashString(w) >>> 2;
  STOPWORD_HASHES.set(h, [...(STOPWORD_HASHES.get(h) ?? []), w]);
}

const LOWER = new Uint16Array(256);

function isStopword(hash30: number, length: number): boolean {
  const candidates = STOPWORD_HASHES.get(hash30);
  if (!candidates) return false;
  return candidates.some((w) => {
    if (w.length !== length) return false;
    for (let k = 0; k < length; k++) if (w.charCodeAt(k) !== LOWER[k]) return false;
    return true;
  });
}

function endsWith(len: number, a: number, b = -1, c = -1): boolean {
  if (c >= 0) return len >= 3 && LOWER[len - 3] === a && LOWER[len - 2] === b && LOWER[len - 1] === c;
  if (b >= 0) return len >= 2 && LOWER[len - 2] === a && LOWER[len - 1] === b;
  return len >= 1 && LOWER[len - 1] === a;
}

const C = { d: 100, e: 101, g: 103, i: 105, n: 110, s: 115, u: 117, y: 121 } as const;

/** stemWord over LOWER[0, len), hashed: the stem key >>> 2, or -1 when the stem is under 3 letters. */
function stemKeyOfLower(len: number): number {
  let n = len;
  let y = false;
  if (n > 4 && endsWith(n, C.i, C.e, C.s)) {
    n -= 3;
    y = true;
  } else if (n > 3 && endsWith(n, C.s) && !endsWith(n, C.s, C.s) && !endsWith(n, C.u, C.s) && !endsWith(n, C.i, C.s)) n -= 1;
  if (!y) {
    if (n > 5 && endsWith(n, C.i, C.n, C.g)) n -= 3;
    else if (n > 4 && endsWith(n, C.e, C.d)) n -= 2;
    if (n > 4 && endsWith(n, C.e)) n -= 1;
  }
  const length = n + (y ? 1 : 0);
  if (length < 3) return -1;
  let h = 0;
  for (let k = 0; k < n; k++) h = mixInto(h, LOWER[k] as number);
  if (y) h = mixInto(h, C.y);
  return ((mix32(h ^ length) & ~3) | FEATURE_KIND_BITS.w) >>> 2;
}

const LETTER = /\p{L}/u;
const MARK = /\p{M}/u;
const UPPER_FIRST = /^\p{Lu}/u;

/** Length in code units of the letter at `at` (a surrogate pair is one), or 0. */
function letterAt(text: string, at: number): number {
  const code = text.charCodeAt(at);
  if ((code >= 97 && code <= 122) || (code >= 65 && code <= 90)) return 1;
  if (code < 128 || at >= text.length) return 0;
  const ch = code >= 0xd800 && code <= 0xdbff ? text.slice(at, at + 2) : text[at] as string;
  return LETTER.test(ch) ? ch.length : 0;
}

/** Length in code units of the letter or combining mark at `at`, or 0. */
function letterOrMarkAt(text: string, at: number): number {
  const code = text.charCodeAt(at);
  if ((code >= 97 && code <= 122) || (code >= 65 && code <= 90)) return 1;
  if (code < 128 || at >= text.length) return 0;
  const ch = code >= 0xd800 && code <= 0xdbff ? text.slice(at, at + 2) : text[at] as string;
  return LETTER.test(ch) || MARK.test(ch) ? ch.length : 0;
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

/**
 * Flags and keys of the word text[from, to) from its character codes, or false when it has a
 * letter outside ASCII (the caller then takes the string path).
 */
function readAsciiWord(text: string, from: number, to: number, out: TokenList, at: number): boolean {
  if (to - from > LOWER.length) return false;
  let len = 0;
  let upper = 0;
  let lower = 0;
  let apostrophe = -1;
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c >= 97 && c <= 122) {
      LOWER[len++] = c;
      lower++;
    } else if (c >= 65 && c <= 90) {
      LOWER[len++] = c + 32;
      upper++;
    } else if (c === 39 || c === 0x2019) apostrophe = len;
    else return false;
  }
  // a possessive 's goes (the apostrophe then one s at the end)
  if (apostrophe >= 0 && apostrophe === len - 1 && LOWER[len - 1] === C.s) len--;
  let h = 0;
  for (let k = 0; k < len; k++) h = mixInto(h, LOWER[k] as number);
  // the name key is hashString(lower) with the kind in its low 2 bits: its upper 30 bits are the hash's
  const hash30 = mix32(h ^ len) >>> 2;
  let flags = 0;
  if (isStopword(hash30, len)) flags |= TOKEN.stopword;
  if (len < 2) flags |= TOKEN.shortForName;
  const first = text.charCodeAt(from);
  if (first >= 65 && first <= 90) flags |= TOKEN.upperFirst;
  if (to - from >= 2 && lower === 0 && upper > 0) flags |= TOKEN.allCaps;
  out.flags[at] = flags;
  out.keys[at] = hash30;
  out.stems[at] = len >= 3 ? canonicalStem(stemKeyOfLower(len)) : -1;
  return true;
}

function readOtherWord(raw: string, out: TokenList, at: number): void {
  const lower = baseForm(raw);
  const keys = lowerFormKeys(lower);
  let flags = 0;
  if (keys.stopword) flags |= TOKEN.stopword;
  if (lower.length < 2) flags |= TOKEN.shortForName;
  if (UPPER_FIRST.test(raw)) flags |= TOKEN.upperFirst;
  if (raw.length >= 2 && raw === raw.toUpperCase() && raw !== raw.toLowerCase()) flags |= TOKEN.allCaps;
  out.flags[at] = flags;
  out.keys[at] = keys.name;
  out.stems[at] = keys.stem;
}

/** Appends the tokens of `text` (at most maxWords) to `out`. */
export function readTokens(text: string, inTitle: boolean, maxWords: number, out: TokenList): void {
  const n = text.length;
  let words = 0;
  let last = 0;
  let i = 0;
  while (i < n && words < maxWords) {
    const code = text.charCodeAt(i);
    let end: number;
    if (out.count >= out.flags.length) grow(out);
    const at = out.count;
    if (code >= 48 && code <= 57) {
      // digits with inner separators; the key hashes the digits only (as hashString would)
      let h = mixInto(0, code);
      let digits = 1;
      let j = i + 1;
      let lastDigit = i;
      let hAtLast = h;
      let digitsAtLast = 1;
      while (j < n) {
        const c = text.charCodeAt(j);
        if (c >= 48 && c <= 57) {
          h = mixInto(h, c);
          digits++;
          lastDigit = j;
          hAtLast = h;
          digitsAtLast = digits;
        } else if (c !== 44 && c !== 46) break;
        j++;
      }
      end = lastDigit + 1;
      out.flags[at] = TOKEN.number;
      out.keys[at] = digitsAtLast >= 2 ? ((mix32(hAtLast ^ digitsAtLast) & ~3) | FEATURE_KIND_BITS['#']) >>> 2 : -1;
      out.stems[at] = -1;
    } else {
      const len = letterAt(text, i);
      if (len === 0) {
        i++;
        continue;
      }
      let j = i + len;
      for (let step = letterOrMarkAt(text, j); step > 0; step = letterOrMarkAt(text, j)) j += step;
      const c = j < n ? text.charCodeAt(j) : 0;
      if (c === 39 || c === 0x2019) {
        let k = j + 1;
        for (let step = letterAt(text, k); step > 0; step = letterAt(text, k)) k += step;
        if (k > j + 1) j = k;
      }
      end = j;
      if (!readAsciiWord(text, i, end, out, at)) readOtherWord(text.slice(i, end), out, at);
    }
    if (words === 0 || endsSentence(text, last, i)) out.flags[at] = (out.flags[at] as number) | TOKEN.initial;
    if (inTitle) out.flags[at] = (out.flags[at] as number) | TOKEN.inTitle;
    out.count++;
    last = end;
    i = end;
    words++;
  }
}
