import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findBestF1Margin, calibrateMargins, FALLBACK_CALIBRATION } from '../../../src/classify/calibrate.js';
import { collectFeatures, extractFeatures, hashToken, hashWord, nameFeature, type FeatureOptions } from '../../../src/classify/hashed-features.js';
import type { LinearModel } from '../../../src/classify/linear-model.js';
import { CLASSIFY_ERROR_CODES } from '../../../src/classify/errors.js';
import { loadLinearModel } from '../../../src/classify/model-file.js';
import { createModelPredictor } from '../../../src/classify/model-predictor.js';
import { compileRules, scoreRules } from '../../../src/classify/rule-matcher.js';
import { parseTaxonomy } from '../../../src/classify/taxonomy.js';
import { fnv1a, tokenizeStory } from '../../../src/classify/tokenize.js';
import { fitLinearSvm, computeSvmMargin, type SvmRows } from '../../../src/classify/train-svm.js';

const plain: FeatureOptions = { buckets: 1 << 12, bigrams: true };
const rich: FeatureOptions = { buckets: 1 << 12, bigrams: true, titleFeatures: true, numbers: true };

/** Features as a slot → value map, for comparisons that do not depend on order. */
function featureMap(title: string, text: string, opts: FeatureOptions): Map<number, number> {
  const x = extractFeatures(tokenizeStory(title, text), opts);
  return new Map(Array.from(x.indices, (slot, k) => [slot, x.values[k]!]));
}

describe('tokenizer hashes', () => {
  it.each([
    ['Oil Prices Rise', 'OPEC cut output in 1987.'],
    ['Ünïcode title', 'Café’s İstanbul 北京 prices'],
  ])('gives the FNV-1a of every lower-cased word (%s)', (title, text) => {
    const t = tokenizeStory(title, text);
    expect(Array.from(t.hashes)).toEqual(t.lower.map((w) => fnv1a(w)));
    expect(t.lower).toEqual(t.words.map((w) => w.toLowerCase()));
  });
});

describe('hashed features', () => {
  it('are L2-normalised log counts, title words counting twice without title features', () => {
    const x = extractFeatures(tokenizeStory('oil', 'oil gas'), { buckets: 1 << 12, bigrams: false });
    const oil = hashWord('oil') % (1 << 12);
    const gas = hashWord('gas') % (1 << 12);
    const raw = new Map([[oil, Math.log1p(3)], [gas, Math.log1p(1)]]);
    const norm = Math.hypot(...raw.values());
    expect(new Map(Array.from(x.indices, (s, k) => [s, x.values[k]!]))).toEqual(new Map([...raw].map(([s, v]) => [s, Math.fround(v / norm)])));
  });

  it.each([
    ['a power of two', 1 << 10],
    ['not a power of two', 1000],
  ])('put a word in slot hash %% buckets when buckets is %s', (_name, buckets) => {
    const x = extractFeatures(tokenizeStory('', 'pipeline'), { buckets, bigrams: false });
    expect(Array.from(x.indices)).toEqual([hashWord('pipeline') % buckets]);
  });

  it.each([
    ['1987', '#4'],
    ['20000', '#5'],
    ['4th', '#n'],
    ['42', '42'],
    ['oil', 'oil'],
  ])('fold the number %s to the shape %s', (word, shape) => {
    expect(hashToken(word, fnv1a(word), true)).toBe(fnv1a(shape));
    expect(hashToken(word, fnv1a(word), false)).toBe(fnv1a(word));
  });

  it('make 1986 and 1987 the same feature with numbers on, different ones with it off', () => {
    expect(featureMap('', 'output in 1986', rich)).toEqual(featureMap('', 'output in 1987', rich));
    expect(featureMap('', 'output in 1986', plain)).not.toEqual(featureMap('', 'output in 1987', plain));
  });

  it('give title words features of their own with titleFeatures', () => {
    expect(featureMap('opec', '', rich).size).toBe(2); // "opec" and "title: opec"
    expect([...featureMap('opec', '', plain).values()]).toEqual([1]); // "opec" counted twice, normalised
  });

  it('name the words behind each feature, and grow for long stories', () => {
    const letters = (k: number): string => (k < 26 ? String.fromCharCode(97 + k) : letters(Math.floor(k / 26) - 1) + letters(k % 26));
    const text = Array.from({ length: 3000 }, (_, k) => `w${letters(k)}`).join(' ');
    const tokens = tokenizeStory('Crude oil', `${text} natural gas`);
    const f = collectFeatures(tokens, { ...rich, buckets: 1 << 24 });
    const names = Array.from({ length: f.count }, (_, k) => nameFeature(tokens, f.origins[k]!));
    expect(names).toEqual(expect.arrayContaining(['title: crude', 'title: crude oil', 'crude oil', 'natural gas', `w${letters(2999)}`]));
    expect(f.count).toBe(new Set(Array.from(f.slots.subarray(0, f.count))).size);
  });
});

