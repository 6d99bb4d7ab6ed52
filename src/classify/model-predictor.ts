import { collectFeatures, isFunctionWordFeature, nameFeature, type RowGather, type StoryFeatures } from './hashed-features.js';
import type { LinearModel } from './linear-model.js';
import type { TokenizedText } from './tokenize.js';

/**
 * The trained model laid out for prediction: one row per hashed slot holding every topic's weight
 * side by side, quantised to int16 (one cache line per feature, not one per topic), the rule-score
 * weights in a small table of their own, and a story's features counted in a reused scratch table.
 * Normalisation is applied once per topic at the end (z = bias + (w · counts) / |counts| + rules).
 */
const QUANT_MAX = 32767;

export interface ModelPredictor {
  /** Model topics in model order. */
  topicIds: string[];
  /** Probabilities of every model topic for one story, written into `out` (model order). */
  predict(tokens: TokenizedText, ruleScores: ArrayLike<number>, out: Float64Array): void;
  /** The story's features that pushed model topic `m` most (cheapest right after `predict` on the same story), strongest first. */
  explain(tokens: TokenizedText, m: number, max: number): string[];
}

/** `ruleIndex[r]`: where model rule feature r reads its score in `ruleScores` (-1: the topic is gone, score 0). */
export function createModelPredictor(model: LinearModel, ruleIndex: number[]): ModelPredictor {
  const t = model.topics.length;
  const buckets = model.buckets;
  // Hashed weights quantised to 16 bits per topic (largest weight = 32767): a quarter of the cache
  // lines of float64 and half of float32; on the Reuters train split the rounding moved no
  // probability by more than 1.1e-4 and changed no decision.
  const table = new Int16Array(buckets * t);
  const unit = new Float64Array(t);
  const ruleWeights = new Float32Array(ruleIndex.length * t);
  model.topics.forEach((mt, m) => {
    let largest = 0;
    for (let slot = 0; slot < buckets; slot += 1) largest = Math.max(largest, Math.abs(mt.weights[slot]!));
    unit[m] = largest > 0 ? largest / QUANT_MAX : 1;
    for (let slot = 0; slot < buckets; slot += 1) table[slot * t + m] = Math.round(mt.weights[slot]! / unit[m]!);
    for (let r = 0; r < ruleIndex.length; r += 1) ruleWeights[r * t + m] = mt.weights[buckets + r]!;
  });
  const biases = Float64Array.from(model.topics, (mt) => mt.bias);
  const featureOptions = { buckets, bigrams: model.bigrams, titleFeatures: model.titleFeatures, numbers: model.numbers };
  /** The table rows of the last story's features, side by side (copied while counting them). */
  const gathered: RowGather = { table, stride: t, rows: new Int16Array(1024 * t) };
  let last: StoryFeatures | null = null;
  let lastGeneration = -1;
  let lastTokens: TokenizedText | null = null;

  /** Collects the story's features and copies their table rows into `gathered.rows`. */
  function gather(tokens: TokenizedText): StoryFeatures {
    const f = collectFeatures(tokens, featureOptions, gathered);
    last = f;
    lastGeneration = f.generation;
    lastTokens = tokens;
    return f;
  }

  return {
    topicIds: model.topics.map((mt) => mt.id),
    predict(tokens, ruleScores, out) {
      const f = gather(tokens);
      const { values, count } = f;
      const r = gathered.rows;
      for (let m = 0; m < t; m += 1) out[m] = 0;
      for (let k = 0, at = 0; k < count; k += 1) {
        const v = values[k]!;
        for (let m = 0; m < t; m += 1, at += 1) out[m] += r[at]! * v;
      }
      const inverseNorm = f.norm > 0 ? 1 / f.norm : 0;
      for (let m = 0; m < t; m += 1) out[m] = out[m]! * unit[m]! * inverseNorm + biases[m]!;
      for (let q = 0; q < ruleIndex.length; q += 1) {
        const k = ruleIndex[q]!;
        const v = k < 0 ? 0 : ruleScores[k]!;
        if (v === 0) continue;
        const base = q * t;
        for (let m = 0; m < t; m += 1) out[m] += ruleWeights[base + m]! * v;
      }
      for (let m = 0; m < t; m += 1) out[m] = 1 / (1 + Math.exp(-out[m]!));
    },
    explain(tokens, m, max) {
      if (max <= 0) return [];
      const f = last && last.generation === lastGeneration && lastTokens === tokens ? last : gather(tokens);
      const { values, origins, count } = f;
      const r = gathered.rows;
      // Keep the `max` strongest positive contributions (insertion into a short sorted list),
      // function words left out: they push a topic's score but explain nothing to a reader.
      const topValue: number[] = [];
      const topOrigin: number[] = [];
      for (let k = 0; k < count; k += 1) {
        const c = r[k * t + m]! * values[k]!;
        if (c <= 0 || (topValue.length === max && c <= topValue[max - 1]!) || isFunctionWordFeature(tokens, origins[k]!)) continue;
        let at = topValue.length === max ? max - 1 : topValue.length;
        while (at > 0 && topValue[at - 1]! < c) {
          topValue[at] = topValue[at - 1]!;
          topOrigin[at] = topOrigin[at - 1]!;
          at -= 1;
        }
        topValue[at] = c;
        topOrigin[at] = origins[k]!;
      }
      return topOrigin.map((origin) => nameFeature(tokens, origin));
    },
  };
}
