/**
 * npm run eval:dedup [-- --dataset bbc|reuters|all] [--no-redis] [--repeat N] [--json] [--set name=value,...]
 * npm run eval:dedup -- --memory N [--redis-url URL]   Redis memory of N synthetic stories, per million (a private
 *     redis-server unless --redis-url; keys deleted after)
 * npm run eval:dedup -- --compare-simhash  also: how well 64-bit SimHash separates the same truth, and its speed
 * npm run eval:dedup -- --redis-cpu [--spread] [--repeat N] [--stories N] [--dataset ...] [--redis-url URL] [--cluster-set name=value,...]
 *     Redis CPU per story of the dedup and the cluster index (bench-like synthetic stories, BBC,
 *     Reuters): a private redis-server unless --redis-url, INFO cpu and commandstats deltas, best
 *     of N passes (default 3)
 *
 * Measures the duplicate detector on ../shared/datasets (BBC News, Reuters-21578):
 * 1. ground truth, exact: every pair of documents whose word 5-shingle Jaccard is >= 0.8 (all
 *    pairs, prefix-filtering similarity join on the exact shingle strings; no hashing, no sampling);
 * 2. every document through cleanStoryText + assignStories in file order with a fresh memory index;
 * 3. precision and recall against that truth only (strict: a detected pair with J < 0.8, e.g. a
 *    summary inside its article, is a false positive; how pairs are counted: docs/dedup.md,
 *    "Evaluation"); exact containments among the false pairs are printed as extra information;
 * 4. throughput of clean + fingerprint + lookup, memory index and Redis index (REDIS_URL or
 *    redis://127.0.0.1:6379, a temporary prefix deleted afterwards).
 * Exits 1 when a target is missed (strict precision >= 0.98, recall >= 0.95 on each dataset,
 * >= 10,000 stories/s per core for the memory index and per worker core for the Redis index),
 * 2 when the datasets are absent.
 */
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { assignClusters } from '../src/dedup/assign-clusters.js';
import { assignStories } from '../src/dedup/assign-stories.js';
import type { DedupDecision, DedupInput } from '../src/dedup/assign-stories.js';
import { cleanStoryText } from '../src/dedup/clean-text.js';
import type { ClusterInput } from '../src/dedup/cluster-features.js';
import type { ClusterSettings } from '../src/dedup/cluster-settings.js';
import { resolveClusterSettings } from '../src/dedup/cluster-settings.js';
import type { DedupIndex } from '../src/dedup/dedup-index.js';
import type { DedupSettings } from '../src/dedup/dedup-settings.js';
import { resolveDedupSettings } from '../src/dedup/dedup-settings.js';
import { createMemoryDedupIndex } from '../src/dedup/memory-dedup-index.js';
import { createRedisClusterIndex, deleteClusterKeys } from '../src/dedup/redis-cluster-index.js';
import { createRedisDedupIndex, deleteDedupKeys } from '../src/dedup/redis-dedup-index.js';
import { makeRandom } from '../src/random/make-random.js';
import { readJsonl } from './read-jsonl.js';
import { escapeHtmlText } from '../src/parse/xml-tree.js';

interface Doc {
  id: string;
  title: string;
  text: string;
  titleHtml: string;
  html: string;
}

const DATASETS = {
  bbc: '../shared/datasets/bbc-news.jsonl',
  reuters: '../shared/datasets/reuters-21578.jsonl',
} as const;
type DatasetName = keyof typeof DATASETS;

const TARGET = { precision: 0.98, recall: 0.95, storiesPerCoreSec: 10_000 } as const;
/** Jaccard >= 4/5, kept as a fraction so the join is exact. */
const T_NUM = 4;
const T_DEN = 5;
const BATCH = 100;
let SETTINGS: DedupSettings = resolveDedupSettings();
let CLUSTER_SETTINGS: ClusterSettings = resolveClusterSettings();

interface Args {
  simhash: boolean;
  memory: number;
  datasets: DatasetName[];
  redis: boolean;
  repeat: number;
  json: boolean;
  settings: Partial<DedupSettings>;
  /** --cluster-set name=value,...: cluster index settings (cluster-settings.ts). */
  clusterSettings: Partial<ClusterSettings>;
  redisCpu: boolean;
  /** --spread: with --redis-cpu, stories spread over every generation a lookup reads (steady state). */
  spread: boolean;
  /** --redis-url: measure on this server instead of a private one. */
  redisUrl: string | null;
  benchStories: number;
}

function parseArgs(argv: string[]): Args {
  let datasets: DatasetName[] = ['bbc', 'reuters'];
  let redis = true;
  let repeat = 3;
  let json = false;
  let memory = 0;
  let simhash = false;
  let redisCpu = false;
  let spread = false;
  let redisUrl: string | null = null;
  let benchStories = 10_000;
  const settings: Record<string, number> = {};
  const clusterSettings: Record<string, number> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--set' || a === '--cluster-set') {
      for (const pair of (argv[++i] ?? '').split(',')) {
        const [k, v] = pair.split('=');
        if (k && v !== undefined) (a === '--set' ? settings : clusterSettings)[k.trim()] = Number(v);
      }
    } else if (a === '--dataset') {
      const v = argv[++i];
      datasets = v === 'all' || v === undefined ? ['bbc', 'reuters'] : [v as DatasetName];
    } else if (a === '--compare-simhash') simhash = true;
    else if (a === '--memory') memory = Math.max(1000, Number(argv[++i] ?? 100_000));
    else if (a === '--no-redis') redis = false;
    else if (a === '--repeat') repeat = Math.max(1, Number(argv[++i] ?? 3));
    else if (a === '--json') json = true;
    else if (a === '--redis-cpu') redisCpu = true;
    else if (a === '--spread') spread = true;
    else if (a === '--redis-url') redisUrl = argv[++i] ?? null;
    else if (a === '--stories') benchStories = Math.max(100, Number(argv[++i] ?? 10_000));
  }
  return { simhash, memory, datasets, redis, repeat, json, settings: settings as Partial<DedupSettings>, clusterSettings: clusterSettings as Partial<ClusterSettings>, redisCpu, spread, redisUrl, benchStories };
}