describe('linear SVM (dual coordinate descent)', () => {
  const rows: SvmRows = { x: [], extra: [], dimensions: 8 };
  const labels: number[] = [];
  for (let i = 0; i < 40; i += 1) {
    const positive = i % 2 === 0;
    rows.x.push({ indices: Int32Array.from([positive ? 1 : 2, 3 + (i % 4)]), values: Float32Array.from([0.8, 0.6]) });
    rows.extra.push(Float32Array.from([positive ? 0.9 : 0.1]));
    labels.push(positive ? 1 : -1);
  }
  const y = Int8Array.from(labels);
  const opts = { c: 1, maxPasses: 50, tolerance: 1e-4, seed: 1 };

  it('separates separable data and learns the signs of the telling features', () => {
    const model = fitLinearSvm(rows, y, opts);
    rows.x.forEach((x, i) => expect(Math.sign(computeSvmMargin(model, x, rows.extra[i]!, 8))).toBe(y[i]));
    expect(model.weights[1]).toBeGreaterThan(0);
    expect(model.weights[2]).toBeLessThan(0);
    expect(model.weights[8]).toBeGreaterThan(0); // the extra (rule) feature
  });

  it('is deterministic for a seed and trains only on included rows', () => {
    expect(Array.from(fitLinearSvm(rows, y, opts).weights)).toEqual(Array.from(fitLinearSvm(rows, y, opts).weights));
    const onlyNegatives = Uint8Array.from(labels, (l) => (l < 0 ? 1 : 0));
    const model = fitLinearSvm(rows, y, opts, onlyNegatives);
    expect(model.weights[1]).toBe(0);
  });
});

describe('calibration', () => {
  it('fits an increasing sigmoid and picks the threshold with the best F1', () => {
    const margins = Float64Array.from([-2, -1.5, -1.2, -0.8, -0.5, -0.2, 0.1, 0.3, 0.9, 1.4, 1.8, 2.5]);
    const positive = Uint8Array.from([0, 0, 0, 0, 0, 1, 0, 1, 1, 1, 1, 1]);
    const c = calibrateMargins(margins, positive);
    expect(c.a).toBeGreaterThan(0);
    expect(findBestF1Margin(margins, positive, 6)).toEqual({ margin: (-0.2 + -0.5) / 2, f1: (2 * 6) / (6 + 7) });
    const p = (m: number): number => 1 / (1 + Math.exp(-(c.a * m + c.b)));
    expect(c.threshold).toBeCloseTo(p(-0.35), 3);
    expect(c.f1).toBeCloseTo(12 / 13, 6);
  });

  it.each([
    ['one positive', [1, 0, 0, 0]],
    ['one negative', [1, 1, 1, 0]],
  ])('falls back to a fixed sigmoid with %s', (_name, flags) => {
    expect(calibrateMargins(Float64Array.from([1, -1, -2, -3]), Uint8Array.from(flags))).toEqual(FALLBACK_CALIBRATION);
  });
});

