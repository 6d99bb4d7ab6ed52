import { ClassifyError, CLASSIFY_ERROR_CODES } from './errors.js';
import { extractFeatures, type SparseVector } from './hashed-features.js';
import { compileRules, scoreFromWeight, scoreRules, type RuleMatcher } from './rule-matcher.js';
import type { Taxonomy } from './taxonomy.js';
import { tokenizeStory, type TokenizedText } from './tokenize.js';

/**
 * One-vs-rest logistic regression over hashed word and bigram features, plus one feature per
 * taxonomy topic carrying that topic's rule score (stacking: the model learns how far to trust each
 * rule set, and the rules keep working for words the training data never showed).
 */
export interface LinearTopicModel {
  id: string;
  bias: number;
  /** Probability from which the topic is labelled (tuned by cross-validation for best F1). */
  threshold: number;
  /** Positive training examples (parents count their children's). */
  positives: number;
  /** `buckets` hashed-feature weights, then one weight per `ruleTopics` entry. */
  weights: Float32Array;
}

export interface LinearModel {
  buckets: number;
  bigrams: boolean;
  /** Topic ids whose rule scores are features, in weight order (empty: no rule features). */
  ruleTopics: string[];
  topics: LinearTopicModel[];
  examples: number;
}

export interface TrainingExample {
  title: string;
  text: string;
  topics: string[];
}

export interface TrainOptions {
  /** Known topics, parents added to labels, and rule-score features. Without it, labels are taken as given. */
  taxonomy?: Taxonomy | null;
  /** Hashed feature slots (default 2^18). */
  buckets?: number;
  bigrams?: boolean;
  /** Passes over the data (default 12). */
  epochs?: number;
  /** Initial SGD learning rate (default 2). */
  learningRate?: number;
  /** L2 regularisation strength (default 1e-6). */
  l2?: number;
  /** Topics with fewer positive examples are left to the rules (default 3). */
  minPositives?: number;
  /** Folds for threshold tuning; 0 or 1 keeps every threshold at 0.5 (default 3). */
  folds?: number;
  /** Shuffle seed: the same data and options give the same model (default 1). */
  seed?: number;
}

interface PreparedExample {
  x: SparseVector;
  rules: Float32Array;
  labels: Set<string>;
}

type ResolvedTrainOptions = Required<Omit<TrainOptions, 'taxonomy'>>;

export const DEFAULT_TRAIN_OPTIONS: Readonly<ResolvedTrainOptions> = Object.freeze({ buckets: 1 << 18, bigrams: true, epochs: 12, learningRate: 2, l2: 1e-6, minPositives: 3, folds: 3, seed: 1 });

export function trainLinearModel(examples: TrainingExample[], opts: TrainOptions = {}): LinearModel {
  const o: ResolvedTrainOptions = { ...DEFAULT_TRAIN_OPTIONS, ...stripUndefined(opts) };
  const taxonomy = opts.taxonomy ?? null;
  if (!Number.isInteger(o.buckets) || o.buckets < 16) throw new ClassifyError(CLASSIFY_ERROR_CODES.trainingDataInvalid, `buckets must be an integer >= 16, got ${o.buckets}`);
  if (examples.length === 0) throw new ClassifyError(CLASSIFY_ERROR_CODES.trainingDataInvalid, 'no training examples');
  const matcher = taxonomy ? compileRules(taxonomy) : null;
  const ruleTopics = taxonomy ? taxonomy.topics.map((t) => t.id) : [];
  const prepared = examples.map((ex, i) => prepareExample(ex, i, o, taxonomy, matcher));
  const positives = new Map<string, number>();
  for (const ex of prepared) for (const label of ex.labels) positives.set(label, (positives.get(label) ?? 0) + 1);
  const order = taxonomy ? ruleTopics : [...positives.keys()].sort();
  const topics: LinearTopicModel[] = [];
  for (const id of order) {
    const count = positives.get(id) ?? 0;
    if (count < o.minPositives || count === prepared.length) continue;
    const threshold = o.folds > 1 ? tuneThreshold(prepared, id, o, ruleTopics.length) : 0.5;
    const { weights, bias } = fitTopic(prepared, id, o, ruleTopics.length, o.seed);
    topics.push({ id, bias, threshold, positives: count, weights });
  }
  return { buckets: o.buckets, bigrams: o.bigrams, ruleTopics, topics, examples: prepared.length };
}