/** The datasets are plain text; a feed carries text as (sanitised) HTML, `<` escaped: so do we. */
function loadDocs(path: string): Doc[] {
  return readJsonl<{ id: string; title: string; text: string }>(path).map((d) => ({ ...d, titleHtml: escapeHtmlText(d.title), html: escapeHtmlText(d.text) }));
}

// ---------------------------------------------------------------- exact ground truth

/** Word 5-shingles as strings (lower-cased runs of letters and digits, as the detector reads words). */
function shingleStrings(text: string): Set<string> {
  const words = text.toLowerCase().match(/[\p{L}\p{N}\p{M}]+/gu) ?? [];
  const out = new Set<string>();
  if (words.length === 0) return out;
  if (words.length < 5) out.add(words.join(' '));
  for (let i = 0; i + 5 <= words.length; i++) out.add(words.slice(i, i + 5).join(' '));
  return out;
}

/** Shingle sets as ascending token ranks (rarest first), for prefix filtering and exact overlaps. */
function rankedSets(sets: Set<string>[]): Int32Array[] {
  const df = new Map<string, number>();
  for (const s of sets) for (const x of s) df.set(x, (df.get(x) ?? 0) + 1);
  const order = [...df.keys()].sort((a, b) => (df.get(a) as number) - (df.get(b) as number) || (a < b ? -1 : a > b ? 1 : 0));
  const rank = new Map<string, number>();
  order.forEach((x, i) => rank.set(x, i));
  return sets.map((s) => Int32Array.from([...s].map((x) => rank.get(x) as number)).sort());
}

function overlap(a: Int32Array, b: Int32Array): number {
  let i = 0;
  let j = 0;
  let o = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      o++;
      i++;
      j++;
    } else if ((a[i] as number) < (b[j] as number)) i++;
    else j++;
  }
  return o;
}

/** All pairs (i < j) with Jaccard >= 4/5, by the AllPairs prefix-filtering join; exact. */
function exactPairs(sets: Int32Array[]): Set<string> {
  const order = sets.map((_, i) => i).filter((i) => (sets[i] as Int32Array).length > 0);
  order.sort((a, b) => (sets[a] as Int32Array).length - (sets[b] as Int32Array).length || a - b);
  const postings = new Map<number, number[]>();
  const pairs = new Set<string>();
  for (const x of order) {
    const sx = sets[x] as Int32Array;
    const n = sx.length;
    const minSize = Math.ceil((T_NUM * n) / T_DEN);
    const prefix = n - minSize + 1;
    const candidates = new Set<number>();
    for (let p = 0; p < prefix; p++) {
      const list = postings.get(sx[p] as number);
      if (list) for (const y of list) if ((sets[y] as Int32Array).length >= minSize) candidates.add(y);
    }
    for (const y of candidates) {
      const sy = sets[y] as Int32Array;
      const o = overlap(sx, sy);
      if (T_DEN * o >= T_NUM * (n + sy.length - o)) pairs.add(pairKey(x, y));
    }
    for (let p = 0; p < prefix; p++) {
      const token = sx[p] as number;
      let list = postings.get(token);
      if (!list) {
        list = [];
        postings.set(token, list);
      }
      list.push(x);
    }
  }
  return pairs;
}

function pairKey(a: number, b: number): string {
  return a < b ? `${a}:${b}` : `${b}:${a}`;
}

// ---------------------------------------------------------------- detector

function toInputs(docs: Doc[]): DedupInput[] {
  return docs.map((d) => {
    const cleaned = cleanStoryText({ title: d.titleHtml, contentHtml: d.html });
    return { itemKey: d.id, guid: d.id, canonicalUrl: null, title: cleaned.title, text: cleaned.text, publishedAt: null };
  });
}


async function runDetector(docs: Doc[], index: DedupIndex): Promise<DedupDecision[]> {
  const out: DedupDecision[] = [];
  for (let i = 0; i < docs.length; i += BATCH) {
    const batch = toInputs(docs.slice(i, i + BATCH));
    out.push(...(await assignStories(batch, { index })));
  }
  return out;
}

