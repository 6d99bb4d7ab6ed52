import path from 'node:path';
import { createInterface } from 'node:readline';
import { createClassifier } from '../classify/classifier.js';
import { loadLinearModel } from '../classify/model-file.js';
import { loadTaxonomy } from '../classify/taxonomy.js';
import { assignClusters } from '../dedup/assign-clusters.js';
import { assignStories } from '../dedup/assign-stories.js';
import type { ClusterIndex } from '../dedup/cluster-index.js';
import type { DedupIndex } from '../dedup/dedup-index.js';
import { createMemoryClusterIndex } from '../dedup/memory-cluster-index.js';
import { createMemoryDedupIndex } from '../dedup/memory-dedup-index.js';
import { createRedisClusterIndex } from '../dedup/redis-cluster-index.js';
import { createRedisDedupIndex } from '../dedup/redis-dedup-index.js';
import { toIngestError } from '../errors.js';
import { createMemoryCounters } from '../metrics/counters.js';
import { canonicalUrl } from '../normalize/canonical-url.js';
import { ingestBatch, type IngestDeps } from '../pipeline/ingest-batch.js';
import type { IngestItem } from '../pipeline/ingest-item.js';
import { createRedis } from '../queue/redis-connection.js';
import type { StoryWriteResult } from '../store/story-store.js';
import { CliError, CLI_ERROR_CODES } from './cli-errors.js';
import { writeJsonLine, type CliIO } from './cli-io.js';
import { COMMAND_SPECS, readCommandArgs, writeUsageError } from './command-table.js';
import pino from 'pino';
import { escapeHtmlText } from '../parse/xml-tree.js';

const SPEC = COMMAND_SPECS.cluster;

interface Line {
  /** The id as text: the item's key in the ingest code (ids that read the same are one id). */
  id: string;
  /** The id as the line gave it (a string or a number), as it is written back. */
  given: string | number;
  title: string;
  text: string;
  url: string | null;
  publishedAt: string | null;
}