function prepareExample(ex: TrainingExample, index: number, o: ResolvedTrainOptions, taxonomy: Taxonomy | null, matcher: RuleMatcher | null): PreparedExample {
  if (typeof ex.title !== 'string' || typeof ex.text !== 'string' || !Array.isArray(ex.topics)) {
    throw new ClassifyError(CLASSIFY_ERROR_CODES.trainingDataInvalid, `example ${index + 1}: needs string "title", string "text" and a "topics" list`, { details: { index } });
  }
  const labels = new Set<string>();
  for (const id of ex.topics) {
    let topic = taxonomy?.topics.find((t) => t.id === id);
    if (taxonomy && !topic) throw new ClassifyError(CLASSIFY_ERROR_CODES.trainingDataInvalid, `example ${index + 1}: unknown topic "${String(id)}"`, { details: { index, topic: id } });
    if (typeof id !== 'string') throw new ClassifyError(CLASSIFY_ERROR_CODES.trainingDataInvalid, `example ${index + 1}: topics must be strings`, { details: { index } });
    labels.add(id);
    while (topic?.parent) {
      labels.add(topic.parent);
      topic = taxonomy!.topics.find((t) => t.id === topic!.parent);
    }
  }
  const tokens = tokenizeStory(ex.title, ex.text);
  return { x: extractFeatures(tokens, o), rules: ruleFeatures(matcher, taxonomy, tokens), labels };
}

/** Rule scores of every taxonomy topic, the model's extra features. */
export function ruleFeatures(matcher: RuleMatcher | null, taxonomy: Taxonomy | null, tokens: TokenizedText): Float32Array {
  if (!matcher || !taxonomy) return new Float32Array(0);
  const raw = scoreRules(matcher, tokens).raw;
  return Float32Array.from(raw, (w) => scoreFromWeight(w, taxonomy.settings.scale));
}

/** Logistic regression by SGD with a decaying rate and L2 kept as a lazy scale factor. */
function fitTopic(data: PreparedExample[], id: string, o: ResolvedTrainOptions, ruleCount: number, seed: number): { weights: Float32Array; bias: number } {
  const w = new Float64Array(o.buckets + ruleCount);
  let scale = 1;
  let bias = 0;
  const order = data.map((_, i) => i);
  const random = mulberry32(seed);
  let step = 0;
  for (let epoch = 0; epoch < o.epochs; epoch += 1) {
    shuffle(order, random);
    for (const index of order) {
      const ex = data[index]!;
      const rate = o.learningRate / (1 + o.learningRate * o.l2 * step);
      step += 1;
      const z = bias + scale * dot(w, ex, o.buckets);
      const p = 1 / (1 + Math.exp(-z));
      const g = p - (ex.labels.has(id) ? 1 : 0);
      scale *= 1 - rate * o.l2;
      if (scale < 1e-9) {
        for (let j = 0; j < w.length; j += 1) w[j] *= scale;
        scale = 1;
      }
      const delta = (-rate * g) / scale;
      const { indices, values } = ex.x;
      for (let k = 0; k < indices.length; k += 1) w[indices[k]!] += delta * values[k]!;
      for (let k = 0; k < ex.rules.length; k += 1) w[o.buckets + k] += delta * ex.rules[k]!;
      bias -= rate * g * 0.1;
    }
  }
  const weights = new Float32Array(w.length);
  for (let j = 0; j < w.length; j += 1) weights[j] = w[j]! * scale;
  return { weights, bias };
}

function dot(w: Float64Array | Float32Array, ex: { x: SparseVector; rules: Float32Array }, buckets: number): number {
  let z = 0;
  const { indices, values } = ex.x;
  for (let k = 0; k < indices.length; k += 1) z += w[indices[k]!]! * values[k]!;
  for (let k = 0; k < ex.rules.length; k += 1) z += w[buckets + k]! * ex.rules[k]!;
  return z;
}

/** Cross-validated probabilities, then the threshold with the best F1 (kept within [0.2, 0.8]). */
function tuneThreshold(data: PreparedExample[], id: string, o: ResolvedTrainOptions, ruleCount: number): number {
  const scored: Array<{ p: number; y: boolean }> = [];
  for (let fold = 0; fold < o.folds; fold += 1) {
    const train = data.filter((_, i) => i % o.folds !== fold);
    const test = data.filter((_, i) => i % o.folds === fold);
    if (!train.some((ex) => ex.labels.has(id))) continue;
    const { weights, bias } = fitTopic(train, id, o, ruleCount, o.seed + fold + 1);
    for (const ex of test) scored.push({ p: 1 / (1 + Math.exp(-(bias + dot(weights, ex, o.buckets)))), y: ex.labels.has(id) });
  }
  let best = 0.5;
  let bestF1 = -1;
  for (let t = 0.2; t <= 0.8001; t += 0.025) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const s of scored) {
      if (s.p >= t) {
        if (s.y) tp += 1;
        else fp += 1;
      } else if (s.y) fn += 1;
    }
    const f1 = tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
    if (f1 > bestF1 + 1e-9) {
      bestF1 = f1;
      best = Math.round(t * 1000) / 1000;
    }
  }
  return best;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle(order: number[], random: () => number): void {
  for (let i = order.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    const tmp = order[i]!;
    order[i] = order[j]!;
    order[j] = tmp;
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([k, v]) => v !== undefined && k !== 'taxonomy')) as Partial<T>;
}
