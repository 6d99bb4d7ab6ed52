/**
 * Evaluates the topic classifier on ../shared/datasets (research-only data: read here, never shipped)
 * in both modes, the shipped rules and rules + a linear model trained on each data set's train split:
 *   - BBC News: top-1 accuracy among its five mapped topics, on a deterministic 20% test split
 *     (FNV-1a of the id; the other 80% trains the model). Rules are also scored on all 2,225 stories.
 *   - Reuters-21578: precision, recall and F1 of energy and trade on the `test` split (model trained on
 *     `train`); the trained mode also on the rest of the data (test + not-used), a target met only on both.
 *   - the seed article: topics and places.
 *   - throughput in stories/s per core, each mode in a fresh child process as the worker runs it
 *     (the trained mode loading the saved BBC model file): CPU time of the classify loop after a
 *     warm-up pass, median of three passes; wall-clock printed too, and the ratio to a trivial
 *     word-split pass over the same text.
 * Exits 1 when a target is missed, 2 when the data is missing.
 *
 *   - for the trained mode's Reuters errors, how many have a near-identical training story labelled
 *     the way the model answered (labelling disagreements no classifier can fix).
 *   npm run eval:classify [-- --errors N] [--topics PATH]
 *   (internal: --throughput [MODEL] measures one mode and prints a JSON line)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanPlainStory } from '../src/cli/plain-text.js';
import { createClassifier, type Classifier } from '../src/classify/classifier.js';
import { hashWord } from '../src/classify/hashed-features.js';
import { trainLinearModel, type LinearModel, type TrainingExample } from '../src/classify/linear-model.js';
import { loadLinearModel, saveLinearModel } from '../src/classify/model-file.js';
import { loadTaxonomy, type Taxonomy } from '../src/classify/taxonomy.js';
import { readJsonl } from './read-jsonl.js';

const DATA = '../shared/datasets';
const SEED = '../shared/seed/treaty-article.txt';
const BBC_MAP: Record<string, string> = { business: 'economy', entertainment: 'arts-culture', politics: 'politics', sport: 'sport', tech: 'science-technology' };
const BBC_TOPICS = Object.values(BBC_MAP);
const REUTERS_ENERGY = new Set(['crude', 'nat-gas', 'fuel', 'gas', 'heat', 'propane', 'pet-chem']);
const REUTERS_ECONOMY = new Set(['earn', 'acq', 'money-fx', 'interest', 'money-supply', 'gnp', 'cpi', 'bop', 'dlr', 'reserves', 'ipi', 'jobs']);
const TARGETS = {
  rules: { bbc: 0.9, energyF1: 0.8, tradeF1: 0.8 },
  trained: { bbc: 0.96, energyF1: 0.9, tradeF1: 0.9 },
  storiesPerSecond: 5000,
} as const;

interface Story { id: string; title: string; text: string; topics: string[]; split: 'train' | 'test' | 'other' }

const args = process.argv.slice(2);
const errorsToShow = Number(args[args.indexOf('--errors') + 1] ?? 0) || 0;
const topicsPath = args.includes('--topics') ? args[args.indexOf('--topics') + 1]! : 'config/topics.yaml';

function loadBbc(): Story[] {
  return readJsonl(`${DATA}/bbc-news.jsonl`).map((r) => ({
    id: String(r.id), title: String(r.title), text: String(r.text), topics: [BBC_MAP[String(r.label)]!],
    split: hashWord(String(r.id)) % 5 === 0 ? 'test' : 'train',
  }));
}

function loadReuters(): Story[] {
  return readJsonl(`${DATA}/reuters-21578.jsonl`).map((r) => {
    const labels = r.topics as string[];
    const topics = new Set<string>();
    for (const l of labels) {
      if (REUTERS_ENERGY.has(l)) topics.add('energy');
      if (l === 'trade') topics.add('trade');
      if (REUTERS_ECONOMY.has(l)) topics.add('economy');
    }
    const split = r.split === 'train' ? 'train' : r.split === 'test' ? 'test' : 'other';
    return { id: String(r.id), title: String(r.title), text: String(r.text), topics: [...topics], split };
  });
}

/** Scores with every parent raised to its best child, as labelling does. */
function effectiveScores(classifier: Classifier, taxonomy: Taxonomy, story: Story): Map<string, number> {
  const scores = new Map(classifier.scoreTopics(story).map((s) => [s.id, s.score]));
  for (const t of [...taxonomy.topics].reverse()) if (t.parent) scores.set(t.parent, Math.max(scores.get(t.parent)!, scores.get(t.id)!));
  return scores;
}

