import { ClassifyError, CLASSIFY_ERROR_CODES } from './errors.js';
import { extractEntities, type ExtractedEntities } from './entities/extract-entities.js';
import { extractFeatures, nameFeatures, type SparseVector } from './hashed-features.js';
import type { LinearModel, LinearTopicModel } from './linear-model.js';
import { compileRules, scoreFromWeight, scoreRules } from './rule-matcher.js';
import type { Taxonomy } from './taxonomy.js';
import { tokenizeStory, type TokenizedText } from './tokenize.js';

/**
 * Topic and entity classification of one story. Rules score every topic; with a trained model, the
 * topics the model knows take the model's probability instead (the model already sees every rule
 * score as a feature), and the others keep their rule score. A topic is labelled when its score
 * reaches its threshold (the model's tuned one for model topics), then every labelled topic's
 * ancestors are labelled too, with at least the child's score.
 */
export interface ClassifiedTopic {
  id: string;
  label: string;
  iptc: string;
  score: number;
  evidence: string[];
}

export interface Classification {
  topics: ClassifiedTopic[];
  entities: ExtractedEntities;
}

export interface TopicScore {
  id: string;
  score: number;
  threshold: number;
  source: 'rules' | 'model';
}

export interface ClassifyInput {
  title: string;
  text: string;
}

export interface Classifier {
  classify(input: ClassifyInput): Classification;
  /** Every topic's score before thresholds and parents (evaluation, debugging). */
  scoreTopics(input: ClassifyInput): TopicScore[];
}

export interface ClassifierOptions {
  taxonomy: Taxonomy;
  model?: LinearModel | null;
  /** Evidence strings per topic (default 8). */
  maxEvidence?: number;
}

interface TopicState {
  scores: Float64Array;
  fromModel: Array<LinearTopicModel | null>;
  tokens: TokenizedText;
  evidence: (topic: number, max: number) => string[];
  modelEvidence: (topic: number, model: LinearTopicModel, max: number) => string[];
}

export function createClassifier(opts: ClassifierOptions): Classifier {
  const { taxonomy } = opts;
  const model = opts.model ?? null;
  const maxEvidence = opts.maxEvidence ?? 8;
  const matcher = compileRules(taxonomy);
  const topicIndex = new Map(taxonomy.topics.map((t, i) => [t.id, i]));
  const parentIndex = taxonomy.topics.map((t) => (t.parent === null ? -1 : topicIndex.get(t.parent)!));
  const modelTopics: Array<LinearTopicModel | null> = taxonomy.topics.map(() => null);
  let ruleSlots: number[] = [];
  if (model) {
    for (const mt of model.topics) {
      const k = topicIndex.get(mt.id);
      if (k === undefined) throw new ClassifyError(CLASSIFY_ERROR_CODES.modelMismatch, `model topic "${mt.id}" is not in the taxonomy`, { details: { topic: mt.id } });
      modelTopics[k] = mt;
    }
    ruleSlots = model.ruleTopics.map((id) => topicIndex.get(id) ?? -1);
  }
  const packed = model ? packWeights(model) : null;

  function scoreState(input: ClassifyInput): TopicState {
    const tokens = tokenizeStory(input.title ?? '', input.text ?? '');
    const rules = scoreRules(matcher, tokens);
    const scores = Float64Array.from(rules.raw, (w) => scoreFromWeight(w, taxonomy.settings.scale));
    let x: SparseVector | null = null;
    if (model && model.topics.length > 0) {
      x = extractFeatures(tokens, model);
      const ruleFeatures = Float32Array.from(ruleSlots, (k) => (k < 0 ? 0 : scores[k]!));
      const probabilities = predictAll(packed!, x, ruleFeatures);
      model.topics.forEach((mt, m) => {
        scores[topicIndex.get(mt.id)!] = probabilities[m]!;
      });
    }
    return {
      scores,
      fromModel: modelTopics,
      tokens,
      evidence: (k, max) => rules.evidence(k, max),
      modelEvidence: (k, mt, max) => explainModel(mt, x!, tokens, model!, max, scores[k]!),
    };
  }

  return {
    scoreTopics(input) {
      const state = scoreState(input);
      return taxonomy.topics.map((t, k) => ({ id: t.id, score: state.scores[k]!, threshold: modelTopics[k]?.threshold ?? t.threshold, source: modelTopics[k] ? 'model' : 'rules' }));
    },
    classify(input) {
      const state = scoreState(input);
      const n = taxonomy.topics.length;
      const labelled = new Uint8Array(n);
      const final = Float64Array.from(state.scores);
      const via: string[][] = taxonomy.topics.map(() => []);
      for (let k = 0; k < n; k += 1) labelled[k] = state.scores[k]! >= (modelTopics[k]?.threshold ?? taxonomy.topics[k]!.threshold) ? 1 : 0;
      // Topics are ordered parents first, so walking backwards carries grandchildren up to the root.
      for (let k = n - 1; k >= 0; k -= 1) {
        const p = parentIndex[k]!;
        if (!labelled[k] || p < 0) continue;
        labelled[p] = 1;
        final[p] = Math.max(final[p]!, final[k]!);
        via[p]!.push(`subtopic: ${taxonomy.topics[k]!.id}`);
      }
      const topics: ClassifiedTopic[] = [];
      for (let k = 0; k < n; k += 1) {
        if (!labelled[k]) continue;
        const t = taxonomy.topics[k]!;
        const mt = modelTopics[k];
        const evidence = [...via[k]!, ...(mt ? state.modelEvidence(k, mt, maxEvidence) : []), ...state.evidence(k, maxEvidence)].slice(0, maxEvidence + via[k]!.length);
        topics.push({ id: t.id, label: t.label, iptc: t.iptc, score: Math.round(final[k]! * 1000) / 1000, evidence });
      }
      topics.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
      return { topics, entities: extractEntities(state.tokens) };
    },
  };
}

