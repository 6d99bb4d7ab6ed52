/**
 * Turns a topic's cross-validated SVM margins into a probability and a threshold:
 *   - Platt scaling: p = 1 / (1 + exp(-(a·margin + b))), a and b fitted by Newton's method on the
 *     log-loss with Platt's smoothed targets (Platt 1999; Lin, Lin & Weng 2007);
 *   - the threshold: the margin with the best F1 over the out-of-fold margins (midway between two
 *     neighbouring margins), mapped to a probability.
 */
export interface Calibration {
  a: number;
  b: number;
  /** Probability from which the topic is labelled. */
  threshold: number;
  /** F1 of the out-of-fold margins at that threshold. */
  f1: number;
}

/** Used when the margins are too few to fit anything (fewer than 2 of a class). */
export const FALLBACK_CALIBRATION: Readonly<Calibration> = Object.freeze({ a: 2, b: 0, threshold: 0.5, f1: 0 });

const MIN_THRESHOLD = 0.02;
const MAX_THRESHOLD = 0.98;

export function calibrateMargins(margins: Float64Array, positive: Uint8Array): Calibration {
  let positives = 0;
  for (const y of positive) positives += y;
  const negatives = margins.length - positives;
  if (positives < 2 || negatives < 2) return { ...FALLBACK_CALIBRATION };
  const { a, b } = fitPlatt(margins, positive, positives, negatives);
  if (!(a > 0)) return { ...FALLBACK_CALIBRATION };
  const { margin, f1 } = findBestF1Margin(margins, positive, positives);
  const p = 1 / (1 + Math.exp(-(a * margin + b)));
  return { a, b, threshold: Math.min(MAX_THRESHOLD, Math.max(MIN_THRESHOLD, round(p))), f1 };
}

function round(p: number): number {
  return Math.round(p * 10000) / 10000;
}

/** Newton's method with backtracking on the two Platt parameters. */
export function fitPlatt(margins: Float64Array, positive: Uint8Array, positives: number, negatives: number): { a: number; b: number } {
  const hi = (positives + 1) / (positives + 2);
  const lo = 1 / (negatives + 2);
  const target = (i: number): number => (positive[i] ? hi : lo);
  const loss = (a: number, b: number): number => {
    let sum = 0;
    for (let i = 0; i < margins.length; i += 1) {
      const z = a * margins[i]! + b;
      sum += (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - target(i) * z;
    }
    return sum;
  };
  let a = 0;
  let b = Math.log((positives + 1) / (negatives + 1));
  let current = loss(a, b);
  for (let iter = 0; iter < 100; iter += 1) {
    let ga = 0;
    let gb = 0;
    let haa = 1e-12;
    let hab = 0;
    let hbb = 1e-12;
    for (let i = 0; i < margins.length; i += 1) {
      const f = margins[i]!;
      const p = 1 / (1 + Math.exp(-(a * f + b)));
      const d = p - target(i);
      const w = p * (1 - p);
      ga += d * f;
      gb += d;
      haa += w * f * f;
      hab += w * f;
      hbb += w;
    }
    if (Math.abs(ga) < 1e-6 && Math.abs(gb) < 1e-6) break;
    const det = haa * hbb - hab * hab;
    const da = -(hbb * ga - hab * gb) / det;
    const db = -(-hab * ga + haa * gb) / det;
    let step = 1;
    let improved = false;
    while (step >= 1e-10) {
      const next = loss(a + step * da, b + step * db);
      if (next < current + 1e-4 * step * (ga * da + gb * db)) {
        a += step * da;
        b += step * db;
        current = next;
        improved = true;
        break;
      }
      step /= 2;
    }
    if (!improved) break;
  }
  return { a, b };
}

/** The margin threshold with the best F1 (ties: the higher threshold). */
export function findBestF1Margin(margins: Float64Array, positive: Uint8Array, positives: number): { margin: number; f1: number } {
  const order = Array.from(margins.keys()).sort((i, j) => margins[j]! - margins[i]!);
  let tp = 0;
  let fp = 0;
  let best = { margin: margins[order[0]!]! + 1, f1: 0 };
  for (let k = 0; k < order.length; k += 1) {
    if (positive[order[k]!]) tp += 1;
    else fp += 1;
    const here = margins[order[k]!]!;
    const next = k + 1 < order.length ? margins[order[k + 1]!]! : here - 1;
    if (next === here) continue;
    const f1 = (2 * tp) / (tp + fp + positives);
    if (f1 > best.f1) best = { margin: (here + next) / 2, f1 };
  }
  return best;
}
