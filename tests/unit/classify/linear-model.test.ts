import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createClassifier } from '../../../src/classify/classifier.js';
import { CLASSIFY_ERROR_CODES } from '../../../src/classify/errors.js';
import { trainLinearModel, type TrainingExample } from '../../../src/classify/linear-model.js';
import { loadLinearModel, saveLinearModel } from '../../../src/classify/model-file.js';
import { loadTaxonomy } from '../../../src/classify/taxonomy.js';

const taxonomy = loadTaxonomy('config/topics.yaml');
const examples: TrainingExample[] = readFileSync('tests/fixtures/classify/train-small.jsonl', 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const tmp = mkdtempSync(join(tmpdir(), 'newsfeed-model-'));
/** The 8-story fixture tests the mechanics: every topic it has is learnt, whatever the rules do. */
const SMALL = { minPositives: 3, preferRules: false } as const;
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('linear model', () => {
  const model = trainLinearModel(examples, { taxonomy, buckets: 1 << 12, folds: 2, ...SMALL });

  it('learns one model per topic with enough positive examples', () => {
    expect(model.topics.map((t) => t.id).sort()).toEqual(['lifestyle', 'politics']);
    expect(model.ruleTopics).toEqual(taxonomy.topics.map((t) => t.id));
    expect(model.examples).toBe(8);
  });

  it('is deterministic', () => {
    const again = trainLinearModel(examples, { taxonomy, buckets: 1 << 12, folds: 2, ...SMALL });
    expect(Array.from(again.topics[0]!.weights)).toEqual(Array.from(model.topics[0]!.weights));
  });

  it('round-trips through save and load, and the loaded model classifies like the trained one', () => {
    const path = join(tmp, 'model.json');
    saveLinearModel(path, model);
    const loaded = loadLinearModel(path);
    expect(loaded.buckets).toBe(model.buckets);
    expect(loaded.topics.map((t) => [t.id, t.bias, t.threshold])).toEqual(model.topics.map((t) => [t.id, t.bias, t.threshold]));
    const input = { title: 'Orchard open day', text: 'Families picked apples and pears in the orchard.' };
    const before = createClassifier({ taxonomy, model }).classify(input);
    const after = createClassifier({ taxonomy, model: loaded }).classify(input);
    expect(after.topics).toEqual(before.topics);
    expect(after.topics.map((t) => t.id)).toContain('lifestyle');
    const council = createClassifier({ taxonomy, model: loaded }).classify({ title: 'Council vote', text: 'The mayor and the council will vote on bus lanes.' });
    expect(council.topics.map((t) => t.id)).toContain('politics');
    expect(council.topics.map((t) => t.id)).not.toContain('lifestyle');
  });

  it.each([
    ['not JSON', 'nope', CLASSIFY_ERROR_CODES.modelInvalid],
    ['another format', '{"format":"x"}', CLASSIFY_ERROR_CODES.modelInvalid],
    ['a threshold that is no probability', JSON.stringify({ format: 'newsfeed-linear-model', version: 1, buckets: 16, bigrams: true, ruleTopics: [], examples: 1, topics: [{ id: 'sport', bias: 0, threshold: 7, positives: 1, indices: '', values: '' }] }), CLASSIFY_ERROR_CODES.modelInvalid],
    ['weights out of range', JSON.stringify({ format: 'newsfeed-linear-model', version: 1, buckets: 16, bigrams: true, ruleTopics: [], examples: 1, topics: [{ id: 'sport', bias: 0, threshold: 0.5, positives: 1, indices: Buffer.from(Uint32Array.from([99]).buffer).toString('base64'), values: Buffer.from(Float32Array.from([1]).buffer).toString('base64') }] }), CLASSIFY_ERROR_CODES.modelInvalid],
  ])('rejects a model file that is %s', (_name, content, code) => {
    const path = join(tmp, 'bad.json');
    writeFileSync(path, content);
    expect(() => loadLinearModel(path)).toThrowError(expect.objectContaining({ code }));
  });

  it('reports a missing model file as CLASSIFY_MODEL_UNREADABLE', () => {
    expect(() => loadLinearModel(join(tmp, 'missing.json'))).toThrowError(expect.objectContaining({ code: CLASSIFY_ERROR_CODES.modelUnreadable }));
  });

  it('refuses a model whose topics the taxonomy lacks', () => {
    const other = trainLinearModel([...examples.map((e) => ({ ...e, topics: ['x'] })), ...examples.map((e) => ({ ...e, topics: [] }))], { buckets: 64, folds: 0, ...SMALL });
    expect(() => createClassifier({ taxonomy, model: other })).toThrowError(expect.objectContaining({ code: CLASSIFY_ERROR_CODES.modelMismatch }));
  });

  it('records a cross-validated threshold and F1 per topic, or 0.5 and null without folds', () => {
    for (const t of model.topics) {
      expect(t.threshold).toBeGreaterThanOrEqual(0.02);
      expect(t.threshold).toBeLessThanOrEqual(0.98);
      expect(t.crossValidatedF1).toEqual(expect.any(Number));
    }
    const plain = trainLinearModel(examples, { taxonomy, buckets: 1 << 12, folds: 0, ...SMALL });
    expect(plain.topics.map((t) => [t.threshold, t.crossValidatedF1])).toEqual(plain.topics.map(() => [0.5, null]));
  });

  it.each([
    ['naive-Bayes scaling off', { naiveBayes: false }],
    ['no title features, no number shapes, no pairs', { titleFeatures: false, numbers: false, bigrams: false }],
    ['a bucket count that is not a power of two', { buckets: 3000 }],
  ])('still learns the fixture with %s', (_name, extra) => {
    const m = trainLinearModel(examples, { taxonomy, buckets: 1 << 12, folds: 2, ...SMALL, ...extra });
    const c = createClassifier({ taxonomy, model: m });
    expect(c.classify({ title: 'Orchard open day', text: 'Families picked apples and pears in the orchard.' }).topics.map((t) => t.id)).toContain('lifestyle');
  });

  it.each([
    ['no examples', [] as TrainingExample[]],
    ['unknown topic', [{ title: 'a', text: 'b', topics: ['astrology'] }]],
    ['missing text', [{ title: 'a', topics: ['sport'] } as unknown as TrainingExample]],
  ])('rejects training data with %s', (_name, data) => {
    expect(() => trainLinearModel(data, { taxonomy })).toThrowError(expect.objectContaining({ code: CLASSIFY_ERROR_CODES.trainingDataInvalid }));
  });

  it.each([
    ['c = 0', { c: 0 }],
    ['c = []', { c: [] }],
    ['c = [1, -1]', { c: [1, -1] }],
    ['buckets = 8', { buckets: 8 }],
  ])('rejects the option %s', (_name, bad) => {
    expect(() => trainLinearModel(examples, { taxonomy, ...bad })).toThrowError(expect.objectContaining({ code: CLASSIFY_ERROR_CODES.trainingDataInvalid }));
  });

  describe('which topics the model takes over', () => {
    const sport = (i: number) => ({ title: `Striker scores twice in league match ${i}`, text: `The striker scored two goals as the club won the league match and the coach praised the players ${i}.`, topics: ['sport'] });
    const orchard = (i: number) => ({ title: `Orchard harvest ${i}`, text: `Growers picked apples and pears in orchard number ${i} this autumn.`, topics: ['lifestyle'] });
    const tariff = (i: number) => ({ title: `Tariffs on steel imports ${i}`, text: `The government raised import tariffs on steel and exporters warned of a trade war ${i}.`, topics: ['trade'] });
    const data = [...Array.from({ length: 12 }, (_, i) => sport(i)), ...Array.from({ length: 12 }, (_, i) => orchard(i)), ...Array.from({ length: 12 }, (_, i) => tariff(i))];
    const trained = trainLinearModel(data, { taxonomy, buckets: 1 << 12, folds: 3 });
    const left = new Map((trained.leftToRules ?? []).map((t) => [t.id, t.reason]));

    it('learns a topic the rules miss (orchard stories as lifestyle)', () => {
      expect(trained.topics.map((t) => t.id)).toContain('lifestyle');
    });

    it('explains a model label by content words, never by function words alone', () => {
      const c = createClassifier({ taxonomy, model: trained }).classify({ title: 'Orchard harvest in the valley', text: 'Growers said they picked apples and pears in the orchards of the valley this autumn.' });
      const evidence = c.topics.find((t) => t.id === 'lifestyle')!.evidence.filter((e) => e.startsWith('model: ') && !e.startsWith('model: p='));
      expect(evidence.length).toBeGreaterThan(0);
      for (const e of evidence) expect(e.replace(/^model: (title: )?/, '').split(' ').every((w) => ['the', 'in', 'of', 'and', 'they', 'said', 'this'].includes(w))).toBe(false);
    });

    it('leaves a topic to the rules when they label the training data at least as well', () => {
      expect(trained.topics.map((t) => t.id)).not.toContain('sport');
      expect(left.get('sport')).toMatch(/^the rules' F1 on the training data, 1\.000, is at least the model's cross-validated 1/);
    });

    it('leaves a parent known only through its subtopics to its rules (its subtopics still imply it)', () => {
      expect(trained.topics.map((t) => t.id)).not.toContain('economy');
      expect(left.get('economy')).toBe('a parent named by 0 examples itself (its subtopics imply it)');
      const c = createClassifier({ taxonomy, model: trained }).classify({ title: 'Tariffs on steel imports rise', text: 'The government raised import tariffs on steel as exporters feared a trade war.' });
      expect(c.topics.map((t) => t.id)).toEqual(expect.arrayContaining(['trade', 'economy']));
    });

    it('leaves topics with fewer than minPositives examples to the rules (default 10)', () => {
      const few = trainLinearModel(data.slice(0, 30), { taxonomy, buckets: 1 << 12, folds: 3 });
      expect(few.leftToRules).toContainEqual({ id: 'trade', reason: '6 positive examples, fewer than 10' });
    });
  });

  it('keeps, per topic, the regularisation strength whose cross-validated F1 is best', () => {
    const opts = { taxonomy, buckets: 1 << 12, folds: 3, ...SMALL };
    const byC = [1, 0.05].map((c) => trainLinearModel(examples, { ...opts, c }));
    const both = trainLinearModel(examples, { ...opts, c: [1, 0.05] });
    both.topics.forEach((t, k) => {
      const singles = byC.map((m) => m.topics[k]!);
      expect(t.crossValidatedF1).toBe(Math.max(...singles.map((m) => m.crossValidatedF1!)));
      const chosen = singles.find((m) => m.crossValidatedF1 === t.crossValidatedF1)!;
      expect(t.weights).toEqual(chosen.weights);
    });
  });
});
