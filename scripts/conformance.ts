/**
 * Conformance of the parse stage against feeds nobody on this team wrote (../shared/corpora), with
 * rss-parser measured the same way in the same run as the baseline.
 *
 *   npm run conformance                   # all numbers; exit 1 when a target is missed
 *   npm run conformance -- --failures     # also list the failing files of each measure
 *   npm run conformance -- --bench-seconds 3
 *
 * Measures:
 *  1. files answered: every corpus file gives a result or a ParseError (target: all);
 *  2. well-formed feeds parsed: feedparser tests/wellformed plus the real feeds of rss-parser and
 *     miniflux (target ≥ 98%);
 *  3. feedparser `Expect:` checks on title, link and id (feed and entries): each file's Python
 *     expression, evaluated by the small evaluator below over our output mapped to feedparser's keys
 *     (target ≥ 90%);
 *  4. files whose output still carries script, event handlers or javascript:/vbscript: URLs (target 0);
 *  5. throughput in items/s on the real feeds (target: at least rss-parser's).
 *
 * Key mapping (ours → feedparser): recovered → bozo; feed.title/link → feed title/link; item guid →
 * entries[i].id and .guid; item url → .link; item title → .title. Our titles are plain text by contract,
 * so a title is compared with the plain text of feedparser's expected value (tags stripped, entities
 * decoded). A null link is a missing key, as in feedparser.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import Parser from 'rss-parser';
import type { ParsedFeed } from '../src/model.js';
import { ParseError } from '../src/parse/errors.js';
import { findUnsafeMarkup } from '../src/parse/find-unsafe-markup.js';
import { htmlToText } from '../src/parse/html-to-text.js';
import { parseFeed } from '../src/parse/parse-feed.js';

const CORPORA = '../shared/corpora';
const DOC_URL_ROOT = 'http://127.0.0.1:8097/';
const TARGETS = { wellformed: 0.98, checks: 0.9, unsafe: 0, throughputRatio: 1 } as const;
const IN_SCOPE_KEYS: ReadonlySet<string> = new Set(['title', 'link', 'id', 'guid']);

interface CorpusFile {
  path: string;
  rel: string;
  bytes: Buffer;
  expect: string | null;
  headers: Record<string, string>;
  wellformed: boolean;
  realFeed: boolean;
}

interface Outcome {
  ok: boolean;
  coded: boolean;
  /** Output mapped to feedparser's shape, for the Expect checks. */
  fp: Record<string, unknown> | null;
  /** Raw output, for the safety scan. */
  raw: unknown;
  items: number;
  error?: string;
}

// ---------------------------------------------------------------------------------------------- corpus

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...listFiles(path));
    else out.push(path);
  }
  return out;
}

function loadCorpus(): CorpusFile[] {
  return listFiles(CORPORA).map((path) => {
    const rel = relative(CORPORA, path);
    const bytes = readFileSync(path);
    const head = bytes.subarray(0, 4096).toString('latin1');
    const comment = /<!--([\s\S]*?)-->/.exec(head)?.[1] ?? '';
    const expect = rel.startsWith('feedparser/') ? (/^\s*Expect:\s*(.+)$/m.exec(comment)?.[1]?.trim() ?? null) : null;
    const headers: Record<string, string> = {};
    for (const m of comment.matchAll(/^\s*Header:\s*([\w-]+):\s*(.*)$/gm)) headers[m[1]!.toLowerCase()] = m[2]!.trim();
    const looksLikeFeed = /<(rss|feed|rdf:RDF)[\s>]/.test(head);
    const realFeed = (rel.startsWith('rss-parser/test/input/') || rel.startsWith('miniflux/internal/reader/')) && looksLikeFeed;
    return { path, rel, bytes, expect, headers, wellformed: rel.startsWith('feedparser/tests/wellformed/') || realFeed, realFeed };
  });
}

/** The URL feedparser's test server served a file at, or its Content-Location. */
function resolveBaseUrl(file: CorpusFile): string | null {
  if (!file.rel.startsWith('feedparser/')) return null;
  const docUrl = DOC_URL_ROOT + file.rel.slice('feedparser/'.length);
  const location = file.headers['content-location'];
  if (!location) return docUrl;
  try {
    const url = new URL(location, docUrl);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : docUrl;
  } catch {
    return docUrl;
  }
}

// ---------------------------------------------------------------------------------------------- parsers

