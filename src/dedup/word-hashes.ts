/**
 * Words and their hashes, in one pass over the text: a word is a run of letters and digits,
 * lower-cased (the same words `paragraphKey` sees). Words are hashed FNV-1a over UTF-16 code units
 * then avalanched (murmur3's finaliser); sequences of 32-bit values are folded murmur3-style. Nothing outside this process needs to reproduce them except through the index
 * (which stores their results), so only stability across runs matters.
 */

export interface WordStream {
  /** 32-bit hash of each word, in order. */
  hashes: Uint32Array;
  /** Number of words (hashes.length may be larger: it is a reused buffer). */
  count: number;
  /** Index of the first word of each paragraph that has at least one word. */
  paragraphStarts: number[];
}

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

/** Final avalanche of murmur3. */
export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Folds one 32-bit value into a running murmur3 state. */
export function mixInto(h: number, k: number): number {
  k = Math.imul(k, C1);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, C2);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

export function hashString(text: string, seed = 0): number {
  let h = seed | 0;
  for (let i = 0; i < text.length; i++) h = mixInto(h, text.charCodeAt(i));
  return mix32(h ^ text.length);
}

/** 64 bits as 16 lower-case hex digits (two independent 32-bit hashes). */
export function hashHex64(text: string, kind = ''): string {
  return hexPair(hashString(text, 0x9747b28c), hashString(text, 0x5bd1e995), kind);
}

const HEX_DIGITS = '0123456789abcdef';
const HEX_CODES = Array.from(HEX_DIGITS, (c) => c.charCodeAt(0));
const pairCodes: number[] = new Array<number>(16).fill(0);
const kindPairCodes: number[] = new Array<number>(17).fill(0);

/**
 * Two 32-bit values as 16 hex digits, built as one flat string (a concatenation would be a rope,
 * flattened again each time it is hashed as a map key).
 */
export function hexPair(a: number, b: number, kind = ''): string {
  const codes = kind === '' ? pairCodes : kindPairCodes;
  const at = kind === '' ? 0 : 1;
  if (at === 1) codes[0] = kind.charCodeAt(0);
  for (let i = 0; i < 8; i++) {
    codes[at + i] = HEX_CODES[(a >>> (28 - 4 * i)) & 15] as number;
    codes[at + 8 + i] = HEX_CODES[(b >>> (28 - 4 * i)) & 15] as number;
  }
  return String.fromCharCode(...codes);
}

const HEX_BYTE: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function hex32(n: number): string {
  return (
    (HEX_BYTE[(n >>> 24) & 0xff] as string) +
    (HEX_BYTE[(n >>> 16) & 0xff] as string) +
    (HEX_BYTE[(n >>> 8) & 0xff] as string) +
    (HEX_BYTE[n & 0xff] as string)
  );
}

/** 64-bit hex hash of a sequence of 32-bit values, after an optional one-character kind. */
export function hashValuesHex64(values: ArrayLike<number>, from: number, to: number, tag: number, kind = ''): string {
  let a = 0x9747b28c ^ tag;
  let b = 0x5bd1e995 ^ Math.imul(tag, 0x27d4eb2d);
  for (let i = from; i < to; i++) {
    const v = values[i] as number;
    a = mixInto(a, v);
    b = mixInto(b, v ^ 0x5f356495);
  }
  return hexPair(mix32(a ^ (to - from)), mix32(b ^ (to - from)), kind);
}

let buffer = new Uint32Array(4096);

/** Per UTF-16 code unit: 0 when it is not part of a word, else its lower-case unit; filled lazily. */
const UNKNOWN = 0xffff;
const WORD_LOWER = new Uint16Array(0x10000).fill(UNKNOWN);
const NON_ASCII_WORD = /[\p{L}\p{N}\p{M}]/u;

function classifyUnit(c: number): number {
  let v: number;
  if (c < 128) v = (c >= 97 && c <= 122) || (c >= 48 && c <= 57) ? c : c >= 65 && c <= 90 ? c + 32 : 0;
  else if (c >= 0xd800 && c <= 0xdfff) v = c; // astral letters: keep surrogate pairs inside words
  else if (!NON_ASCII_WORD.test(String.fromCharCode(c))) v = 0;
  else {
    const lower = String.fromCharCode(c).toLowerCase();
    v = lower.length === 1 ? lower.charCodeAt(0) : c;
    if (v === 0 || v === UNKNOWN) v = c;
  }
  WORD_LOWER[c] = v;
  return v;
}
for (let c = 0; c < 128; c++) classifyUnit(c);

