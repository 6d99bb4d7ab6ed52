import { calibrateMargins } from './calibrate.js';
import { ClassifyError, CLASSIFY_ERROR_CODES } from './errors.js';
import { extractFeatures, type SparseVector } from './hashed-features.js';
import { compileRules, scoreFromWeight, scoreRules, type RuleMatcher } from './rule-matcher.js';
import type { Taxonomy } from './taxonomy.js';
import { tokenizeStory, type TokenizedText } from './tokenize.js';
import { fitLinearSvm, computeSvmMargin, type SvmRows } from './train-svm.js';

/**
 * One-vs-rest linear classifiers over hashed word and word-pair features, plus one feature per
 * taxonomy topic carrying that topic's rule score (stacking: the model learns how far to trust each
 * rule set, and the rules keep working for words the training data never showed).
 *
 * Training, per topic with enough positive examples:
 *   1. naive-Bayes feature scaling (as NBSVM, Wang & Manning 2012): each hashed slot's value is
 *      multiplied by 1 + |log-count ratio| of the slot between positive and negative stories,
 *      so words that tell the classes apart weigh more before the SVM sees them;
 *   2. a linear SVM (squared hinge, dual coordinate descent, train-svm.ts);
 *   3. k-fold cross-validation on the training data gives out-of-fold margins, from which a Platt
 *      sigmoid (margin → probability) and the threshold with the best F1 are fitted (calibrate.ts);
 *      with several regularisation strengths `c`, each is cross-validated and the topic keeps the
 *      one with the best out-of-fold F1 (on Reuters: trade prefers 0.3, energy 1);
 *   4. the model trained on all the data, with the naive-Bayes scale and the Platt sigmoid folded
 *      into its weights and bias: probability = 1 / (1 + exp(-(bias + weights · x))).
 */
export interface LinearTopicModel {
  id: string;
  bias: number;
  /** Probability from which the topic is labelled (cross-validated for best F1). */
  threshold: number;
  /** Positive training examples (parents count their children's). */
  positives: number;
  /** F1 of the out-of-fold predictions at `threshold` (null: trained without cross-validation). */
  crossValidatedF1: number | null;
  /** `buckets` hashed-feature weights, then one weight per `ruleTopics` entry. */
  weights: Float32Array;
}

export interface LinearModel {
  buckets: number;
  bigrams: boolean;
  /** Title words as features of their own (false in version-1 files: title words counted twice). */
  titleFeatures: boolean;
  /** Numbers folded to their shape (false in version-1 files). */
  numbers: boolean;
  /** Topic ids whose rule scores are features, in weight order (empty: no rule features). */
  ruleTopics: string[];
  topics: LinearTopicModel[];
  examples: number;
  /** Topics of the training data the model does not take over, and why (training report only; not saved). */
  leftToRules?: Array<{ id: string; reason: string }>;
}

export interface TrainingExample {
  title: string;
  text: string;
  topics: string[];
  /** Where the example comes from, for error messages ("line 8"); default "example <n>". */
  source?: string;
}

export interface TrainOptions {
  /** Known topics, parents added to labels, and rule-score features. Without it, labels are taken as given. */
  taxonomy?: Taxonomy | null;
  /** Hashed feature slots (default 2^17). */
  buckets?: number;
  /** Adjacent word pairs as features (default true). */
  bigrams?: boolean;
  /** Title words and pairs as separate features (default true). */
  titleFeatures?: boolean;
  /** Numbers folded to their shape (default true). */
  numbers?: boolean;
  /** Naive-Bayes feature scaling before the SVM (default true). */
  naiveBayes?: boolean;
  /** SVM inverse regularisation strength, or several tried per topic by cross-validation (default [1, 0.3]; without cross-validation the first). */
  c?: number | readonly number[];
  /** Most passes of the SVM solver over the data (default 50; it usually stops earlier). */
  epochs?: number;
  /** Topics with fewer positive examples are left to the rules (default 10). */
  minPositives?: number;
  /** A topic whose rules label the training data at least as well (F1) as the model's cross-validation predicts is left to the rules (default true). */
  preferRules?: boolean;
  /** Cross-validation folds for the probability and the threshold; 0 or 1: threshold 0.5 and a fixed sigmoid (default 5). */
  folds?: number;
  /** Shuffle seed: the same data and options give the same model (default 1). */
  seed?: number;
}