function runOurs(file: CorpusFile): Outcome {
  try {
    const feed = parseFeed(file.bytes, { contentType: file.headers['content-type'] ?? null, url: resolveBaseUrl(file) });
    return { ok: true, coded: true, fp: mapOurs(feed), raw: feed, items: feed.items.length };
  } catch (err) {
    const coded = err instanceof ParseError;
    return { ok: false, coded, fp: null, raw: null, items: 0, error: coded ? err.code : String(err) };
  }
}

function mapOurs(feed: ParsedFeed): Record<string, unknown> {
  const withLink = (obj: Record<string, unknown>, link: string | null): Record<string, unknown> => (link === null ? obj : { ...obj, link });
  return {
    bozo: feed.recovered,
    encoding: feed.encoding,
    feed: withLink({ title: feed.feed.title }, feed.feed.link),
    entries: feed.items.map((item) => withLink({ title: item.title, id: item.guid, guid: item.guid }, item.url)),
  };
}

const rssParser = new Parser();
/** rss-parser never settles on some inputs (its callback is never called): give up after this long. */
const RSS_PARSER_TIMEOUT_MS = 5000;

function raceTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function runRssParser(file: CorpusFile): Promise<Outcome> {
  try {
    const out = (await raceTimeout(rssParser.parseString(file.bytes.toString('utf8')), RSS_PARSER_TIMEOUT_MS)) as Record<string, unknown> & {
      items?: Array<Record<string, unknown>>;
    };
    const items = out.items ?? [];
    const pick = (obj: Record<string, unknown>, keys: Record<string, string>): Record<string, unknown> => {
      const res: Record<string, unknown> = {};
      for (const [to, from] of Object.entries(keys)) if (obj[from] !== undefined) res[to] = obj[from];
      return res;
    };
    const fp = {
      bozo: false,
      feed: pick(out, { title: 'title', link: 'link', id: 'id' }),
      entries: items.map((item) => ({ ...pick(item, { title: 'title', link: 'link', guid: 'guid' }), ...pick(item, { id: item.guid === undefined ? 'id' : 'guid' }) })),
    };
    return { ok: true, coded: true, fp, raw: out, items: items.length };
  } catch (err) {
    return { ok: false, coded: false, fp: null, raw: null, items: 0, error: err instanceof Error ? err.message : String(err) };
  }
}

// ---------------------------------------------------------------------------------------------- safety

const SCRIPT_URL = /^\s*(?:javascript|vbscript):/i;

