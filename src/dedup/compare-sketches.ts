/**
 * Similarity of two bottom-k sketches of 16-bit shingle values (both ascending). Only values up to
 * the smaller of the two sketches' largest values are comparable (a complete sketch has no limit),
 * so both texts are sampled the same way and the counts below estimate, on that sample:
 * Jaccard = inter / union, containment of A in B = inter / aSample. Exact when both are complete.
 *
 * The Lua twin of this function lives in dedup-script.ts; keep them identical.
 */
export interface SketchComparison {
  inter: number;
  union: number;
  /** Values of A in the common sample. */
  aSample: number;
  /** Values of B in the common sample. */
  bSample: number;
}

export interface ComparableSketch {
  sketch: ArrayLike<number>;
  complete: boolean;
}

export function compareSketches(a: ComparableSketch, b: ComparableSketch): SketchComparison {
  const sa = a.sketch;
  const sb = b.sketch;
  const limitA = a.complete || sa.length === 0 ? 0x10000 : (sa[sa.length - 1] as number);
  const limitB = b.complete || sb.length === 0 ? 0x10000 : (sb[sb.length - 1] as number);
  const limit = Math.min(limitA, limitB);
  let i = 0;
  let j = 0;
  let inter = 0;
  let aSample = 0;
  let bSample = 0;
  while (i < sa.length && j < sb.length) {
    const x = sa[i] as number;
    const y = sb[j] as number;
    if (x > limit && y > limit) break;
    if (x === y) {
      inter++;
      aSample++;
      bSample++;
      i++;
      j++;
    } else if (x < y) {
      aSample++;
      i++;
    } else {
      bSample++;
      j++;
    }
  }
  while (i < sa.length && (sa[i] as number) <= limit) {
    aSample++;
    i++;
  }
  while (j < sb.length && (sb[j] as number) <= limit) {
    bSample++;
    j++;
  }
  return { inter, union: aSample + bSample - inter, aSample, bSample };
}