function readLine(raw: string, lineNo: number): Line {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new CliError(CLI_ERROR_CODES.clusterInputInvalid, `line ${lineNo} is not JSON`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new CliError(CLI_ERROR_CODES.clusterInputInvalid, `line ${lineNo} is not a JSON object`);
  const row = parsed as Record<string, unknown>;
  const id = row.id;
  if ((typeof id !== 'string' && typeof id !== 'number') || String(id) === '') throw new CliError(CLI_ERROR_CODES.clusterInputInvalid, `line ${lineNo} has no id`);
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  return { id: String(id), given: id, title: str(row.title), text: str(row.text), url: typeof row.url === 'string' ? row.url : null, publishedAt: typeof row.publishedAt === 'string' ? row.publishedAt : null };
}

/** An id already taken: the line that gave it first, and how it gave it. */
type SeenIds = Map<string, { lineNo: number; given: string | number }>;

/**
 * Takes a line's id for it; CLUSTER_INPUT_INVALID (the id in its details) when an earlier line
 * has it: each line is one item, and an id that says which is the copy of which must name one.
 * `1` and `"1"` are one id (both are the item key "1").
 */
function claimId(seen: SeenIds, line: Line, lineNo: number): void {
  const first = seen.get(line.id);
  if (first) {
    const alike = typeof first.given === typeof line.given ? '' : ` (as ${JSON.stringify(first.given)}: ids that read the same are one id)`;
    throw new CliError(CLI_ERROR_CODES.clusterInputInvalid, `line ${lineNo}: id ${JSON.stringify(line.given)} was given on line ${first.lineNo} already${alike}; give each line an id of its own`, { details: { id: line.given } });
  }
  seen.set(line.id, { lineNo, given: line.given });
}

/**
 * `newsfeed cluster --jsonl`: lines {"id","title","text","url","publishedAt"} in arrival order →
 * lines {"id","clusterId","duplicateOf"}. Each batch of lines runs through ingestBatch, the ingest
 * worker's own code (clean → dedup → classify → cluster), with in-memory indexes (or the Redis ones
 * with --redis), and nothing stored. Ids out are input line ids, as the lines gave them (a number
 * stays a number): `duplicateOf` is the line that started the story, `clusterId` the line that
 * started the event. A line whose id an earlier line had is CLUSTER_INPUT_INVALID (the others go on).
 */
export async function runCluster(args: string[], io: CliIO): Promise<number> {
  const read = readCommandArgs(SPEC, args, io);
  if (typeof read === 'number') return read;
  const batch = Number(read.values['--batch'] ?? '100');
  const topics = read.values['--topics'] ?? 'config/topics.yaml';
  const modelPath = read.values['--model'];
  const redisUrl = read.values['--redis'];
  const prefix = read.values['--prefix'] ?? 'newsfeed-cli';
  if (!read.flags.has('--jsonl')) return writeUsageError(SPEC, '--jsonl is required', io);
  if (read.operands.length) return writeUsageError(SPEC, `unexpected argument ${read.operands[0]}`, io);
  if (!Number.isInteger(batch) || batch < 1) return writeUsageError(SPEC, '--batch must be a positive integer', io);
  let classifier;
  try {
    const model = modelPath ? loadLinearModel(path.resolve(io.cwd, modelPath)) : null;
    classifier = createClassifier({ taxonomy: loadTaxonomy(path.resolve(io.cwd, topics)), model });
  } catch (err) {
    const e = toIngestError(err);
    io.stderr.write(`newsfeed cluster: ${e.code}: ${e.message}\n`);
    return 2;
  }
  const redis = redisUrl ? createRedis(redisUrl, { name: 'newsfeed:cluster-cli', failFast: true }) : null;
  // A Redis that does not answer fails the index calls (DEDUP_INDEX_UNAVAILABLE); its connection errors need no second report.
  redis?.on('error', () => undefined);
  const dedupIndex: DedupIndex = redis ? createRedisDedupIndex(redis, { prefix }) : createMemoryDedupIndex();
  const clusterIndex: ClusterIndex = redis ? createRedisClusterIndex(redis, { prefix }) : createMemoryClusterIndex();

  const lineOfStory = new Map<string, string>();
  /** Each id taken (as text): the line that gave it, and how (written back as given). */
  const seenIds: SeenIds = new Map();
  const givenId = (key: string): string | number => seenIds.get(key)?.given ?? key;
  const clusterOf = new Map<string, string>();
  const deps: IngestDeps = {
    // Nothing is stored: no story has a standfirst to hand on.
    store: {
      writeStories: async (writes) => writes.map((w): StoryWriteResult => ({ itemKey: w.source.itemKey, storyId: w.storyId, created: w.canonical, sourceAdded: true, textReplaced: false })),
      storyTexts: async () => new Map(),
    },
    dedup: (docs) => assignStories(docs, { index: dedupIndex }),
    cluster: async (docs) => {
      const ids = await assignClusters(docs, { index: clusterIndex });
      docs.forEach((d, i) => clusterOf.set(d.storyId, ids[i]!));
      return ids;
    },
    classify: (input) => classifier.classify(input),
    publish: async () => {},
    counters: createMemoryCounters(),
    log: pino({ level: 'silent' }),
  };

  let failed = false;
  let pending: Array<{ line: Line | null; error?: { code: string; message: string }; id: string | number | null }> = [];
  const flush = async () => {
    const good = pending.filter((p) => p.line) as Array<{ line: Line }>;
    const items: IngestItem[] = good.map(({ line }) => ({
      key: line.id,
      guid: '',
      url: line.url,
      canonicalUrl: line.url ? canonicalUrl(line.url) : null,
      title: escapeHtmlText(line.title),
      summary: '',
      contentHtml: escapeHtmlText(line.text),
      publishedAt: line.publishedAt,
      author: null,
      categories: [],
      contentHash: '',
    }));
    const outcomes = items.length ? await ingestBatch({ feedId: 0, feedUrl: 'stdin', items }, deps) : [];
    const byKey = new Map(outcomes.map((o) => [o.itemKey, o]));
    for (const p of pending) {
      const outcome = p.line ? byKey.get(p.line.id) : undefined;
      if (!p.line || !outcome || outcome.status === 'failed' || !outcome.storyId) {
        failed = true;
        writeJsonLine(io.stdout, { id: p.id, error: p.error ?? outcome?.error ?? { code: CLI_ERROR_CODES.clusterFailed, message: 'not clustered' } });
        continue;
      }
      const storyId = outcome.storyId;
      if (!lineOfStory.has(storyId)) lineOfStory.set(storyId, p.line.id);
      const first = lineOfStory.get(storyId)!;
      const cluster = clusterOf.get(storyId) ?? storyId;
      // A cluster or story begun before this run (the --redis indexes) has no line: its own id then.
      const clusterLine = lineOfStory.get(cluster);
      writeJsonLine(io.stdout, { id: p.line.given, clusterId: clusterLine === undefined ? cluster : givenId(clusterLine), duplicateOf: first === p.line.id ? null : givenId(first) });
    }
    pending = [];
  };

  try {
    let lineNo = 0;
    for await (const raw of createInterface({ input: io.stdin, crlfDelay: Infinity })) {
      lineNo++;
      if (!raw.trim()) continue;
      try {
        const line = readLine(raw, lineNo);
        claimId(seenIds, line, lineNo);
        pending.push({ line, id: line.given });
      } catch (err) {
        const e = toIngestError(err, CLI_ERROR_CODES.clusterInputInvalid);
        const id = e.details.id;
        pending.push({ line: null, id: typeof id === 'string' || typeof id === 'number' ? id : null, error: { code: e.code, message: e.message } });
      }
      if (pending.length >= batch) await flush();
    }
    await flush();
  } finally {
    redis?.disconnect();
  }
  return failed ? 1 : 0;
}
