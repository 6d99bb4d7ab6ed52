import { STOPWORDS } from '../dedup/stopwords.js';
import { fnv1a, TOKEN_FLAGS, type TokenizedText } from './tokenize.js';

/**
 * Hashed bag of words and word pairs for the linear model. Words are lower-cased; numbers are
 * folded to their shape when `numbers` is on ("1987" → "#4", "3.5" is two words, "4th" → "#n",
 * one- and two-digit numbers stay as they are); adjacent pairs are hashed as bigrams; with
 * `titleFeatures`, title words and pairs also count once more in a separate title namespace
 * (otherwise they count twice in the body namespace). Everything is hashed (FNV-1a, then a
 * mixer for pairs and title features) into `buckets` slots, weighted log(1 + count) and
 * L2-normalised. No vocabulary is stored, so the model file is only weights.
 *
 * Counting uses a small open-addressing table sized to the story (reused between calls), not a
 * bucket-sized array, so the cost does not grow with `buckets` and stays in the CPU cache.
 */
export interface SparseVector {
  indices: Int32Array;
  values: Float32Array;
}

export interface FeatureOptions {
  buckets: number;
  bigrams: boolean;
  /** Title words and pairs as features of their own (else they count twice). Default false (model files of version 1). */
  titleFeatures?: boolean;
  /** Numbers folded to their shape. Default false (model files of version 1). */
  numbers?: boolean;
}

/** One story's distinct features, unnormalised, in reusable arrays (valid until the next call). */
export interface StoryFeatures {
  count: number;
  slots: Int32Array;
  /** log(1 + count) of each feature. */
  values: Float32Array;
  /** Where each feature first occurs: token index × 4 + kind (0 word, 1 pair, 2 title word, 3 title pair). */
  origins: Int32Array;
  /** Euclidean norm of `values[0..count)`. */
  norm: number;
  /** Incremented by every call: the arrays hold the story of the call that set it. */
  generation: number;
}

const TITLE_SEED = 0x5bd1e995;
const EMPTY_SLOT = -1;

/** FNV-1a of a word as an unsigned 32-bit number. */
export function hashWord(word: string): number {
  return fnv1a(word) >>> 0;
}

/** Hash of a word pair from the words' hashes (int32; only its low bits and sign-free modulo are used). */
function hashPair(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ b;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

function hashTitleFeature(h: number): number {
  return Math.imul(h ^ TITLE_SEED, 0x85ebca6b);
}

/** Hashes of "#1".."#30" and "#n", the number shapes. */
const NUMBER_SHAPES = Array.from({ length: 31 }, (_, n) => hashWord(n === 0 ? '#n' : `#${n}`));

/** Hash (int32) of a lower-cased word whose plain FNV-1a is `hash`: its number shape's when `numbers` is on and it has a digit. */
export function hashToken(word: string, hash: number, numbers: boolean): number {
  if (!numbers || word.length <= 2) return hash;
  let digits = 0;
  for (let i = 0; i < word.length; i += 1) {
    const c = word.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) digits += 1;
  }
  if (digits === 0) return hash;
  return (digits === word.length ? NUMBER_SHAPES[Math.min(word.length, 30)]! : NUMBER_SHAPES[0]!) | 0;
}

/** log(1 + c) of the small whole counts (counts are whole numbers: 1 per word, 2 per title word). */
const LOG1P_TABLE = Float64Array.from({ length: 64 }, (_, c) => Math.log1p(c));

interface Table {
  keys: Int32Array;
  counts: Float32Array;
  origins: Int32Array;
  /** Table positions of the keys in insertion order. */
  order: Int32Array;
  out: StoryFeatures;
}

let table: Table = makeTable(1024);

function makeTable(size: number): Table {
  const half = size >>> 1;
  return {
    keys: new Int32Array(size).fill(EMPTY_SLOT),
    counts: new Float32Array(size),
    origins: new Int32Array(size),
    order: new Int32Array(half),
    out: { count: 0, slots: new Int32Array(half), values: new Float32Array(half), origins: new Int32Array(half), norm: 0, generation: 0 },
  };
}

/**
 * Adds `amount` to a slot's count (open addressing, linear probing) and returns the new number of
 * distinct slots. Arrays passed in, not the table object, so the optimiser keeps them in registers.
 */
function addToSlot(keys: Int32Array, counts: Float32Array, origins: Int32Array, order: Int32Array, mask: number, used: number, slot: number, amount: number, origin: number, rows: RowGather | null): number {
  let k = Math.imul(slot, 0x9e3779b1) & mask;
  for (;;) {
    const key = keys[k]!;
    if (key === slot) {
      counts[k] += amount;
      return used;
    }
    if (key === EMPTY_SLOT) {
      keys[k] = slot;
      counts[k] = amount;
      origins[k] = origin;
      order[used] = k;
      if (rows !== null) {
        // Load the feature's weight row now: the memory fetch overlaps the hashing that follows.
        const { table, stride, rows: out } = rows;
        for (let m = 0, from = slot * stride, to = used * stride; m < stride; m += 1) out[to + m] = table[from + m]!;
      }
      return used + 1;
    }
    k = (k + 1) & mask;
  }
}