interface PreparedData {
  rows: SvmRows;
  labels: Array<Set<string>>;
}

type ResolvedTrainOptions = Required<Omit<TrainOptions, 'taxonomy' | 'c'>> & { c: readonly number[] };

export const DEFAULT_TRAIN_OPTIONS: Readonly<ResolvedTrainOptions> = Object.freeze({
  buckets: 1 << 17,
  bigrams: true,
  titleFeatures: true,
  numbers: true,
  naiveBayes: true,
  c: Object.freeze([1, 0.3]),
  epochs: 50,
  minPositives: 10,
  preferRules: true,
  folds: 5,
  seed: 1,
});

const SOLVER_TOLERANCE = 1e-3;
const NAIVE_BAYES_ALPHA = 1;

export function trainLinearModel(examples: TrainingExample[], opts: TrainOptions = {}): LinearModel {
  const given = stripUndefined(opts);
  const o: ResolvedTrainOptions = { ...DEFAULT_TRAIN_OPTIONS, ...given, c: given.c === undefined ? DEFAULT_TRAIN_OPTIONS.c : typeof given.c === 'number' ? [given.c] : given.c };
  const taxonomy = opts.taxonomy ?? null;
  if (!Number.isInteger(o.buckets) || o.buckets < 16) throw new ClassifyError(CLASSIFY_ERROR_CODES.trainingDataInvalid, `buckets must be an integer >= 16, got ${o.buckets}`);
  if (o.c.length === 0 || !o.c.every((c) => c > 0)) throw new ClassifyError(CLASSIFY_ERROR_CODES.trainingDataInvalid, `c must be > 0, got ${String(o.c)}`);
  if (examples.length === 0) throw new ClassifyError(CLASSIFY_ERROR_CODES.trainingDataInvalid, 'no training examples');
  const matcher = taxonomy ? compileRules(taxonomy) : null;
  const ruleTopics = taxonomy ? taxonomy.topics.map((t) => t.id) : [];
  const data = prepareData(examples, o, taxonomy, matcher);
  const positives = new Map<string, number>();
  for (const labels of data.labels) for (const label of labels) positives.set(label, (positives.get(label) ?? 0) + 1);
  const direct = new Map<string, number>();
  for (const ex of examples) for (const id of new Set(ex.topics)) direct.set(id, (direct.get(id) ?? 0) + 1);
  const order = taxonomy ? ruleTopics : [...positives.keys()].sort();
  const topics: LinearTopicModel[] = [];
  const leftToRules: Array<{ id: string; reason: string }> = [];
  for (const id of order) {
    const count = positives.get(id) ?? 0;
    if (count === 0) {
      leftToRules.push({ id, reason: 'no examples' });
      continue;
    }
    if (count === examples.length) {
      leftToRules.push({ id, reason: 'every example has it' });
      continue;
    }
    // A parent known only through its children's examples would be learnt as "one of those
    // children": it keeps its rules, and its children's labels still imply it.
    const isParent = taxonomy?.topics.some((t) => t.parent === id) ?? false;
    if (isParent && (direct.get(id) ?? 0) < o.minPositives) {
      leftToRules.push({ id, reason: `a parent named by ${direct.get(id) ?? 0} examples itself (its subtopics imply it)` });
      continue;
    }
    if (count < o.minPositives) {
      leftToRules.push({ id, reason: `${count} positive examples, fewer than ${o.minPositives}` });
      continue;
    }
    const trained = trainTopic(data, id, o);
    const rulesF1 = taxonomy && o.preferRules ? ruleF1(data, id, taxonomy) : null;
    if (rulesF1 !== null && trained.crossValidatedF1 !== null && trained.crossValidatedF1 <= rulesF1) {
      leftToRules.push({ id, reason: `the rules' F1 on the training data, ${rulesF1.toFixed(3)}, is at least the model's cross-validated ${trained.crossValidatedF1.toFixed(3)}` });
      continue;
    }
    topics.push({ id, positives: count, ...trained });
  }
  return { buckets: o.buckets, bigrams: o.bigrams, titleFeatures: o.titleFeatures, numbers: o.numbers, ruleTopics, topics, examples: examples.length, leftToRules };
}