function bbcAccuracy(classifier: Classifier, taxonomy: Taxonomy, stories: Story[], label: string): number {
  let right = 0;
  const wrong: string[] = [];
  for (const s of stories) {
    const scores = effectiveScores(classifier, taxonomy, s);
    const best = BBC_TOPICS.reduce((a, b) => (scores.get(b)! > scores.get(a)! ? b : a));
    if (best === s.topics[0]) right += 1;
    else wrong.push(`${s.id} want ${s.topics[0]} got ${best} | ${BBC_TOPICS.map((t) => `${t}=${scores.get(t)!.toFixed(2)}`).join(' ')} | ${s.title}`);
  }
  const acc = right / stories.length;
  console.log(`  BBC top-1 accuracy (${label}, n=${stories.length}): ${(acc * 100).toFixed(2)}%`);
  for (const w of wrong.slice(0, errorsToShow)) console.log(`    ${w}`);
  return acc;
}

interface ReutersError { kind: 'FP' | 'FN'; story: Story }

function reutersF1(classifier: Classifier, stories: Story[], topic: string, label = 'test'): { f1: number; errors: ReutersError[] } {
  let tp = 0, fp = 0, fn = 0;
  const errors: ReutersError[] = [];
  for (const s of stories) {
    const got = classifier.classify(s).topics.some((t) => t.id === topic);
    const want = s.topics.includes(topic);
    if (got && want) tp += 1;
    else if (got) { fp += 1; errors.push({ kind: 'FP', story: s }); }
    else if (want) { fn += 1; errors.push({ kind: 'FN', story: s }); }
  }
  const p = tp / Math.max(1, tp + fp), r = tp / Math.max(1, tp + fn), f1 = p + r === 0 ? 0 : (2 * p * r) / (p + r);
  console.log(`  Reuters ${topic} (${label}, n=${stories.length}, positives=${tp + fn}): precision ${p.toFixed(3)} recall ${r.toFixed(3)} F1 ${f1.toFixed(3)}`);
  for (const e of errors.slice(0, errorsToShow)) console.log(`    ${e.kind} ${e.story.id} ${e.story.title}`);
  return { f1, errors };
}

/** Lower-cased word counts, L2-normalised (for the cosine of two stories). */
function wordVector(s: Story): Map<string, number> {
  const counts = new Map<string, number>();
  for (const w of `${s.title} ${s.text}`.toLowerCase().match(/[a-z]+/g) ?? []) counts.set(w, (counts.get(w) ?? 0) + 1);
  let norm = 0;
  for (const c of counts.values()) norm += c * c;
  norm = Math.sqrt(norm);
  for (const [w, c] of counts) counts.set(w, c / norm);
  return counts;
}

function cosine(a: Map<string, number>, b: Map<string, number>): number {
  let dot = 0;
  for (const [w, v] of a) dot += v * (b.get(w) ?? 0);
  return dot;
}

/**
 * How many test errors are labelling disagreements: the training story closest to the erring test
 * story (cosine of word counts ≥ NEIGHBOUR_SIMILARITY) carries the label the model gave, which the
 * test story's own labels contradict. With `--errors N`, lists each error with its neighbour.
 */
const NEIGHBOUR_SIMILARITY = 0.75;
function explainByNeighbours(errors: ReutersError[], train: Story[], topic: string): void {
  const vectors = train.map(wordVector);
  let disagreeing = 0;
  const lines: string[] = [];
  for (const e of errors) {
    const v = wordVector(e.story);
    let best = 0, bestSim = -1;
    for (let i = 0; i < vectors.length; i += 1) {
      const sim = cosine(v, vectors[i]!);
      if (sim > bestSim) { bestSim = sim; best = i; }
    }
    const neighbour = train[best]!;
    const agreesWithModel = neighbour.topics.includes(topic) === (e.kind === 'FP');
    if (agreesWithModel && bestSim >= NEIGHBOUR_SIMILARITY) disagreeing += 1;
    lines.push(`${e.kind} ${e.story.id} "${e.story.title}" ~ ${bestSim.toFixed(2)} ${neighbour.id} "${neighbour.title}" ${neighbour.topics.includes(topic) ? 'labelled' : 'not labelled'} ${topic}`);
  }
  console.log(`  Reuters ${topic} errors whose nearest training story (cosine >= ${NEIGHBOUR_SIMILARITY}) is labelled as the model answered: ${disagreeing} of ${errors.length}`);
  for (const l of lines.slice(0, errorsToShow)) console.log(`    ${l}`);
}