/**
 * A weight table to copy rows from while counting: row `slot` is `table[slot * stride ..+ stride]`,
 * copied to `rows[n * stride ..]` for the n-th distinct feature (`rows` is grown as needed).
 */
export interface RowGather {
  table: Int16Array;
  stride: number;
  rows: Int16Array;
}

/**
 * Counts the story's hashed features into the shared table and lists them (arrays reused by the
 * next call); with `rows`, also copies each feature's weight row (see RowGather).
 */
export function collectFeatures(tokens: TokenizedText, opts: FeatureOptions, rows: RowGather | null = null): StoryFeatures {
  const { lower, hashes, flags, titleEnd } = tokens;
  const pairs = opts.bigrams ? 2 : 1;
  const needed = lower.length * pairs + (opts.titleFeatures ? titleEnd * pairs : 0) + 1;
  // Probe only a power-of-two part of the (grow-only) arrays, at most half full: a short story
  // after a long one stays in a few cache lines.
  let size = 64;
  while (size < needed * 2) size *= 2;
  if (size > table.keys.length) {
    const generation = table.out.generation;
    table = makeTable(size);
    table.out.generation = generation;
  }
  const { keys, counts, origins, order, out } = table;
  const tableMask = size - 1;
  if (rows !== null && rows.rows.length < needed * rows.stride) rows.rows = new Int16Array(needed * rows.stride * 2);
  const buckets = opts.buckets;
  // Same slots as h % buckets; a mask when buckets is a power of two (integer arithmetic only).
  const mask = (buckets & (buckets - 1)) === 0 ? buckets - 1 : -1;
  const numbers = opts.numbers === true;
  const separateTitle = opts.titleFeatures === true;
  const bigrams = opts.bigrams;
  let used = 0;
  let prev = 0;
  for (let i = 0; i < lower.length; i += 1) {
    const inTitle = i < titleEnd;
    const amount = inTitle && !separateTitle ? 2 : 1;
    const h = numbers && (flags[i]! & TOKEN_FLAGS.digit) !== 0 ? hashToken(lower[i]!, hashes[i]!, true) : hashes[i]!;
    const origin = i * 4;
    used = addToSlot(keys, counts, origins, order, tableMask, used, toSlot(h, mask, buckets), amount, origin, rows);
    if (inTitle && separateTitle) used = addToSlot(keys, counts, origins, order, tableMask, used, toSlot(hashTitleFeature(h), mask, buckets), 1, origin + 2, rows);
    if (bigrams && i > 0 && i !== titleEnd) {
      const p = hashPair(prev, h);
      used = addToSlot(keys, counts, origins, order, tableMask, used, toSlot(p, mask, buckets), amount, origin + 1, rows);
      if (inTitle && separateTitle) used = addToSlot(keys, counts, origins, order, tableMask, used, toSlot(hashTitleFeature(p), mask, buckets), 1, origin + 3, rows);
    }
    prev = h;
  }
  let norm = 0;
  for (let n = 0; n < used; n += 1) {
    const k = order[n]!;
    const c = counts[k]!;
    const v = c < LOG1P_TABLE.length ? LOG1P_TABLE[c]! : Math.log1p(c);
    out.slots[n] = keys[k]!;
    out.values[n] = v;
    out.origins[n] = origins[k]!;
    keys[k] = EMPTY_SLOT;
    norm += v * v;
  }
  out.count = used;
  out.norm = Math.sqrt(norm);
  out.generation += 1;
  return out;
}

function toSlot(h: number, mask: number, buckets: number): number {
  return mask >= 0 ? h & mask : (h >>> 0) % buckets;
}

/** Hashed, log-weighted, L2-normalised features of a story (a copy: training keeps them). */
export function extractFeatures(tokens: TokenizedText, opts: FeatureOptions): SparseVector {
  const f = collectFeatures(tokens, opts);
  const scale = f.norm > 0 ? 1 / f.norm : 0;
  const indices = f.slots.slice(0, f.count);
  const values = f.values.slice(0, f.count);
  for (let k = 0; k < values.length; k += 1) values[k] *= scale;
  return { indices, values };
}

/** The words behind a feature origin of `StoryFeatures.origins` ("crude oil", "title: opec"). */
export function nameFeature(tokens: TokenizedText, origin: number): string {
  const i = origin >>> 2;
  const kind = origin & 3;
  const text = kind & 1 ? `${tokens.lower[i - 1]} ${tokens.lower[i]}` : tokens.lower[i]!;
  return kind & 2 ? `title: ${text}` : text;
}

/** The feature's words are all function words ("the", "said", "of the"): true evidence of nothing. */
export function isFunctionWordFeature(tokens: TokenizedText, origin: number): boolean {
  const i = origin >>> 2;
  if (!STOPWORDS.has(tokens.lower[i]!)) return false;
  return (origin & 1) === 0 || STOPWORDS.has(tokens.lower[i - 1]!);
}