/**
 * F1 of the rules alone for a topic on the training data: labelled when its rule score reaches
 * its threshold or a subtopic's does (as the classifier labels without a model).
 */
function ruleF1(data: PreparedData, id: string, taxonomy: Taxonomy): number {
  // The topic and its subtopics at any depth: the taxonomy lists parents before their children.
  const within = new Set<string>([id]);
  for (const t of taxonomy.topics) if (t.parent !== null && within.has(t.parent)) within.add(t.id);
  const columns = taxonomy.topics.map((t, k) => ({ k, threshold: t.threshold ?? taxonomy.settings.threshold, counts: within.has(t.id) })).filter((c) => c.counts);
  let tp = 0, fp = 0, fn = 0;
  data.labels.forEach((labels, i) => {
    const scores = data.rows.extra[i]!;
    const got = columns.some((c) => scores[c.k]! >= c.threshold);
    const want = labels.has(id);
    if (got && want) tp += 1;
    else if (got) fp += 1;
    else if (want) fn += 1;
  });
  return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
}

function prepareData(examples: TrainingExample[], o: ResolvedTrainOptions, taxonomy: Taxonomy | null, matcher: RuleMatcher | null): PreparedData {
  const rows: SvmRows = { x: [], extra: [], dimensions: o.buckets };
  const labels: Array<Set<string>> = [];
  examples.forEach((ex, index) => {
    const where = ex?.source ?? `example ${index + 1}`;
    if (!ex || typeof ex.title !== 'string' || typeof ex.text !== 'string' || !Array.isArray(ex.topics)) {
      throw new ClassifyError(CLASSIFY_ERROR_CODES.trainingDataInvalid, `${where}: needs string "title", string "text" and a "topics" list`, { details: { index } });
    }
    labels.push(labelsWithParents(ex.topics, index, where, taxonomy));
    const tokens = tokenizeStory(ex.title, ex.text);
    rows.x.push(extractFeatures(tokens, o));
    rows.extra.push(ruleFeatures(matcher, taxonomy, tokens));
  });
  return { rows, labels };
}

function labelsWithParents(ids: unknown[], index: number, where: string, taxonomy: Taxonomy | null): Set<string> {
  const labels = new Set<string>();
  for (const id of ids) {
    if (typeof id !== 'string') throw new ClassifyError(CLASSIFY_ERROR_CODES.trainingDataInvalid, `${where}: topics must be strings`, { details: { index } });
    let topic = taxonomy?.topics.find((t) => t.id === id);
    if (taxonomy && !topic) throw new ClassifyError(CLASSIFY_ERROR_CODES.trainingDataInvalid, `${where}: unknown topic "${id}"`, { details: { index, topic: id } });
    labels.add(id);
    while (topic?.parent) {
      labels.add(topic.parent);
      topic = taxonomy!.topics.find((t) => t.id === topic!.parent);
    }
  }
  return labels;
}

/** Rule scores of every taxonomy topic, the model's extra features. */
export function ruleFeatures(matcher: RuleMatcher | null, taxonomy: Taxonomy | null, tokens: TokenizedText): Float32Array {
  if (!matcher || !taxonomy) return new Float32Array(0);
  const raw = scoreRules(matcher, tokens).raw;
  return Float32Array.from(raw, (w) => scoreFromWeight(w, taxonomy.settings.scale));
}