interface Scores {
  docs: number;
  truthPairs: number;
  detectedPairs: number;
  /** Detected pairs with Jaccard >= 0.8 (the truth). */
  truePositives: number;
  /** Headline: truePositives / detectedPairs, every pair against J >= 0.8 only. */
  precision: number;
  recall: number;
  decisions: Record<string, number>;
  /** Detected pairs and false ones (J < 0.8) by the match of the later item of the pair. */
  pairsByMatch: Record<string, { pairs: number; false: number }>;
  /**
   * Extra information, not a target: detected pairs with J < 0.8 that are an exact containment
   * (>= containThreshold of the shorter text's shingles in the longer, shorter >= minContainedShingles),
   * and the precision one would get counting them correct.
   */
  containment: { falsePairsThatAreContainments: number; precisionCountingContainments: number };
  falsePositives: Array<{ a: string; b: string; match: string; jaccard: number; containment: number }>;
  missed: Array<{ a: string; b: string; jaccard: number }>;
}

/**
 * Pairs are counted per story: when an item is marked a duplicate of story S, it forms a detected
 * pair with every item already in S (so a story must be a clique of J >= 0.8 texts to score well).
 */
function score(docs: Doc[], decisions: DedupDecision[], truth: Set<string>, ranked: Int32Array[]): Scores {
  const members = new Map<string, number[]>();
  const counts: Record<string, number> = {};
  const byMatch: Record<string, { pairs: number; false: number }> = {};
  let detected = 0;
  let tp = 0;
  let containments = 0;
  const detectedKeys = new Set<string>();
  const falsePositives: Scores['falsePositives'] = [];
  decisions.forEach((d, i) => {
    counts[d.match] = (counts[d.match] ?? 0) + 1;
    const list = members.get(d.storyId) ?? [];
    if (d.match !== 'new') {
      const kind = (byMatch[d.match] ??= { pairs: 0, false: 0 });
      for (const m of list) {
        detected++;
        kind.pairs++;
        const key = pairKey(i, m);
        detectedKeys.add(key);
        if (truth.has(key)) {
          tp++;
          continue;
        }
        kind.false++;
        const a = ranked[i] as Int32Array;
        const b = ranked[m] as Int32Array;
        const o = overlap(a, b);
        const jaccard = o / Math.max(1, a.length + b.length - o);
        const containment = o / Math.max(1, Math.min(a.length, b.length));
        if (containment >= SETTINGS.containThreshold && Math.min(a.length, b.length) >= SETTINGS.minContainedShingles) containments++;
        falsePositives.push({ a: docs[m]?.id ?? '', b: docs[i]?.id ?? '', match: d.match, jaccard: round(jaccard), containment: round(containment) });
      }
    }
    list.push(i);
    members.set(d.storyId, list);
  });
  const missed: Scores['missed'] = [];
  let found = 0;
  for (const key of truth) {
    if (detectedKeys.has(key)) found++;
    else {
      const [a, b] = key.split(':').map(Number) as [number, number];
      const o = overlap(ranked[a] as Int32Array, ranked[b] as Int32Array);
      missed.push({ a: docs[a]?.id ?? '', b: docs[b]?.id ?? '', jaccard: round(o / ((ranked[a] as Int32Array).length + (ranked[b] as Int32Array).length - o)) });
    }
  }
  return {
    docs: docs.length,
    truthPairs: truth.size,
    detectedPairs: detected,
    truePositives: tp,
    precision: detected === 0 ? 1 : round(tp / detected),
    recall: truth.size === 0 ? 1 : round(found / truth.size),
    decisions: counts,
    pairsByMatch: byMatch,
    containment: { falsePairsThatAreContainments: containments, precisionCountingContainments: detected === 0 ? 1 : round((tp + containments) / detected) },
    falsePositives,
    missed,
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

// ---------------------------------------------------------------- throughput

interface Throughput {
  stories: number;
  wallSec: number;
  storiesPerSec: number;
  clientCpuSec: number;
  storiesPerClientCoreSec: number;
  redisCpuSec?: number;
  storiesPerCoreSec: number;
}

async function redisCpuSeconds(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const user = Number(/used_cpu_user:([\d.]+)/.exec(info)?.[1] ?? 0);
  const sys = Number(/used_cpu_sys:([\d.]+)/.exec(info)?.[1] ?? 0);
  return user + sys;
}

/**
 * Best of `repeat` timed passes over all documents, each with a fresh index, after one untimed
 * warm-up pass over the first 2,000 (JIT compilation, Redis script loading).
 */
async function measure(
  docs: Doc[],
  repeat: number,
  makeIndex: () => Promise<{ index: DedupIndex; done: () => Promise<void> }>,
  redis?: Redis,
): Promise<{ throughput: Throughput; decisions: DedupDecision[] }> {
  const warm = await makeIndex();
  await runDetector(docs.slice(0, 2000), warm.index);
  await warm.done();
  let best: Throughput | null = null;
  let decisions: DedupDecision[] = [];
  for (let r = 0; r < repeat; r++) {
    const { index, done } = await makeIndex();
    const redisBefore = redis ? await redisCpuSeconds(redis) : 0;
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    decisions = await runDetector(docs, index);
    const wallSec = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpu = process.cpuUsage(cpu0);
    const clientCpuSec = (cpu.user + cpu.system) / 1e6;
    const redisCpuSec = redis ? (await redisCpuSeconds(redis)) - redisBefore : undefined;
    await done();
    const coreSec = clientCpuSec + (redisCpuSec ?? 0);
    const result: Throughput = {
      stories: docs.length,
      wallSec: round(wallSec),
      storiesPerSec: Math.round(docs.length / wallSec),
      clientCpuSec: round(clientCpuSec),
      storiesPerClientCoreSec: Math.round(docs.length / clientCpuSec),
      ...(redisCpuSec === undefined ? {} : { redisCpuSec: round(redisCpuSec) }),
      storiesPerCoreSec: Math.round(docs.length / coreSec),
    };
    if (!best || result.storiesPerCoreSec > best.storiesPerCoreSec) best = result;
  }
  return { throughput: best as Throughput, decisions };
}

// ---------------------------------------------------------------- SimHash, for comparison

/** 64-bit SimHash (two 32-bit halves) of the word 5-shingles of the cleaned text. */
function simhash(text: string): [number, number] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}\p{M}]+/gu) ?? [];
  const counts = new Int32Array(64);
  const shingle = (from: number, to: number): void => {
    let a = 0x811c9dc5;
    for (let i = from; i < to; i++) {
      const w = words[i] as string;
      for (let c = 0; c < w.length; c++) a = Math.imul(a ^ w.charCodeAt(c), 0x01000193);
      a = Math.imul(a ^ 32, 0x01000193);
    }
    const h1 = mixBits(a);
    const h2 = mixBits(a ^ 0x5bd1e995);
    for (let b = 0; b < 32; b++) {
      counts[b] = (counts[b] as number) + ((h1 >>> b) & 1 ? 1 : -1);
      counts[b + 32] = (counts[b + 32] as number) + ((h2 >>> b) & 1 ? 1 : -1);
    }
  };
  if (words.length > 0 && words.length < 5) shingle(0, words.length);
  for (let i = 0; i + 5 <= words.length; i++) shingle(i, i + 5);
  let lo = 0;
  let hi = 0;
  for (let b = 0; b < 32; b++) {
    if ((counts[b] as number) > 0) lo |= 1 << b;
    if ((counts[b + 32] as number) > 0) hi |= 1 << b;
  }
  return [lo >>> 0, hi >>> 0];
}