/** 0 when the code unit is not part of a word, else its lower-case unit. */
function wordUnit(c: number): number {
  const v = WORD_LOWER[c] as number;
  return v === UNKNOWN ? classifyUnit(c) : v;
}

/**
 * Whether a code unit is a character of a script written without spaces between words (Han
 * ideographs, Japanese kana): each is taken as a word of its own, so a Chinese or Japanese text
 * has words to shingle and a headline has words to key, as a spaced script has.
 */
export function isWordCharacter(c: number): boolean {
  return (c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xff66 && c <= 0xff9f);
}

/**
 * Hashes the words of the paragraphs, at most `maxWords` of them: runs of letters and digits, and
 * each ideograph or kana alone (isWordCharacter). The returned `hashes` array is a buffer reused by
 * the next call: copy what you keep.
 */
export function hashWords(paragraphs: readonly string[], maxWords: number): WordStream {
  let count = 0;
  const paragraphStarts: number[] = [];
  let started = false;
  /** Appends a word's hash; false once `maxWords` are held. */
  const push = (value: number): boolean => {
    if (count >= maxWords) return false;
    if (count === buffer.length) {
      const bigger = new Uint32Array(buffer.length * 2);
      bigger.set(buffer);
      buffer = bigger;
    }
    if (!started) {
      started = true;
      paragraphStarts.push(count);
    }
    buffer[count++] = value;
    return true;
  };
  outer: for (const text of paragraphs) {
    started = false;
    let inWord = false;
    let h = 0;
    let len = 0;
    for (let i = 0; i <= text.length; i++) {
      const c = i < text.length ? text.charCodeAt(i) : 0;
      const l = c === 0 ? 0 : wordUnit(c);
      const alone = l !== 0 && c >= 0x3040 && isWordCharacter(c);
      if (l !== 0 && !alone) {
        if (!inWord) {
          inWord = true;
          h = 0x811c9dc5;
          len = 0;
        }
        h = Math.imul(h ^ l, 0x01000193); // FNV-1a per code unit, avalanched at the end
        len++;
        continue;
      }
      if (inWord) {
        inWord = false;
        if (!push(mix32(h ^ len))) break outer;
      }
      if (alone && !push(mix32(Math.imul(0x811c9dc5 ^ l, 0x01000193) ^ 1))) break outer;
    }
  }
  return { hashes: buffer, count, paragraphStarts };
}

/**
 * Hashes of each pair of adjacent ideographs or kana (isWordCharacter) in the text, at most `max`:
 * a title in such a script is compared by its characters and their pairs, as one in a spaced script
 * is by its words ("北京发布暴雨红色预警" and "…橙色预警" share 9 of 11 characters but 7 of 11 pairs).
 */
export function characterPairHashes(text: string, max: number): number[] {
  const out: number[] = [];
  let prev = 0;
  for (let i = 0; i < text.length && out.length < max; i++) {
    const c = text.charCodeAt(i);
    const unit = c >= 0x3040 && isWordCharacter(c) ? wordUnit(c) : 0;
    if (unit !== 0 && prev !== 0) out.push(mix32(Math.imul(Math.imul(0x811c9dc5 ^ prev, 0x01000193) ^ unit, 0x01000193) ^ 0x70616972));
    prev = unit;
  }
  return out;
}

/** Distinct low 16 bits of the first `count` word hashes, ascending (a title's words for the short-text guards). */
export function distinctLow16(hashes: Uint32Array, count: number): number[] {
  const out = new Set<number>();
  for (let i = 0; i < count; i++) out.add((hashes[i] as number) & 0xffff);
  return [...out].sort((a, b) => a - b);
}

/**
 * A key for "the same paragraph": lower-cased words (runs of letters and digits) in order,
 * everything else ignored; returned as 64 bits of hash in hex ('' when there is no word).
 */
export function wordSequenceKey(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x2545f491;
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const l = wordUnit(text.charCodeAt(i));
    if (l !== 0) {
      if (!inWord) {
        inWord = true;
        words++;
        a = Math.imul(a ^ 0x20, 0x01000193);
        b = Math.imul(b ^ 0x20, 0x5bd1e995);
      }
      a = Math.imul(a ^ l, 0x01000193);
      b = Math.imul(b ^ l, 0x5bd1e995);
    } else inWord = false;
  }
  return words === 0 ? '' : hex32(mix32(a ^ words)) + hex32(mix32(b ^ words));
}
