import { ClassifyError, CLASSIFY_ERROR_CODES } from './errors.js';
import { extractEntities, type ExtractedEntities } from './entities/extract-entities.js';
import { detectLanguage } from './language/detect-language.js';
import type { LinearModel } from './linear-model.js';
import { createModelPredictor, type ModelPredictor } from './model-predictor.js';
import { compileRules, scoreFromWeight, scoreRules, type RuleScores } from './rule-matcher.js';
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
  /** The language the story is written in (ISO 639-1), or null when neither its text nor its feed tells (language/detect-language.ts). */
  language: string | null;
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
  /** The language the item or its feed declares, as written (a hint to the language detector). */
  declaredLanguage?: string | null;
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
  tokens: TokenizedText;
  rules: RuleScores;
}

export function createClassifier(opts: ClassifierOptions): Classifier {
  const { taxonomy } = opts;
  const model = opts.model ?? null;
  const maxEvidence = opts.maxEvidence ?? 8;
  const matcher = compileRules(taxonomy);
  const topicIndex = new Map(taxonomy.topics.map((t, i) => [t.id, i]));
  const parentIndex = taxonomy.topics.map((t) => (t.parent === null ? -1 : topicIndex.get(t.parent)!));
  /** Per taxonomy topic: its index among the model's topics, or -1 (rules only). */
  const modelSlot = new Int32Array(taxonomy.topics.length).fill(-1);
  const thresholds = Float64Array.from(taxonomy.topics, (t) => t.threshold);
  let predictor: ModelPredictor | null = null;
  if (model && model.topics.length > 0) {
    model.topics.forEach((mt, m) => {
      const k = topicIndex.get(mt.id);
      if (k === undefined) throw new ClassifyError(CLASSIFY_ERROR_CODES.modelMismatch, `model topic "${mt.id}" is not in the taxonomy`, { details: { topic: mt.id } });
      modelSlot[k] = m;
      thresholds[k] = mt.threshold;
    });
    predictor = createModelPredictor(model, model.ruleTopics.map((id) => topicIndex.get(id) ?? -1));
  }
  const probabilities = new Float64Array(model?.topics.length ?? 0);

  function scoreState(input: ClassifyInput): TopicState {
    const tokens = tokenizeStory(input.title ?? '', input.text ?? '');
    const rules = scoreRules(matcher, tokens);
    const scores = new Float64Array(rules.raw.length);
    for (let k = 0; k < scores.length; k += 1) scores[k] = scoreFromWeight(rules.raw[k]!, taxonomy.settings.scale);
    if (predictor) {
      predictor.predict(tokens, scores, probabilities);
      for (let k = 0; k < scores.length; k += 1) if (modelSlot[k]! >= 0) scores[k] = probabilities[modelSlot[k]!]!;
    }
    return { scores, tokens, rules };
  }

  function modelEvidence(state: TopicState, k: number): string[] {
    const m = modelSlot[k]!;
    if (m < 0 || !predictor) return [];
    return [`model: p=${state.scores[k]!.toFixed(2)}`, ...predictor.explain(state.tokens, m, Math.ceil(maxEvidence / 2)).map((name) => `model: ${name}`)];
  }

  return {
    scoreTopics(input) {
      const state = scoreState(input);
      return taxonomy.topics.map((t, k) => ({ id: t.id, score: state.scores[k]!, threshold: thresholds[k]!, source: modelSlot[k]! >= 0 ? 'model' : 'rules' }));
    },
    classify(input) {
      const state = scoreState(input);
      const n = taxonomy.topics.length;
      const labelled = new Uint8Array(n);
      const final = Float64Array.from(state.scores);
      const via: string[][] = taxonomy.topics.map(() => []);
      for (let k = 0; k < n; k += 1) labelled[k] = state.scores[k]! >= thresholds[k]! ? 1 : 0;
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
        const evidence = [...via[k]!, ...modelEvidence(state, k), ...state.rules.evidence(k, maxEvidence)].slice(0, maxEvidence + via[k]!.length);
        topics.push({ id: t.id, label: t.label, iptc: t.iptc, score: Math.round(final[k]! * 1000) / 1000, evidence });
      }
      topics.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
      const language = detectLanguage({ title: input.title ?? '', text: input.text ?? '', declared: input.declaredLanguage, lowerWords: state.tokens.lower });
      return { topics, entities: extractEntities(state.tokens), language };
    },
  };
}