describe('model predictor', () => {
  const buckets = 1 << 10;
  const weights = (seed: number): Float32Array => Float32Array.from({ length: buckets + 2 }, (_, j) => Math.sin(j * 12.9898 + seed) * 0.8);
  const model: LinearModel = {
    buckets,
    bigrams: true,
    titleFeatures: true,
    numbers: true,
    ruleTopics: ['energy', 'trade'],
    examples: 10,
    topics: [
      { id: 'energy', bias: -0.3, threshold: 0.5, positives: 5, crossValidatedF1: null, weights: weights(1) },
      { id: 'trade', bias: 0.2, threshold: 0.5, positives: 5, crossValidatedF1: null, weights: weights(2) },
    ],
  };
  const tokens = tokenizeStory('Oil exports rise', 'Crude oil exports rose 12 pct in 1987 as pipeline capacity grew, the ministry said.');
  const rules = [0.7, 0.1];

  it('gives the logistic of bias + weights · features (int16 weights: within 1e-3)', () => {
    const out = new Float64Array(2);
    createModelPredictor(model, [0, 1]).predict(tokens, rules, out);
    const x = extractFeatures(tokens, model);
    model.topics.forEach((mt, m) => {
      let z = mt.bias + mt.weights[buckets]! * rules[0]! + mt.weights[buckets + 1]! * rules[1]!;
      x.indices.forEach((slot, k) => (z += mt.weights[slot]! * x.values[k]!));
      expect(out[m]).toBeCloseTo(1 / (1 + Math.exp(-z)), 3);
    });
  });

  it('explains a topic by its strongest positive features, strongest first', () => {
    const predictor = createModelPredictor(model, [0, 1]);
    predictor.predict(tokens, rules, new Float64Array(2));
    const f = collectFeatures(tokens, model);
    const contributions = Array.from({ length: f.count }, (_, k) => ({ name: nameFeature(tokens, f.origins[k]!), c: model.topics[0]!.weights[f.slots[k]!]! * f.values[k]! }))
      .filter((e) => e.c > 0)
      .sort((a, b) => b.c - a.c);
    expect(predictor.explain(tokens, 0, 3)).toEqual(contributions.slice(0, 3).map((e) => e.name));
    // Another story's features in between: explain recomputes rather than naming the wrong words.
    collectFeatures(tokenizeStory('Other', 'something else entirely'), model);
    expect(predictor.explain(tokens, 0, 3)).toEqual(contributions.slice(0, 3).map((e) => e.name));
  });

  it('reads a missing rule topic as score 0', () => {
    const a = new Float64Array(2);
    const b = new Float64Array(2);
    createModelPredictor(model, [0, -1]).predict(tokens, [0.7, 0.9], a);
    createModelPredictor(model, [0, 1]).predict(tokens, [0.7, 0], b);
    expect(Array.from(a)).toEqual(Array.from(b));
  });
});

describe('rule index filter', () => {
  const taxonomy = parseTaxonomy(`
topics:
  - id: space
    iptc: medtop:20000717
    label: space
    parent: null
    rules:
      - weight: 3
        terms: [astronaut*, spacecraft, launch pad, extravehicular*]
`);
  const matcher = compileRules(taxonomy);
  it.each([
    ['astronauts', true],
    ['Astronaut', true],
    ['extravehicularly', true],
    ['spacecraft', true],
    ['launch pad', true],
    ['launch', false],
    ['astro', false],
    ['spacecrafts', false],
  ])('lets "%s" through only when a term can start there (%s)', (text, matches) => {
    expect(scoreRules(matcher, tokenizeStory('', text)).raw[0]! > 0).toBe(matches);
  });
});

describe('model file versions', () => {
  it('loads a version-1 file with title features and number shapes off (how it was trained)', () => {
    const model = loadLinearModel('tests/fixtures/classify/model-v1.json');
    expect([model.titleFeatures, model.numbers, model.topics[0]!.crossValidatedF1]).toEqual([false, false, null]);
    expect(model.topics[0]!.weights[3]).toBe(2);
  });

  it('rejects a version-2 file without the feature switches', () => {
    const v1 = JSON.parse(readFileSync('tests/fixtures/classify/model-v1.json', 'utf8'));
    const path = join(mkdtempSync(join(tmpdir(), 'newsfeed-model-')), 'v2.json');
    writeFileSync(path, JSON.stringify({ ...v1, version: 2 }));
    expect(() => loadLinearModel(path)).toThrowError(expect.objectContaining({ code: CLASSIFY_ERROR_CODES.modelInvalid }));
    writeFileSync(path, JSON.stringify({ ...v1, version: 2, titleFeatures: true, numbers: true }));
    expect(loadLinearModel(path).titleFeatures).toBe(true);
    rmSync(path);
  });
});