function mixBits(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/** Precision and recall of "Hamming distance <= k" against the truth, all pairs, for each k. */
function compareSimhash(docs: Doc[], truth: Set<string>): { docsPerSec: number; byDistance: Array<{ k: number; precision: number; recall: number }> } {
  const texts = docs.map((d) => cleanStoryText({ title: d.titleHtml, contentHtml: d.html }).text);
  const t0 = process.hrtime.bigint();
  const hashes = texts.map(simhash);
  const sec = Number(process.hrtime.bigint() - t0) / 1e9;
  const maxK = 16;
  const found = new Array<number>(maxK + 1).fill(0);
  const hits = new Array<number>(maxK + 1).fill(0);
  for (let i = 0; i < hashes.length; i++) {
    const [a0, a1] = hashes[i] as [number, number];
    for (let j = i + 1; j < hashes.length; j++) {
      const [b0, b1] = hashes[j] as [number, number];
      const d = popcount(a0 ^ b0) + popcount(a1 ^ b1);
      if (d > maxK) continue;
      found[d] = (found[d] as number) + 1;
      if (truth.has(pairKey(i, j))) hits[d] = (hits[d] as number) + 1;
    }
  }
  const byDistance: Array<{ k: number; precision: number; recall: number }> = [];
  let f = 0;
  let h = 0;
  for (let k = 0; k <= maxK; k++) {
    f += found[k] as number;
    h += hits[k] as number;
    byDistance.push({ k, precision: f === 0 ? 1 : round(h / f), recall: truth.size === 0 ? 1 : round(h / truth.size) });
  }
  return { docsPerSec: Math.round(docs.length / sec), byDistance };
}

// ---------------------------------------------------------------- Redis memory


/** News-shaped synthetic stories: 8 paragraphs, about 450 words, a title, a URL, some names. */
function syntheticStories(n: number, seed: number): Array<{ dedup: DedupInput; cluster: ClusterInput }> {
  const next = makeRandom(seed);
  const word = (): string => {
    const r = next();
    const rank = Math.floor(Math.exp(r * Math.log(40_000))); // Zipf-like ranks 1..40,000
    const w = `w${rank.toString(36)}`;
    return next() < 0.08 ? `N${w}` : w;
  };
  const sentence = (k: number): string => `${Array.from({ length: k }, word).join(' ')}.`;
  const out: Array<{ dedup: DedupInput; cluster: ClusterInput }> = [];
  for (let i = 0; i < n; i++) {
    const title = sentence(9).slice(0, -1);
    const text = Array.from({ length: 8 }, () => `${sentence(20)} ${sentence(16)} ${sentence(20)}`).join('\n\n');
    const id = `mem-${seed}-${i}`;
    out.push({
      dedup: { itemKey: id, guid: `https://synthetic.example/${id}`, canonicalUrl: `https://synthetic.example/${id}`, title, text, publishedAt: null },
      cluster: { storyId: id, title, text, publishedAt: null },
    });
  }
  return out;
}

async function usedMemory(redis: Redis): Promise<number> {
  return Number(/used_memory:(\d+)/.exec(await redis.info('memory'))?.[1] ?? 0);
}

/** INFO memory before and after N synthetic stories under a temporary prefix, extrapolated, keys deleted. */
async function measureMemory(n: number, url: string | null): Promise<Record<string, unknown>> {
  const own = url === null ? await startPrivateRedis() : null;
  const redis = new Redis(url ?? own?.url ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
  const prefix = `eval-dedup-mem-${randomBytes(4).toString('hex')}`;
  try {
    const stories = syntheticStories(n, 7);
    const dedupIndex = createRedisDedupIndex(redis, { prefix, settings: SETTINGS });
    const clusterIndex = createRedisClusterIndex(redis, { prefix, settings: CLUSTER_SETTINGS });
    await assignStories(stories.slice(0, 1).map((s) => ({ ...s.dedup, itemKey: 'warm' })), { index: dedupIndex });
    await deleteDedupKeys(redis, prefix);
    const m0 = await usedMemory(redis);
    for (let i = 0; i < n; i += 500) await assignStories(stories.slice(i, i + 500).map((s) => s.dedup), { index: dedupIndex });
    const m1 = await usedMemory(redis);
    for (let i = 0; i < n; i += 500) await assignClusters(stories.slice(i, i + 500).map((s) => s.cluster), { index: clusterIndex });
    const m2 = await usedMemory(redis);
    const dedupKeys = await deleteDedupKeys(redis, prefix);
    const clusterKeys = await deleteClusterKeys(redis, prefix);
    const perStory = (m1 - m0) / n;
    const perStoryCluster = (m2 - m1) / n;
    return {
      stories: n,
      dedupBytesPerStory: Math.round(perStory),
      dedupMiBPerMillionStories: Math.round((perStory * 1e6) / 2 ** 20),
      clusterBytesPerStory: Math.round(perStoryCluster),
      clusterMiBPerMillionStories: Math.round((perStoryCluster * 1e6) / 2 ** 20),
      keysDeleted: dedupKeys + clusterKeys,
    };
  } finally {
    await deleteDedupKeys(redis, prefix);
    await deleteClusterKeys(redis, prefix);
    redis.disconnect();
    await own?.stop();
  }
}

// ---------------------------------------------------------------- Redis CPU per story

/** Words of the bench's synthetic feeds' kind: a fixed vocabulary of 200 made-up words. */
function syntheticVocabulary(next: () => number): string[] {
  const onsets = ['b', 'br', 'c', 'd', 'dr', 'f', 'g', 'gr', 'h', 'k', 'l', 'm', 'n', 'p', 'pl', 'r', 's', 'st', 't', 'tr', 'v', 'w'];
  const vowels = ['a', 'e', 'i', 'o', 'u', 'ai', 'ou'];
  const codas = ['', 'n', 'r', 'l', 'st', 'nd', 'm', 'x'];
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const words = new Set<string>();
  while (words.size < 200) {
    const syllables = 2 + Math.floor(next() * 2);
    let w = '';
    for (let s = 0; s < syllables; s++) w += pick(onsets) + pick(vowels);
    words.add(w + pick(codas));
  }
  return [...words];
}

/**
 * Stories shaped like `npm run bench`'s feed farm: a title of 8 words and `(feed/n)`, three
 * paragraphs of 25-39 words drawn uniformly from a 200-word vocabulary, sentence case.
 */
function benchLikeStories(n: number, seed: number): Array<{ title: string; html: string; id: string }> {
  const next = makeRandom(seed);
  const vocabulary = syntheticVocabulary(next);
  const sentence = (words: number): string => {
    const s = Array.from({ length: words }, () => vocabulary[Math.floor(next() * vocabulary.length)] as string).join(' ');
    return `${(s[0] as string).toUpperCase()}${s.slice(1)}.`;
  };
  return Array.from({ length: n }, (_, i) => {
    const feed = Math.floor(i / 25);
    const item = i % 25;
    const paragraphs = Array.from({ length: 3 }, () => sentence(25 + Math.floor(next() * 15)));
    return { id: `bench-${seed}-${i}`, title: `${sentence(8).slice(0, -1)} (${feed}/${item})`, html: paragraphs.map((p) => `<p>${p}</p>`).join('') };
  });
}

interface CommandStat {
  calls: number;
  usec: number;
}

async function commandStats(redis: Redis): Promise<Map<string, CommandStat>> {
  const out = new Map<string, CommandStat>();
  for (const m of (await redis.info('commandstats')).matchAll(/^cmdstat_([^:]+):calls=(\d+),usec=(\d+)/gm)) {
    out.set(m[1] as string, { calls: Number(m[2]), usec: Number(m[3]) });
  }
  return out;
}

/** Per command: calls and microseconds between two snapshots (INFO itself left out). */
function statsDelta(before: Map<string, CommandStat>, after: Map<string, CommandStat>): Record<string, CommandStat> {
  const out: Record<string, CommandStat> = {};
  for (const [name, a] of after) {
    if (name === 'info') continue;
    const b = before.get(name) ?? { calls: 0, usec: 0 };
    if (a.calls > b.calls) out[name] = { calls: a.calls - b.calls, usec: a.usec - b.usec };
  }
  return out;
}

interface RedisCpuFigures {
  stories: number;
  /** Redis process CPU (INFO cpu used_cpu_user + used_cpu_sys), per story: the real cost, parsing and replies included. */
  processMsPerStory: number;
  /** Time inside scripts (EVALSHA + EVAL in INFO commandstats), per story. */
  scriptMsPerStory: number;
  /** Time inside every command: scripts plus commands sent from Node (commands a script calls are counted in both). */
  commandMsPerStory: number;
  /** Node CPU of the call (features, scoring, protocol), per story. */
  clientMsPerStory: number;
  commands: Record<string, CommandStat>;
}

/** Runs `work` and measures Redis and Node CPU around it. */
async function measureRedisCpu(redis: Redis, stories: number, work: () => Promise<void>): Promise<RedisCpuFigures> {
  const stats0 = await commandStats(redis);
  const cpu0 = await redisCpuSeconds(redis);
  const client0 = process.cpuUsage();
  await work();
  const client = process.cpuUsage(client0);
  const cpu1 = await redisCpuSeconds(redis);
  const commands = statsDelta(stats0, await commandStats(redis));
  let scriptUsec = 0;
  let commandUsec = 0;
  for (const [name, s] of Object.entries(commands)) {
    commandUsec += s.usec;
    if (name === 'evalsha' || name === 'eval') scriptUsec += s.usec;
  }
  const perStory = (x: number): number => Math.round((x / Math.max(1, stories)) * 10_000) / 10_000;
  return {
    stories,
    processMsPerStory: perStory((cpu1 - cpu0) * 1000),
    scriptMsPerStory: perStory(scriptUsec / 1000),
    commandMsPerStory: perStory(commandUsec / 1000),
    clientMsPerStory: perStory((client.user + client.system) / 1000),
    commands,
  };
}

async function freeTcpPort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * A private redis-server (no persistence) on a free port, so that INFO figures count only this
 * measurement; null when redis-server is not on the PATH.
 */
async function startPrivateRedis(): Promise<{ url: string; stop: () => Promise<void> } | null> {
  const { spawn } = await import('node:child_process');
  const port = await freeTcpPort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'], { stdio: 'ignore' });
  const failed = await new Promise<boolean>((resolve) => {
    child.once('error', () => resolve(true));
    setTimeout(() => resolve(false), 300);
  });
  if (failed || child.exitCode !== null) return null;
  const url = `redis://127.0.0.1:${port}`;
  const probe = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    for (let i = 0; i < 50; i++) {
      try {
        await probe.connect();
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    await probe.ping();
  } finally {
    probe.disconnect();
  }
  return {
    url,
    stop: async () => {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

interface CpuWorkload {
  name: string;
  docs: Array<{ id: string; title: string; html: string }>;
}

/**
 * `--redis-cpu`: per workload, every story through cleanStoryText and assignStories (Redis dedup
 * index, batches of 25 like one feed's poll), then the new stories through assignClusters (Redis
 * cluster index), each phase measured on its own: Redis process CPU, time inside commands (INFO
 * commandstats deltas) and Node CPU, per story. Keys live under a temporary prefix, deleted after.
 */
async function measureRedisCpuPerStory(opts: { url: string | null; benchStories: number; datasets: DatasetName[]; spread: boolean; repeat: number }): Promise<Record<string, unknown>> {
  const own = opts.url === null ? await startPrivateRedis() : null;
  const url = opts.url ?? own?.url ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  const report: Record<string, unknown> = {
    redis: own ? 'private redis-server (only this measurement)' : `${url} (shared: other clients' commands are counted too)`,
    generations: opts.spread ? 'spread over every generation a lookup reads' : 'one generation',
    passes: `best of ${opts.repeat} per phase`,
  };
  const workloads: CpuWorkload[] = [{ name: 'bench-like', docs: benchLikeStories(opts.benchStories, 11) }];
  for (const d of opts.datasets) {
    if (existsSync(DATASETS[d])) workloads.push({ name: d, docs: loadDocs(DATASETS[d]).map((x) => ({ id: x.id, title: x.titleHtml, html: x.html })) });
  }
  const batch = 25;
  try {
    // warm-up: scripts loaded, JIT compiled
    const warmPrefix = `eval-dedup-cpu-warm-${randomBytes(4).toString('hex')}`;
    await runCpuWorkload(redis, warmPrefix, (workloads[0] as CpuWorkload).docs.slice(0, 500), batch);
    await deleteDedupKeys(redis, warmPrefix);
    await deleteClusterKeys(redis, warmPrefix);
    for (const w of workloads) {
      let best: CpuPass | null = null;
      for (let r = 0; r < opts.repeat; r++) {
        const pass = await runCpuPass(redis, w, batch, opts.spread);
        if (!best) best = pass;
        else {
          if (pass.dedup.processMsPerStory < best.dedup.processMsPerStory) best.dedup = pass.dedup;
          if (pass.cluster.processMsPerStory < best.cluster.processMsPerStory) best.cluster = pass.cluster;
        }
      }
      report[w.name] = best;
    }
  } finally {
    redis.disconnect();
    await own?.stop();
  }
  return report;
}

interface CpuPass {
  stories: number;
  newStories: number;
  clusters: number;
  dedup: RedisCpuFigures;
  cluster: RedisCpuFigures;
}

/** One measured pass of a workload under a fresh temporary prefix (deleted after). */
async function runCpuPass(redis: Redis, w: CpuWorkload, batch: number, spread: boolean): Promise<CpuPass> {
  const prefix = `eval-dedup-cpu-${randomBytes(4).toString('hex')}`;
  try {
    const cleaned = w.docs.map((d) => ({ id: d.id, ...cleanStoryText({ title: d.title, contentHtml: d.html }) }));
    // spread: the clock moves through every generation a lookup reads, so that later stories meet
    // a full index (steady state); otherwise everything lands in one generation, as in a short run
    // of the service.
    const batches = Math.max(1, Math.ceil(cleaned.length / batch));
    const start = Date.now();
    let batchNo = 0;
    const clock = (spanSec: number) => () => start + (spread ? Math.floor((batchNo / batches) * spanSec * 1000) : 0);
    const dedupIndex = createRedisDedupIndex(redis, { prefix, settings: SETTINGS, now: clock((SETTINGS.generations + 1) * (SETTINGS.windowSec / SETTINGS.generations)) });
    const decisions: DedupDecision[] = [];
    const dedup = await measureRedisCpu(redis, cleaned.length, async () => {
      for (let i = 0; i < cleaned.length; i += batch, batchNo++) {
        const inputs = cleaned.slice(i, i + batch).map((c) => ({ itemKey: c.id, guid: c.id, canonicalUrl: null, title: c.title, text: c.text, publishedAt: null }));
        decisions.push(...(await assignStories(inputs, { index: dedupIndex })));
      }
    });
    const fresh = cleaned.flatMap((c, k) => {
      const d = decisions[k] as DedupDecision;
      return d.duplicateOf === null ? [{ storyId: d.storyId, title: c.title, text: c.text, publishedAt: null }] : [];
    });
    batchNo = 0;
    const clusterSpan = (CLUSTER_SETTINGS.generations + 1) * (CLUSTER_SETTINGS.windowSec / CLUSTER_SETTINGS.generations);
    const clusterIndex = createRedisClusterIndex(redis, { prefix, settings: CLUSTER_SETTINGS, now: clock(clusterSpan) });
    const clusterIds: string[] = [];
    const cluster = await measureRedisCpu(redis, fresh.length, async () => {
      for (let i = 0; i < fresh.length; i += batch, batchNo++) clusterIds.push(...(await assignClusters(fresh.slice(i, i + batch), { index: clusterIndex })));
    });
    return { stories: cleaned.length, newStories: fresh.length, clusters: new Set(clusterIds).size, dedup, cluster };
  } finally {
    await deleteDedupKeys(redis, prefix);
    await deleteClusterKeys(redis, prefix);
  }
}

async function runCpuWorkload(redis: Redis, prefix: string, docs: CpuWorkload['docs'], batch: number): Promise<void> {
  const dedupIndex = createRedisDedupIndex(redis, { prefix, settings: SETTINGS });
  const clusterIndex = createRedisClusterIndex(redis, { prefix, settings: CLUSTER_SETTINGS });
  for (let i = 0; i < docs.length; i += batch) {
    const cleaned = docs.slice(i, i + batch).map((d) => ({ id: d.id, ...cleanStoryText({ title: d.title, contentHtml: d.html }) }));
    const decisions = await assignStories(cleaned.map((c) => ({ itemKey: c.id, guid: c.id, canonicalUrl: null, title: c.title, text: c.text, publishedAt: null })), { index: dedupIndex });
    const fresh = cleaned.flatMap((c, k) => {
      const d = decisions[k] as DedupDecision;
      return d.duplicateOf === null ? [{ storyId: d.storyId, title: c.title, text: c.text, publishedAt: null }] : [];
    });
    await assignClusters(fresh, { index: clusterIndex });
  }
}

function printRedisCpu(report: Record<string, unknown>): void {
  process.stdout.write(`Redis CPU per story, ${String(report.redis)}, ${String(report.generations)}, ${String(report.passes)}\n`);
  process.stdout.write('  workload      phase    stories  redis-process ms  in-scripts ms  in-commands ms  node ms   (per story)\n');
  for (const [name, value] of Object.entries(report)) {
    if (name === 'redis' || name === 'generations' || name === 'passes') continue;
    const w = value as { stories: number; newStories: number; clusters: number; dedup: RedisCpuFigures; cluster: RedisCpuFigures };
    for (const [phase, f] of [['dedup', w.dedup], ['cluster', w.cluster]] as const) {
      process.stdout.write(
        `  ${name.padEnd(12)}  ${phase.padEnd(7)}  ${String(f.stories).padStart(7)}  ${f.processMsPerStory.toFixed(4).padStart(16)}  ${f.scriptMsPerStory.toFixed(4).padStart(13)}  ${f.commandMsPerStory.toFixed(4).padStart(14)}  ${f.clientMsPerStory.toFixed(4).padStart(7)}\n`,
      );
    }
    process.stdout.write(`  ${name.padEnd(12)}  ${w.newStories} new stories in ${w.clusters} clusters\n`);
  }
}

// ---------------------------------------------------------------- main

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  SETTINGS = resolveDedupSettings(args.settings);
  CLUSTER_SETTINGS = resolveClusterSettings(args.clusterSettings);
  if (args.redisCpu) {
    const report = await measureRedisCpuPerStory({ url: args.redisUrl, benchStories: args.benchStories, datasets: args.datasets, spread: args.spread, repeat: args.repeat });
    if (args.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else printRedisCpu(report);
    return 0;
  }
  if (args.memory > 0) {
    const m = await measureMemory(args.memory, args.redisUrl);
    process.stdout.write(`${JSON.stringify(m, null, 2)}\n`);
    return 0;
  }
  const missing = args.datasets.filter((d) => !existsSync(DATASETS[d]));
  if (missing.length > 0) {
    process.stderr.write(`eval-dedup: datasets not found (${missing.map((d) => DATASETS[d]).join(', ')}); run from the repository root with ../shared present\n`);
    return 2;
  }
  const report: Record<string, unknown> = { settings: SETTINGS, targets: TARGET };
  let ok = true;
  const allDocs: Doc[] = [];
  for (const name of args.datasets) {
    const docs = loadDocs(DATASETS[name]);
    allDocs.push(...docs);
    const t0 = Date.now();
    const ranked = rankedSets(docs.map((d) => shingleStrings(d.text)));
    const truth = exactPairs(ranked);
    const joinMs = Date.now() - t0;
    const decisions = await runDetector(docs, createMemoryDedupIndex({ settings: SETTINGS }));
    const s = score(docs, decisions, truth, ranked);
    const pass = s.precision >= TARGET.precision && s.recall >= TARGET.recall;
    ok &&= pass;
    report[name] = { ...s, groundTruthJoinMs: joinMs, pass, falsePositives: s.falsePositives.slice(0, 20), missed: s.missed.slice(0, 20) };
    if (!args.json) {
      process.stdout.write(
        `${name}: ${s.docs} docs, ${s.truthPairs} truth pairs (J>=0.8, exact join ${joinMs} ms), ${s.detectedPairs} detected pairs\n` +
          `  precision ${s.precision} (${s.truePositives}/${s.detectedPairs} detected pairs with J>=0.8)   recall ${s.recall}   ${pass ? 'PASS' : 'FAIL'}\n` +
          `  decisions ${JSON.stringify(s.decisions)}   pairs by match (pairs/false) ${Object.entries(s.pairsByMatch).map(([k, v]) => `${k} ${v.pairs}/${v.false}`).join(', ')}\n` +
          `  (info) false pairs that are exact containments >= ${SETTINGS.containThreshold}: ${s.containment.falsePairsThatAreContainments}; counting them correct: precision ${s.containment.precisionCountingContainments}\n`,
      );
      for (const fp of s.falsePositives.slice(0, 10)) process.stdout.write(`  false positive ${fp.a} ~ ${fp.b} (${fp.match}, J=${fp.jaccard}, C=${fp.containment})\n`);
      for (const m of s.missed.slice(0, 10)) process.stdout.write(`  missed ${m.a} ~ ${m.b} (J=${m.jaccard})\n`);
    }
    if (args.simhash) {
      const sim = compareSimhash(docs, truth);
      (report[name] as Record<string, unknown>).simhash = sim;
      if (!args.json) {
        process.stdout.write(`  simhash-64 (all pairs, Hamming <= k; fingerprints only: ${sim.docsPerSec} docs/s):\n`);
        for (const r of sim.byDistance.filter((x) => x.k % 2 === 0 || x.k <= 6)) process.stdout.write(`    k=${r.k} precision ${r.precision} recall ${r.recall}\n`);
      }
    }
  }

  const measured = await measure(allDocs, args.repeat, async () => ({ index: createMemoryDedupIndex({ settings: SETTINGS }), done: async () => {} }));
  const memory = measured.throughput;
  report.throughputMemory = memory;
  const memoryPass = memory.storiesPerCoreSec >= TARGET.storiesPerCoreSec;
  ok &&= memoryPass;
  if (!args.json) {
    process.stdout.write(`throughput, memory index: ${memory.storiesPerCoreSec} stories/s per core (${memory.stories} stories, ${memory.wallSec} s wall) ${memoryPass ? 'PASS' : 'FAIL'}\n`);
  }

  if (args.redis) {
    const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1, lazyConnect: true });
    try {
      await redis.connect();
      const prefixes: string[] = [];
      const { throughput: r, decisions: shared } = await measure(
        allDocs,
        args.repeat,
        async () => {
          const prefix = `eval-dedup-${randomBytes(4).toString('hex')}`;
          prefixes.push(prefix);
          return { index: createRedisDedupIndex(redis, { prefix, settings: SETTINGS }), done: async () => void (await deleteDedupKeys(redis, prefix)) };
        },
        redis,
      );
      report.throughputRedis = r;
      const redisPass = r.storiesPerClientCoreSec >= TARGET.storiesPerCoreSec;
      // The Lua twin must decide exactly as the memory index, item by item, on both datasets in one index.
      const differing = shared.findIndex((d, i) => JSON.stringify(d) !== JSON.stringify(measured.decisions[i]));
      const same = differing < 0 && shared.length === measured.decisions.length;
      report.redisDecidesAsMemory = same;
      ok &&= redisPass && same;
      if (!args.json) {
        process.stdout.write(
          `throughput, Redis index: ${r.storiesPerClientCoreSec} stories/s per worker core (client CPU ${r.clientCpuSec} s) ${redisPass ? 'PASS' : 'FAIL'}; ` +
            `${r.storiesPerSec} stories/s wall; ${r.storiesPerCoreSec} stories/s per core counting Redis CPU too (${r.redisCpuSec} s)\n` +
            `Redis index decisions identical to the memory index's (${shared.length} stories): ${same ? 'yes' : `NO, first difference at ${allDocs[differing]?.id ?? differing}`}\n`,
        );
      }
    } finally {
      redis.disconnect();
    }
  }
  report.pass = ok;
  if (args.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else process.stdout.write(ok ? 'all targets met\n' : 'TARGET MISSED\n');
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`eval-dedup: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