/** Finds script elements, event handlers and script URLs anywhere in an output (every string, recursively). */
function findUnsafe(value: unknown, path = ''): string | null {
  if (typeof value === 'string') {
    const markup = findUnsafeMarkup(value, { strict: false });
    if (markup) return `${path}: ${markup}`;
    return SCRIPT_URL.test(value) ? `${path}: script URL` : null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnsafe(value[i], `${path}[${i}]`);
      if (found) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      const found = findUnsafe(v, `${path}.${key}`);
      if (found) return found;
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------- Expect evaluator

/** A tiny evaluator for the Python expressions of feedparser's `Expect:` lines. */
type Node =
  | { k: 'lit'; v: unknown }
  | { k: 'name'; n: string }
  | { k: 'index'; obj: Node; idx: Node }
  | { k: 'attr'; obj: Node; name: string }
  | { k: 'call'; fn: Node; args: Node[] }
  | { k: 'not'; e: Node }
  | { k: 'bool'; op: 'and' | 'or'; l: Node; r: Node }
  | { k: 'cmp'; ops: string[]; operands: Node[] }
  | { k: 'add'; l: Node; r: Node }
  | { k: 'neg'; e: Node }
  | { k: 'seq'; items: Node[] }
  | { k: 'dict'; entries: Array<[Node, Node]> };

class Unsupported extends Error {}
class PyError extends Error {}

function tokenizePython(src: string): string[] {
  const re = /\s*(?:([uUbBrR]?)("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|(\d+\.\d+|\d+)|([A-Za-z_]\w*)|(==|!=|<=|>=|[()[\]{},.:+\-<>]))/y;
  const tokens: string[] = [];
  re.lastIndex = 0;
  while (re.lastIndex < src.length) {
    if (/^\s*$/.test(src.slice(re.lastIndex))) break;
    const m = re.exec(src);
    if (!m) throw new Unsupported(`cannot tokenize at ${src.slice(re.lastIndex, re.lastIndex + 20)}`);
    tokens.push(m[2] !== undefined ? `${m[1]!.toLowerCase().includes('r') ? 'R' : 'S'}${m[2]}` : (m[3] ?? m[4] ?? m[5])!);
  }
  return tokens;
}

function unescapePython(body: string, raw: boolean): string {
  if (raw) return body;
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|.)/g, (_, esc: string) => {
    if (/^[xuU]/.test(esc)) return String.fromCodePoint(Number.parseInt(esc.slice(1), 16));
    if (/^[0-7]+$/.test(esc)) return String.fromCodePoint(Number.parseInt(esc, 8));
    return ({ n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"' } as Record<string, string>)[esc] ?? `\\${esc}`;
  });
}

function parsePython(src: string): Node {
  const toks = tokenizePython(src);
  let i = 0;
  const peek = (): string | undefined => toks[i];
  const eat = (tok: string): void => {
    if (toks[i] !== tok) throw new Unsupported(`expected ${tok} got ${toks[i]}`);
    i++;
  };
  const parseOr = (): Node => {
    let l = parseAnd();
    while (peek() === 'or') (i++, (l = { k: 'bool', op: 'or', l, r: parseAnd() }));
    return l;
  };
  const parseAnd = (): Node => {
    let l = parseNot();
    while (peek() === 'and') (i++, (l = { k: 'bool', op: 'and', l, r: parseNot() }));
    return l;
  };
  const parseNot = (): Node => (peek() === 'not' ? (i++, { k: 'not', e: parseNot() }) : parseComparison());
  const parseComparison = (): Node => {
    const operands = [parseSum()];
    const ops: string[] = [];
    for (;;) {
      const t = peek();
      if (t === '==' || t === '!=' || t === '<' || t === '>' || t === '<=' || t === '>=' || t === 'in') (i++, ops.push(t));
      else if (t === 'not' && toks[i + 1] === 'in') (i += 2, ops.push('not in'));
      else if (t === 'is') ops.push(toks[i + 1] === 'not' ? ((i += 2), 'is not') : (i++, 'is'));
      else break;
      operands.push(parseSum());
    }
    return ops.length === 0 ? operands[0]! : { k: 'cmp', ops, operands };
  };
  const parseSum = (): Node => {
    let l = parseUnary();
    while (peek() === '+') (i++, (l = { k: 'add', l, r: parseUnary() }));
    return l;
  };
  const parseUnary = (): Node => (peek() === '-' ? (i++, { k: 'neg', e: parseUnary() }) : parsePostfix());
  const parsePostfix = (): Node => {
    let n = parseAtom();
    for (;;) {
      if (peek() === '[') (i++, (n = { k: 'index', obj: n, idx: parseOr() }), eat(']'));
      else if (peek() === '.') (i++, (n = { k: 'attr', obj: n, name: toks[i++]! }));
      else if (peek() === '(') {
        i++;
        const args: Node[] = [];
        while (peek() !== ')') (args.push(parseOr()), peek() === ',' && i++);
        eat(')');
        n = { k: 'call', fn: n, args };
      } else return n;
    }
  };
  const parseAtom = (): Node => {
    const t = toks[i++];
    if (t === undefined) throw new Unsupported('unexpected end');
    if (t[0] === 'S' || t[0] === 'R') {
      let v = unescapePython(t.slice(2, -1), t[0] === 'R');
      while (peek()?.[0] === 'S' || peek()?.[0] === 'R') v += unescapePython(toks[i]!.slice(2, -1), toks[i++]![0] === 'R'); // implicit concatenation
      return { k: 'lit', v };
    }
    if (/^\d/.test(t)) return { k: 'lit', v: Number(t) };
    if (t === 'None') return { k: 'lit', v: null };
    if (t === 'True' || t === 'False') return { k: 'lit', v: t === 'True' };
    if (t === '(' || t === '[') {
      const close = t === '(' ? ')' : ']';
      const items: Node[] = [];
      let comma = false;
      while (peek() !== close) (items.push(parseOr()), peek() === ',' && ((comma = true), i++));
      eat(close);
      return t === '(' && items.length === 1 && !comma ? items[0]! : { k: 'seq', items };
    }
    if (t === '{') {
      const entries: Array<[Node, Node]> = [];
      while (peek() !== '}') {
        const key = parseOr();
        eat(':');
        entries.push([key, parseOr()]);
        if (peek() === ',') i++;
      }
      eat('}');
      return { k: 'dict', entries };
    }
    if (/^[A-Za-z_]/.test(t)) return { k: 'name', n: t };
    throw new Unsupported(`unexpected ${t}`);
  };
  const node = parseOr();
  if (i !== toks.length) throw new Unsupported(`trailing ${toks[i]}`);
  return node;
}

/** The key a path reads first below `feed` or `entries[n]` (`title` in `entries[0]['title']['x']`), and the path length. */
function readPathKey(node: Node): { key: string; depth: number } | null {
  let depth = 0;
  let n = node;
  for (;;) {
    if (n.k === 'call' && n.fn.k === 'attr' && n.fn.name === 'get' && n.args[0]?.k === 'lit') n = { k: 'index', obj: n.fn.obj, idx: n.args[0] };
    if (n.k !== 'index' && n.k !== 'attr') return null;
    const key = n.k === 'attr' ? n.name : n.idx.k === 'lit' ? String(n.idx.v) : null;
    const obj = n.obj;
    if (obj.k === 'name' && obj.n === 'feed') return key === null ? null : { key, depth };
    if (obj.k === 'index' && obj.obj.k === 'name' && obj.obj.n === 'entries') return key === null ? null : { key, depth };
    depth++;
    n = obj;
  }
}

/** Keys below feed/entries an expression reads, or null when it reads anything else (encoding, headers, len...). */
function collectKeysRead(node: Node): string[] | null {
  const keys: string[] = [];
  const walk = (n: Node): boolean => {
    const path = readPathKey(n);
    if (path) return keys.push(path.key), true;
    switch (n.k) {
      case 'lit':
        return true;
      case 'name':
        return n.n === 'bozo';
      case 'not':
      case 'neg':
        return walk(n.e);
      case 'bool':
      case 'add':
        return walk(n.l) && walk(n.r);
      case 'cmp':
        return n.operands.every(walk);
      case 'seq':
        return n.items.every(walk);
      case 'dict':
        return n.entries.every(([a, b]) => walk(a) && walk(b));
      default:
        return false;
    }
  };
  return walk(node) ? keys : null;
}

/**
 * feedparser's title is HTML for HTML titles and raw text for text ones; ours is always plain text.
 * So a title matches the expected value itself or its plain text (tags stripped, entities decoded).
 */
function relaxTitles(node: Node): Node {
  switch (node.k) {
    case 'cmp': {
      const titled = node.operands.some((o) => readPathKey(o)?.key === 'title' && readPathKey(o)?.depth === 0);
      return {
        ...node,
        operands: node.operands.map((o) => (titled && o.k === 'lit' && typeof o.v === 'string' ? { k: 'lit', v: new TitleExpectation(o.v) } : relaxTitles(o))),
      };
    }
    case 'not':
      return { ...node, e: relaxTitles(node.e) };
    case 'bool':
      return { ...node, l: relaxTitles(node.l), r: relaxTitles(node.r) };
    default:
      return node;
  }
}

function isTruthy(v: unknown): boolean {
  if (Array.isArray(v)) return v.length > 0;
  if (v && typeof v === 'object') return Object.keys(v).length > 0;
  return Boolean(v);
}

/** An expected title: equal to a string that is the value itself or its plain text. */
class TitleExpectation {
  readonly plain: string;
  constructor(readonly value: string) {
    this.plain = htmlToText(value);
  }
}

function isPyEqual(a: unknown, b: unknown): boolean {
  if (a instanceof TitleExpectation) return typeof b === 'string' ? b === a.value || b === a.plain : b instanceof TitleExpectation && b.value === a.value;
  if (b instanceof TitleExpectation) return isPyEqual(b, a);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => isPyEqual(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => isPyEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return a === b;
}

function evaluate(node: Node, env: Record<string, unknown>): unknown {
  const ev = (n: Node): unknown => evaluate(n, env);
  switch (node.k) {
    case 'lit':
      return node.v;
    case 'name':
      if (!(node.n in env)) throw new Unsupported(`name ${node.n}`);
      return env[node.n];
    case 'index':
    case 'attr': {
      const obj = ev(node.obj);
      let key = node.k === 'attr' ? node.name : ev(node.idx);
      if (Array.isArray(obj) && typeof key === 'number') key = key < 0 ? obj.length + key : key;
      if (obj === null || typeof obj !== 'object' || !(String(key) in obj)) throw new PyError(`KeyError ${String(key)}`);
      return (obj as Record<string, unknown>)[String(key)];
    }
    case 'call': {
      if (node.fn.k === 'attr' && node.fn.name === 'get') {
        const obj = ev(node.fn.obj) as Record<string, unknown>;
        const key = String(ev(node.args[0]!));
        return obj && key in obj ? obj[key] : node.args[1] ? ev(node.args[1]) : null;
      }
      if (node.fn.k === 'name' && node.fn.n === 'len') return (ev(node.args[0]!) as unknown[]).length;
      if (node.fn.k === 'name' && node.fn.n === 'ord') return (ev(node.args[0]!) as string).codePointAt(0);
      throw new Unsupported('call');
    }
    case 'not':
      return !isTruthy(ev(node.e));
    case 'bool': {
      const l = ev(node.l);
      return node.op === 'and' ? (isTruthy(l) ? ev(node.r) : l) : isTruthy(l) ? l : ev(node.r);
    }
    case 'cmp': {
      let left = ev(node.operands[0]!);
      for (let k = 0; k < node.ops.length; k++) {
        const right = ev(node.operands[k + 1]!);
        const op = node.ops[k]!;
        const ok =
          op === '==' || op === 'is' ? isPyEqual(left, right)
          : op === '!=' || op === 'is not' ? !isPyEqual(left, right)
          : op === 'in' || op === 'not in' ? (op === 'in') === (typeof right === 'string' ? right.includes(String(left)) : Array.isArray(right) ? right.some((x) => isPyEqual(x, left)) : String(left) in (right as object))
          : (() => { throw new Unsupported(op); })();
        if (!ok) return false;
        left = right;
      }
      return true;
    }
    case 'add': {
      const l = ev(node.l);
      const r = ev(node.r);
      return typeof l === 'number' && typeof r === 'number' ? l + r : String(l) + String(r);
    }
    case 'neg':
      return -(ev(node.e) as number);
    case 'seq':
      return node.items.map(ev);
    case 'dict':
      return Object.fromEntries(node.entries.map(([a, b]) => [String(ev(a)), ev(b)]));
  }
}

/** Parses an Expect line; null when it is not a check on title, link or id. */
function parseScopedCheck(expect: string): Node | null {
  let node: Node;
  try {
    node = parsePython(expect);
  } catch {
    return null;
  }
  const keys = collectKeysRead(node);
  return keys && keys.length > 0 && keys.every((k) => IN_SCOPE_KEYS.has(k)) ? relaxTitles(node) : null;
}

function runCheck(check: Node, fp: Record<string, unknown> | null): boolean {
  if (fp === null) return false;
  try {
    return isTruthy(evaluate(check, fp));
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------- run

interface Tally {
  answered: number;
  wellformedOk: number;
  checksPassed: number;
  unsafeFiles: number;
  failures: Record<'answered' | 'wellformed' | 'checks' | 'unsafe', string[]>;
}

function tallyOutcomes(files: CorpusFile[], outcomes: Outcome[], checks: Map<string, Node>): Tally {
  const t: Tally = { answered: 0, wellformedOk: 0, checksPassed: 0, unsafeFiles: 0, failures: { answered: [], wellformed: [], checks: [], unsafe: [] } };
  files.forEach((file, i) => {
    const outcome = outcomes[i]!;
    if (outcome.ok || outcome.coded) t.answered++;
    else t.failures.answered.push(`${file.rel}: ${outcome.error}`);
    if (file.wellformed) {
      if (outcome.ok) t.wellformedOk++;
      else t.failures.wellformed.push(`${file.rel}: ${outcome.error}`);
    }
    const check = checks.get(file.rel);
    if (check) {
      if (runCheck(check, outcome.fp)) t.checksPassed++;
      else t.failures.checks.push(`${file.rel}: ${file.expect} | got ${JSON.stringify(outcome.fp ?? outcome.error).slice(0, 300)}`);
    }
    const unsafe = outcome.raw === null ? null : findUnsafe(outcome.raw);
    if (unsafe) {
      t.unsafeFiles++;
      t.failures.unsafe.push(`${file.rel}: ${unsafe}`);
    }
  });
  return t;
}

/** Items per second over the real feeds, both parsers alternating in the same process. */
async function benchThroughput(files: CorpusFile[], seconds: number): Promise<{ ours: number; theirs: number }> {
  const real = files.filter((f) => f.realFeed);
  const texts = real.map((f) => f.bytes.toString('utf8'));
  const ours = { items: 0, ms: 0 };
  const theirs = { items: 0, ms: 0 };
  // A feed either parser refuses counts its time and no items.
  const roundOurs = (): number => {
    let n = 0;
    for (const file of real) n += runOurs(file).items;
    return n;
  };
  const roundTheirs = async (): Promise<number> => {
    let n = 0;
    for (const text of texts) n += await rssParser.parseString(text).then((feed) => (feed.items ?? []).length, () => 0);
    return n;
  };
  roundOurs();
  await roundTheirs();
  while (ours.ms + theirs.ms < seconds * 1000) {
    let start = performance.now();
    ours.items += roundOurs();
    ours.ms += performance.now() - start;
    start = performance.now();
    theirs.items += await roundTheirs();
    theirs.ms += performance.now() - start;
  }
  return { ours: (ours.items / ours.ms) * 1000, theirs: (theirs.items / theirs.ms) * 1000 };
}

function formatShare(n: number, of: number): string {
  return `${n}/${of} (${of === 0 ? '-' : ((100 * n) / of).toFixed(1)}%)`;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const showFailures = args.includes('--failures');
  const benchAt = args.indexOf('--bench-seconds');
  const benchSeconds = benchAt === -1 ? 4 : Number(args[benchAt + 1]);
  try {
    statSync(CORPORA);
  } catch {
    process.stderr.write(`conformance: ${CORPORA} is absent; run from the repository root next to ../shared\n`);
    return 2;
  }
  const files = loadCorpus();
  const checks = new Map<string, Node>();
  for (const file of files) {
    const check = file.expect ? parseScopedCheck(file.expect) : null;
    if (check) checks.set(file.rel, check);
  }
  const ours = files.map(runOurs);
  const theirs: Outcome[] = [];
  for (const file of files) theirs.push(await runRssParser(file));
  const a = tallyOutcomes(files, ours, checks);
  const b = tallyOutcomes(files, theirs, checks);
  const speed = await benchThroughput(files, benchSeconds);
  const wellformed = files.filter((f) => f.wellformed).length;
  const ratio = speed.ours / speed.theirs;

  const rows: Array<[string, string, string, string]> = [
    ['measure', 'newsfeed parseFeed', 'rss-parser 3.13 parseString', 'target'],
    ['files answered (result or coded error)', formatShare(a.answered, files.length), formatShare(b.answered, files.length) + ' (results only)', 'all'],
    ['well-formed feeds parsed', formatShare(a.wellformedOk, wellformed), formatShare(b.wellformedOk, wellformed), `>= ${TARGETS.wellformed * 100}%`],
    ['feedparser Expect checks on title/link/id', formatShare(a.checksPassed, checks.size), formatShare(b.checksPassed, checks.size), `>= ${TARGETS.checks * 100}%`],
    ['files with script / event handler / js URL', String(a.unsafeFiles), String(b.unsafeFiles), String(TARGETS.unsafe)],
    ['throughput, real feeds (items/s)', `${Math.round(speed.ours)} (${ratio.toFixed(2)}x)`, `${Math.round(speed.theirs)} (1.00x)`, `>= ${TARGETS.throughputRatio.toFixed(2)}x`],
  ];
  const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const row of rows) process.stdout.write(`${row.map((cell, c) => cell.padEnd(widths[c]!)).join('  ')}\n`);
  process.stdout.write(`\n${files.length} corpus files; ${wellformed} well-formed feeds; ${checks.size} Expect lines in scope (of ${files.filter((f) => f.expect).length}); bench over ${files.filter((f) => f.realFeed).length} real feeds, ${benchSeconds}s\n`);

  if (showFailures) {
    for (const [name, list] of Object.entries(a.failures)) {
      if (list.length === 0) continue;
      process.stdout.write(`\n--- newsfeed failures: ${name} (${list.length})\n${list.join('\n')}\n`);
    }
  }
  const missed: string[] = [];
  if (a.answered < files.length) missed.push('files answered');
  if (a.wellformedOk < wellformed * TARGETS.wellformed) missed.push('well-formed feeds');
  if (a.checksPassed < checks.size * TARGETS.checks) missed.push('Expect checks');
  if (a.unsafeFiles > TARGETS.unsafe) missed.push('sanitiser');
  if (ratio < TARGETS.throughputRatio) missed.push('throughput');
  process.stdout.write(missed.length === 0 ? '\nall targets met\n' : `\ntargets missed: ${missed.join(', ')}\n`);
  return missed.length === 0 ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`conformance: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = 2;
  },
);