function trainTopic(data: PreparedData, id: string, o: ResolvedTrainOptions): Omit<LinearTopicModel, 'id' | 'positives'> {
  const labels = Int8Array.from(data.labels, (l) => (l.has(id) ? 1 : -1));
  let c = o.c[0]!;
  let calibration: Calibration = { a: 2, b: 0, threshold: 0.5, f1: null };
  if (o.folds > 1) {
    for (const candidate of o.c) {
      const fitted = crossValidate(data, labels, candidate, o);
      if (calibration.f1 === null || (fitted.f1 ?? 0) > calibration.f1) [c, calibration] = [candidate, fitted];
    }
  }
  const { rows, scale } = scaleRows(data.rows, labels, undefined, o.naiveBayes);
  const model = fitLinearSvm(rows, labels, { c, maxPasses: o.epochs, tolerance: SOLVER_TOLERANCE, seed: o.seed });
  const weights = new Float32Array(model.weights.length);
  for (let j = 0; j < weights.length; j += 1) weights[j] = calibration.a * model.weights[j]! * (scale && j < o.buckets ? scale[j]! : 1);
  const crossValidatedF1 = calibration.f1 === null ? null : Math.round(calibration.f1 * 1000) / 1000;
  return { bias: calibration.a * model.bias + calibration.b, threshold: calibration.threshold, crossValidatedF1, weights };
}

type Calibration = { a: number; b: number; threshold: number; f1: number | null };

/** Out-of-fold margins of `o.folds` models trained with `c`, and the sigmoid and threshold fitted to them. */
function crossValidate(data: PreparedData, labels: Int8Array, c: number, o: ResolvedTrainOptions): Calibration {
  const n = labels.length;
  const margins = new Float64Array(n);
  const positive = Uint8Array.from(labels, (y) => (y > 0 ? 1 : 0));
  for (let fold = 0; fold < o.folds; fold += 1) {
    const include = Uint8Array.from({ length: n }, (_, i) => (i % o.folds === fold ? 0 : 1));
    const { rows, scale } = scaleRows(data.rows, labels, include, o.naiveBayes);
    const model = fitLinearSvm(rows, labels, { c, maxPasses: o.epochs, tolerance: SOLVER_TOLERANCE, seed: o.seed + fold + 1 }, include);
    for (let i = fold; i < n; i += o.folds) margins[i] = computeSvmMargin(model, scaleVector(data.rows.x[i]!, scale), data.rows.extra[i]!, o.buckets);
  }
  return calibrateMargins(margins, positive);
}

/** The rows with naive-Bayes scaled values (from the included rows' labels), or the rows as they are. */
function scaleRows(rows: SvmRows, labels: Int8Array, include: Uint8Array | undefined, naiveBayes: boolean): { rows: SvmRows; scale: Float64Array | null } {
  if (!naiveBayes) return { rows, scale: null };
  const scale = computeNaiveBayesScale(rows, labels, include);
  return { rows: { ...rows, x: rows.x.map((x, i) => (!include || include[i] ? scaleVector(x, scale) : x)) }, scale };
}

/** 1 + |log((p_j / |p|) / (q_j / |q|))| per slot, p and q the smoothed counts of stories with the slot among positives and negatives. */
export function computeNaiveBayesScale(rows: SvmRows, labels: Int8Array, include?: Uint8Array): Float64Array {
  const p = new Float64Array(rows.dimensions).fill(NAIVE_BAYES_ALPHA);
  const q = new Float64Array(rows.dimensions).fill(NAIVE_BAYES_ALPHA);
  let sp = NAIVE_BAYES_ALPHA * rows.dimensions;
  let sq = sp;
  rows.x.forEach((x, i) => {
    if (include && !include[i]) return;
    const counts = labels[i]! > 0 ? p : q;
    for (const slot of x.indices) counts[slot] += 1;
    if (labels[i]! > 0) sp += x.indices.length;
    else sq += x.indices.length;
  });
  const scale = new Float64Array(rows.dimensions);
  for (let j = 0; j < scale.length; j += 1) scale[j] = 1 + Math.abs(Math.log(p[j]! / sp / (q[j]! / sq)));
  return scale;
}

function scaleVector(x: SparseVector, scale: Float64Array | null): SparseVector {
  if (!scale) return x;
  return { indices: x.indices, values: Float32Array.from(x.values, (v, k) => v * scale[x.indices[k]!]!) };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([k, v]) => v !== undefined && k !== 'taxonomy')) as Partial<T>;
}