function checkSeed(classifier: Classifier): boolean {
  const [title = '', ...rest] = readFileSync(SEED, 'utf8').split('\n');
  // Cleaned as the ingest worker cleans it (the file repeats its headline and paragraphs).
  const result = classifier.classify(cleanPlainStory(title, rest.join('\n')));
  const topics = result.topics.map((t) => t.id);
  const places = result.entities.places.map((p) => p.name);
  console.log(`  seed topics: ${result.topics.map((t) => `${t.id}(${t.score})`).join(' ')}`);
  console.log(`  seed places: ${result.entities.places.map((p) => `${p.name}×${p.count}`).join(' ')}`);
  console.log(`  seed people: ${result.entities.people.map((p) => `${p.name}×${p.count}`).join(' ')}`);
  const ok = ['diplomacy', 'defense', 'energy', 'trade', 'politics', 'economy'].every((t) => topics.includes(t))
    && ['Russia', 'Iran', 'Azerbaijan', 'Ukraine'].every((p) => places.includes(p));
  console.log(`  seed: ${ok ? 'ok' : 'MISSED'}`);
  return ok;
}

interface ThroughputResult {
  rate: number;
  wallRate: number;
  baselineRatio: number;
  stories: number;
  words: number;
}

/**
 * Stories per second on one core, in the steady state a long-running worker sees: one full warm-up
 * pass over the sample (JIT compilation), then three timed passes; the median pass counts. Time is
 * the loop's CPU time (process.cpuUsage, user + system, V8's helper threads included), so other
 * processes competing for the shared cores do not count against it; wall-clock is reported too.
 */
function measureThroughput(classifier: Classifier, stories: Story[]): ThroughputResult {
  const sample = stories.slice(0, 3000);
  for (const s of sample) classifier.classify(s);
  let t0 = process.hrtime.bigint();
  let words = 0;
  for (const s of sample) words += `${s.title}\n${s.text}`.toLowerCase().split(/\s+/).length;
  const baselineSec = Number(process.hrtime.bigint() - t0) / 1e9;
  const passes: Array<{ cpu: number; wall: number }> = [];
  for (let pass = 0; pass < 3; pass += 1) {
    const cpu0 = process.cpuUsage();
    t0 = process.hrtime.bigint();
    for (const s of sample) classifier.classify(s);
    const wall = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpu = process.cpuUsage(cpu0);
    passes.push({ cpu: (cpu.user + cpu.system) / 1e6, wall });
  }
  passes.sort((a, b) => a.cpu - b.cpu);
  const { cpu, wall } = passes[1]!;
  return { rate: sample.length / cpu, wallRate: sample.length / wall, baselineRatio: wall / baselineSec, stories: sample.length, words: words / sample.length };
}

/**
 * Throughput measured in a fresh child process (this script with `--throughput [MODEL]`), as the
 * ingest worker runs: it loads the taxonomy and, for the trained mode, the saved model file, then
 * classifies; so neither mode pays for the other's garbage (training leaves a large heap behind).
 * Falls back to measuring in this process when the child cannot run.
 */
function measureInFreshProcess(modelPath: string | null, fallback: () => ThroughputResult, label: string): number {
  const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, '--throughput', ...(modelPath ? [modelPath] : []), '--topics', topicsPath], { encoding: 'utf8', maxBuffer: 1 << 20 });
  let result: ThroughputResult;
  let where = 'fresh process';
  try {
    if (child.status !== 0) throw new Error(child.stderr || `exit ${String(child.status)}`);
    result = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as ThroughputResult;
  } catch (err) {
    console.log(`  (throughput child failed: ${String((err as Error).message).split('\n')[0]}; measuring in this process)`);
    result = fallback();
    where = 'this process';
  }
  console.log(`  throughput${label}: ${result.rate.toFixed(0)} stories/s per core (${where}, CPU time, median of 3 passes; ${result.wallRate.toFixed(0)}/s wall-clock; ${result.stories} stories, ${result.words.toFixed(0)} words avg); ${result.baselineRatio.toFixed(1)}× the time of a lower-case+split pass`);
  return result.rate;
}

/** `--throughput [MODEL]`: the child side of measureInFreshProcess; prints one JSON line. */
function runThroughputChild(modelPath: string | null): number {
  const taxonomy = loadTaxonomy(topicsPath);
  const mix = [...loadBbc(), ...loadReuters()].sort((a, b) => hashWord(a.id) - hashWord(b.id));
  const classifier = createClassifier({ taxonomy, model: modelPath ? loadLinearModel(modelPath) : null });
  console.log(JSON.stringify(measureThroughput(classifier, mix)));
  return 0;
}

