import type { TokenizedText } from './tokenize.js';

/**
 * Hashed bag of words and bigrams for the linear model: lower-cased words and adjacent word pairs
 * (title words count twice), hashed with FNV-1a into `buckets` slots, weighted log(1 + count) and
 * L2-normalised. No vocabulary is stored, so the model file is only weights.
 */
export interface SparseVector {
  indices: Int32Array;
  values: Float32Array;
}

export interface FeatureOptions {
  buckets: number;
  bigrams: boolean;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

export function hashWord(word: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < word.length; i += 1) {
    h ^= word.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return h >>> 0;
}

function hashPair(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ b;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Reused accumulators, one per bucket count (features are built one story at a time). */
const scratch = new Map<number, { counts: Float32Array; touched: Int32Array }>();

function scratchFor(buckets: number, words: number): { counts: Float32Array; touched: Int32Array } {
  let s = scratch.get(buckets);
  if (!s) {
    s = { counts: new Float32Array(buckets), touched: new Int32Array(1024) };
    scratch.set(buckets, s);
  }
  if (s.touched.length < words * 2 + 2) s.touched = new Int32Array(words * 2 + 2);
  return s;
}

/** The words or word pairs behind the given feature slots (for evidence; first text per slot). */
export function nameFeatures(tokens: TokenizedText, opts: FeatureOptions, slots: ReadonlySet<number>): Map<number, string> {
  const names = new Map<number, string>();
  const { lower, titleEnd } = tokens;
  let prev = -1;
  for (let i = 0; i < lower.length && names.size < slots.size; i += 1) {
    const h = hashWord(lower[i]!);
    const slot = h % opts.buckets;
    if (slots.has(slot) && !names.has(slot)) names.set(slot, lower[i]!);
    if (opts.bigrams && prev >= 0 && i !== titleEnd) {
      const pairSlot = hashPair(prev, h) % opts.buckets;
      if (slots.has(pairSlot) && !names.has(pairSlot)) names.set(pairSlot, `${lower[i - 1]} ${lower[i]}`);
    }
    prev = h;
  }
  return names;
}

/** Hashed, log-weighted, L2-normalised features of a story. */
export function extractFeatures(tokens: TokenizedText, opts: FeatureOptions): SparseVector {
  const { lower, titleEnd } = tokens;
  const { counts, touched } = scratchFor(opts.buckets, lower.length);
  let used = 0;
  let prev = -1;
  for (let i = 0; i < lower.length; i += 1) {
    const word = lower[i]!;
    const add = i < titleEnd ? 2 : 1;
    const h = hashWord(word);
    const slot = h % opts.buckets;
    if (counts[slot] === 0) touched[used++] = slot;
    counts[slot] += add;
    if (opts.bigrams && prev >= 0 && i !== titleEnd) {
      const pairSlot = hashPair(prev, h) % opts.buckets;
      if (counts[pairSlot] === 0) touched[used++] = pairSlot;
      counts[pairSlot] += add;
    }
    prev = h;
  }
  const indices = new Int32Array(used);
  const values = new Float32Array(used);
  let norm = 0;
  for (let k = 0; k < used; k += 1) {
    const slot = touched[k]!;
    const v = Math.log1p(counts[slot]!);
    counts[slot] = 0;
    indices[k] = slot;
    values[k] = v;
    norm += v * v;
  }
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let k = 0; k < used; k += 1) values[k] *= scale;
  return { indices, values };
}
