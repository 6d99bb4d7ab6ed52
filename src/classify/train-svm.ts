import type { SparseVector } from './hashed-features.js';
import { makeRandom } from '../random/make-random.js';

/**
 * Linear support vector machine with the squared hinge loss, solved in the dual by coordinate
 * descent (Hsieh et al., "A dual coordinate descent method for large-scale linear SVM", ICML
 * 2008; the solver of LIBLINEAR's default `-s 1`). Each pass visits every example once in a
 * seeded random order and moves its dual variable to the optimum with the others fixed; it stops
 * when the largest projected gradient falls below `tolerance` or after `maxPasses`. The bias is a
 * constant feature of value 1 (regularised like the other weights, as LIBLINEAR's `-B 1`).
 *
 * Rows: hashed features (indices < `dimensions`) plus `extra` dense features per row (the rule
 * scores), stored after the hashed ones in the weight vector.
 */
export interface SvmRows {
  x: SparseVector[];
  /** Dense extra features per row, all of the same length. */
  extra: Float32Array[];
  dimensions: number;
}

export interface SvmOptions {
  /** Inverse regularisation strength (default 1). */
  c: number;
  maxPasses: number;
  tolerance: number;
  seed: number;
}

export interface SvmModel {
  /** `dimensions` hashed weights, then one per extra feature. */
  weights: Float64Array;
  bias: number;
}

/** Trains on the rows whose `include` flag is set (all when absent); `labels` are +1 / -1. */
export function fitLinearSvm(rows: SvmRows, labels: Int8Array, opts: SvmOptions, include?: Uint8Array): SvmModel {
  const extraCount = rows.extra[0]?.length ?? 0;
  const w = new Float64Array(rows.dimensions + extraCount);
  let bias = 0;
  const members: number[] = [];
  for (let i = 0; i < rows.x.length; i += 1) if (!include || include[i]) members.push(i);
  const n = members.length;
  const alpha = new Float64Array(n);
  const diagonal = 1 / (2 * opts.c);
  const qii = new Float64Array(n);
  for (let m = 0; m < n; m += 1) {
    const i = members[m]!;
    let q = 1 + diagonal;
    for (const v of rows.x[i]!.values) q += v * v;
    for (const v of rows.extra[i]!) q += v * v;
    qii[m] = q;
  }
  const random = makeRandom(opts.seed);
  const order = Array.from({ length: n }, (_, m) => m);
  const base = rows.dimensions;
  for (let pass = 0; pass < opts.maxPasses; pass += 1) {
    shuffle(order, random);
    let maxGradient = 0;
    for (const m of order) {
      const i = members[m]!;
      const y = labels[i]!;
      const { indices, values } = rows.x[i]!;
      const extra = rows.extra[i]!;
      let z = bias;
      for (let k = 0; k < indices.length; k += 1) z += w[indices[k]!]! * values[k]!;
      for (let k = 0; k < extra.length; k += 1) z += w[base + k]! * extra[k]!;
      const g = y * z - 1 + diagonal * alpha[m]!;
      const projected = alpha[m] === 0 ? Math.min(g, 0) : g;
      if (Math.abs(projected) > maxGradient) maxGradient = Math.abs(projected);
      if (projected === 0) continue;
      const old = alpha[m]!;
      alpha[m] = Math.max(old - g / qii[m]!, 0);
      const d = (alpha[m]! - old) * y;
      if (d === 0) continue;
      for (let k = 0; k < indices.length; k += 1) w[indices[k]!] += d * values[k]!;
      for (let k = 0; k < extra.length; k += 1) w[base + k] += d * extra[k]!;
      bias += d;
    }
    if (maxGradient < opts.tolerance) break;
  }
  return { weights: w, bias };
}

/** Decision value (signed distance-like margin) of one row. */
export function computeSvmMargin(model: SvmModel, x: SparseVector, extra: Float32Array, dimensions: number): number {
  let z = model.bias;
  for (let k = 0; k < x.indices.length; k += 1) z += model.weights[x.indices[k]!]! * x.values[k]!;
  for (let k = 0; k < extra.length; k += 1) z += model.weights[dimensions + k]! * extra[k]!;
  return z;
}


function shuffle(order: number[], random: () => number): void {
  for (let i = order.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    const tmp = order[i]!;
    order[i] = order[j]!;
    order[j] = tmp;
  }
}