/** "trade@0.52 (CV F1 0.87)": each topic's threshold and the F1 that cross-validation on the train split predicted. */
function describeModel(model: LinearModel): string {
  return model.topics.map((t) => `${t.id}@${t.threshold} (CV F1 ${t.crossValidatedF1 ?? '-'})`).join(' ');
}

function main(): number {
  if (!existsSync(`${DATA}/bbc-news.jsonl`) || !existsSync(`${DATA}/reuters-21578.jsonl`) || !existsSync(SEED)) {
    console.error(`eval-classify: ${DATA} or ${SEED} is missing; run from the repository root with ../shared present`);
    return 2;
  }
  const taxonomy = loadTaxonomy(topicsPath);
  const bbc = loadBbc();
  const reuters = loadReuters();
  const bbcTest = bbc.filter((s) => s.split === 'test');
  const reutersTest = reuters.filter((s) => s.split === 'test');
  const missed: string[] = [];
  const mix = [...bbc, ...reuters].sort((a, b) => hashWord(a.id) - hashWord(b.id));

  console.log('rules (shipped config/topics.yaml):');
  const rules = createClassifier({ taxonomy });
  bbcAccuracy(rules, taxonomy, bbc, 'all');
  if (bbcAccuracy(rules, taxonomy, bbcTest, 'test split') < TARGETS.rules.bbc) missed.push('rules BBC accuracy');
  if (reutersF1(rules, reutersTest, 'energy').f1 < TARGETS.rules.energyF1) missed.push('rules Reuters energy F1');
  if (reutersF1(rules, reutersTest, 'trade').f1 < TARGETS.rules.tradeF1) missed.push('rules Reuters trade F1');
  if (!checkSeed(rules)) missed.push('rules seed');
  if (measureInFreshProcess(null, () => measureThroughput(rules, mix), '') < TARGETS.storiesPerSecond) missed.push('rules throughput');

  console.log('trained (rules + linear model, trained on each train split):');
  const toExamples = (stories: Story[]): TrainingExample[] => stories.filter((s) => s.split === 'train').map((s) => ({ title: s.title, text: s.text, topics: s.topics }));
  let t0 = Date.now();
  const bbcModel = trainLinearModel(toExamples(bbc), { taxonomy });
  console.log(`  BBC model: ${bbcModel.examples} examples, ${describeModel(bbcModel)}, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  t0 = Date.now();
  const reutersModel = trainLinearModel(toExamples(reuters), { taxonomy });
  console.log(`  Reuters model: ${reutersModel.examples} examples, ${describeModel(reutersModel)}, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const bbcTrained = createClassifier({ taxonomy, model: bbcModel });
  const reutersTrained = createClassifier({ taxonomy, model: reutersModel });
  if (bbcAccuracy(bbcTrained, taxonomy, bbcTest, 'test split') < TARGETS.trained.bbc) missed.push('trained BBC accuracy');
  const reutersTrain = reuters.filter((s) => s.split === 'train');
  // The issue scores the trained mode "on the rest" of the data: the LEWISSPLIT test split, and
  // also test + not-used. A target is met only when it holds on both.
  const reutersRest = reuters.filter((s) => s.split !== 'train');
  for (const topic of ['energy', 'trade'] as const) {
    const { f1, errors } = reutersF1(reutersTrained, reutersTest, topic);
    const rest = reutersF1(reutersTrained, reutersRest, topic, 'test + not-used');
    if (Math.min(f1, rest.f1) < TARGETS.trained[`${topic}F1`]) missed.push(`trained Reuters ${topic} F1`);
    explainByNeighbours(errors, reutersTrain, topic);
  }
  if (!checkSeed(reutersTrained)) missed.push('trained seed');
  const dir = mkdtempSync(join(tmpdir(), 'eval-classify-'));
  try {
    const modelPath = join(dir, 'bbc-model.json');
    saveLinearModel(modelPath, bbcModel);
    if (measureInFreshProcess(modelPath, () => measureThroughput(bbcTrained, mix), ' (BBC model, loaded from its file)') < TARGETS.storiesPerSecond) missed.push('trained throughput');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  console.log(missed.length === 0 ? 'all targets met' : `targets missed: ${missed.join(', ')}`);
  return missed.length === 0 ? 0 : 1;
}

const throughputAt = args.indexOf('--throughput');
if (throughputAt >= 0) {
  const next = args[throughputAt + 1];
  process.exitCode = runThroughputChild(next && !next.startsWith('--') ? next : null);
} else process.exitCode = main();
