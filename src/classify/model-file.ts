import { accessSync, constants, readFileSync, rmSync, statSync, writeFileSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import { ClassifyError, CLASSIFY_ERROR_CODES } from './errors.js';
import type { LinearModel, LinearTopicModel } from './linear-model.js';

/**
 * The model file: JSON with the non-zero weights of each topic as two base64 arrays (uint32 slot
 * indices, float32 values, little-endian). A model trained on a few thousand stories is 1-3 MB.
 * Version 2 adds the feature switches `titleFeatures` and `numbers`; version-1 files (written
 * before them) still load, with both off, which is how they were trained.
 */
export const MODEL_FORMAT = 'newsfeed-linear-model' as const;
export const MODEL_VERSION = 2;
const READABLE_VERSIONS: readonly number[] = [1, 2];

interface ModelFile {
  format: typeof MODEL_FORMAT;
  version: number;
  buckets: number;
  bigrams: boolean;
  titleFeatures?: boolean;
  numbers?: boolean;
  ruleTopics: string[];
  examples: number;
  topics: Array<{ id: string; bias: number; threshold: number; positives: number; crossValidatedF1?: number | null; indices: string; values: string }>;
}

export function saveLinearModel(path: string, model: LinearModel): void {
  const file: ModelFile = {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    buckets: model.buckets,
    bigrams: model.bigrams,
    titleFeatures: model.titleFeatures,
    numbers: model.numbers,
    ruleTopics: model.ruleTopics,
    examples: model.examples,
    topics: model.topics.map((t) => ({ id: t.id, bias: t.bias, threshold: t.threshold, positives: t.positives, crossValidatedF1: t.crossValidatedF1, ...encodeWeights(t.weights) })),
  };
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, `${JSON.stringify(file)}\n`);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new ClassifyError(CLASSIFY_ERROR_CODES.modelUnwritable, `cannot write model ${path}: ${(err as Error).message}`, { cause: err, details: { path } });
  }
}

/** Throws CLASSIFY_MODEL_UNWRITABLE unless a model can be saved at `path` (checked before training, not after). */
export function checkModelWritable(path: string): void {
  let problem: string | null = null;
  try {
    if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) problem = 'it is a directory';
    else accessSync(dirname(path), constants.W_OK);
  } catch (err) {
    problem = (err as Error).message;
  }
  if (problem) throw new ClassifyError(CLASSIFY_ERROR_CODES.modelUnwritable, `cannot write model ${path}: ${problem}`, { details: { path } });
}

export function loadLinearModel(path: string): LinearModel {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ClassifyError(CLASSIFY_ERROR_CODES.modelUnreadable, `cannot read model ${path}: ${(err as Error).message}`, { cause: err, details: { path } });
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw invalid(path, 'is not JSON', err);
  }
  return decodeModel(doc, path);
}

function decodeModel(doc: unknown, path: string): LinearModel {
  const d = doc as Partial<ModelFile> | null;
  if (!d || typeof d !== 'object' || d.format !== MODEL_FORMAT) throw invalid(path, `is not a ${MODEL_FORMAT} file`);
  if (!READABLE_VERSIONS.includes(d.version as number)) throw invalid(path, `has version ${String(d.version)}, this build reads ${READABLE_VERSIONS.join(' and ')}`);
  if (d.version === 2 && (typeof d.titleFeatures !== 'boolean' || typeof d.numbers !== 'boolean')) throw invalid(path, 'needs boolean "titleFeatures" and "numbers"');
  if (!Number.isInteger(d.buckets) || d.buckets! < 16) throw invalid(path, 'has a bad "buckets"');
  if (!Array.isArray(d.ruleTopics) || !d.ruleTopics.every((t) => typeof t === 'string')) throw invalid(path, 'has a bad "ruleTopics"');
  if (!Array.isArray(d.topics)) throw invalid(path, 'has no "topics" list');
  const size = d.buckets! + d.ruleTopics.length;
  const topics: LinearTopicModel[] = d.topics.map((t, k) => {
    const ok = t && typeof t.id === 'string' && Number.isFinite(t.bias) && Number.isFinite(t.threshold) && typeof t.indices === 'string' && typeof t.values === 'string';
    if (!ok) throw invalid(path, `topic #${k + 1} is malformed`);
    if (t.threshold < 0 || t.threshold > 1) throw invalid(path, `topic ${t.id} has threshold ${t.threshold}, not a probability in [0, 1]`);
    const crossValidatedF1 = typeof t.crossValidatedF1 === 'number' && Number.isFinite(t.crossValidatedF1) ? t.crossValidatedF1 : null;
    return { id: t.id, bias: t.bias, threshold: t.threshold, positives: Number(t.positives) || 0, crossValidatedF1, weights: decodeWeights(t.indices, t.values, size, path, t.id) };
  });
  return { buckets: d.buckets!, bigrams: d.bigrams !== false, titleFeatures: d.titleFeatures === true, numbers: d.numbers === true, ruleTopics: d.ruleTopics, topics, examples: Number(d.examples) || 0 };
}

function encodeWeights(weights: Float32Array): { indices: string; values: string } {
  let n = 0;
  for (const w of weights) if (w !== 0) n += 1;
  const indices = new Uint32Array(n);
  const values = new Float32Array(n);
  let k = 0;
  weights.forEach((w, i) => {
    if (w === 0) return;
    indices[k] = i;
    values[k] = w;
    k += 1;
  });
  return { indices: toBase64(indices), values: toBase64(values) };
}

function decodeWeights(indices64: string, values64: string, size: number, path: string, id: string): Float32Array {
  const ib = Buffer.from(indices64, 'base64');
  const vb = Buffer.from(values64, 'base64');
  if (ib.length !== vb.length || ib.length % 4 !== 0) throw invalid(path, `topic "${id}": weight arrays differ in length`);
  const weights = new Float32Array(size);
  for (let k = 0; k < ib.length; k += 4) {
    const index = ib.readUInt32LE(k);
    const value = vb.readFloatLE(k);
    if (index >= size) throw invalid(path, `topic "${id}": weight slot ${index} out of range (${size} slots)`);
    if (!Number.isFinite(value)) throw invalid(path, `topic "${id}": weight of slot ${index} is not a finite number`);
    weights[index] = value;
  }
  return weights;
}

function toBase64(array: Uint32Array | Float32Array): string {
  const bytes = Buffer.alloc(array.length * 4);
  array.forEach((v, k) => (array instanceof Uint32Array ? bytes.writeUInt32LE(v, k * 4) : bytes.writeFloatLE(v, k * 4)));
  return bytes.toString('base64');
}

function invalid(path: string, what: string, cause?: unknown): ClassifyError {
  return new ClassifyError(CLASSIFY_ERROR_CODES.modelInvalid, `model ${path} ${what}`, { cause, details: { path } });
}