interface PackedWeights {
  topics: number;
  buckets: number;
  biases: Float64Array;
  /** weights[slot * topics + m]: every topic's weight of one slot side by side, one memory fetch per feature. */
  weights: Float32Array;
}

function packWeights(model: LinearModel): PackedWeights {
  const t = model.topics.length;
  const size = model.buckets + model.ruleTopics.length;
  const weights = new Float32Array(size * t);
  model.topics.forEach((mt, m) => {
    for (let slot = 0; slot < size; slot += 1) weights[slot * t + m] = mt.weights[slot]!;
  });
  return { topics: t, buckets: model.buckets, biases: Float64Array.from(model.topics, (mt) => mt.bias), weights };
}

/** Probability of every model topic for one story. */
function predictAll(p: PackedWeights, x: SparseVector, ruleFeatures: Float32Array): Float64Array {
  const z = Float64Array.from(p.biases);
  const t = p.topics;
  for (let k = 0; k < x.indices.length; k += 1) {
    const base = x.indices[k]! * t;
    const v = x.values[k]!;
    for (let m = 0; m < t; m += 1) z[m] += p.weights[base + m]! * v;
  }
  for (let r = 0; r < ruleFeatures.length; r += 1) {
    const base = (p.buckets + r) * t;
    const v = ruleFeatures[r]!;
    for (let m = 0; m < t; m += 1) z[m] += p.weights[base + m]! * v;
  }
  for (let m = 0; m < t; m += 1) z[m] = 1 / (1 + Math.exp(-z[m]!));
  return z;
}

/** The story's features that pushed the model towards the topic most, strongest first ("model: gas pipeline"). */
function explainModel(mt: LinearTopicModel, x: SparseVector, tokens: TokenizedText, model: LinearModel, max: number, score: number): string[] {
  const scored: Array<[number, number]> = [];
  for (let k = 0; k < x.indices.length; k += 1) {
    const contribution = mt.weights[x.indices[k]!]! * x.values[k]!;
    if (contribution > 0) scored.push([x.indices[k]!, contribution]);
  }
  scored.sort((a, b) => b[1] - a[1]);
  const top = scored.slice(0, Math.ceil(max / 2)).map(([slot]) => slot);
  const names = nameFeatures(tokens, model, new Set(top));
  return [`model: p=${score.toFixed(2)}`, ...top.filter((slot) => names.has(slot)).map((slot) => `model: ${names.get(slot)}`)];
}
