import type { Taxonomy, TopicRule } from './taxonomy.js';
import { fnv1a, tokenizeLower, type TokenizedText } from './tokenize.js';

/**
 * Compiles the weighted term rules of a taxonomy into one index keyed by a term's first word, so a
 * story is scored in a single pass over its words whatever the number of topics and rules.
 *
 * Scoring: every matched term counts its weight once, plus ln(count) for repeats (a title match
 * counts `titleWeight` times), so ten mentions of "gas" weigh less than "gas" plus "pipeline" plus
 * "OPEC". At one position the longest term of a topic wins and hides the shorter terms of the same
 * topic inside it, so a weight-0 or negative phrase ("war on inflation", "price war") cancels the
 * word it contains ("war"). The score of a topic is 1 - exp(-max(0, sum) / scale).
 */

interface WordPattern {
  text: string;
  prefix: boolean;
}

interface TermEntry {
  words: WordPattern[];
  topic: number;
  /** Index into `terms` (rule terms) or -1 for a condition term. */
  term: number;
  /** Index into the condition flags when `term` is -1. */
  condition: number;
}

interface CompiledTerm {
  text: string;
  topic: number;
  rule: number;
}

interface WordSet {
  exact: Set<string>;
  prefixes: string[];
}

interface CompiledRule {
  topic: number;
  weight: number;
  window: number;
  near: WordSet | null;
  notNear: WordSet | null;
  requires: number[] | null;
  unless: number[] | null;
}

export interface RuleMatcher {
  topicCount: number;
  terms: CompiledTerm[];
  rules: CompiledRule[];
  conditionCount: number;
  exactFirst: Map<string, TermEntry[]>;
  prefixFirst: Map<string, TermEntry[]>;
  prefixLengths: number[];
  /** First-word lookups already resolved (bounded; cleared when full). */
  memo: Map<string, TermEntry[]>;
  /**
   * Bits set at the FNV-1a hashes (low FILTER_BITS bits) of every first word and prefix: a word
   * whose hash and prefix hashes all miss has no candidate term, without a map lookup.
   */
  filter: Uint32Array;
  /** isPrefixLength[n] = 1 when some prefix term's first word has n characters. */
  isPrefixLength: Uint8Array;
  longestPrefix: number;
  titleWeight: number;
  referenceWords: number;
}

/** Per-topic rule weight of one story, and the matched terms behind it. */
export interface RuleScores {
  /** Summed weight per topic, in taxonomy order (may be negative). */
  raw: Float64Array;
  /** Matched terms of a topic with positive weight, strongest first ("pipeline ×2"). */
  evidence(topic: number, max?: number): string[];
}

const MEMO_LIMIT = 50_000;
const FILTER_BITS = 16;
const FILTER_MASK = (1 << FILTER_BITS) - 1;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const EMPTY: TermEntry[] = [];

export function compileRules(taxonomy: Taxonomy): RuleMatcher {
  const matcher: RuleMatcher = {
    topicCount: taxonomy.topics.length,
    terms: [],
    rules: [],
    conditionCount: 0,
    exactFirst: new Map(),
    prefixFirst: new Map(),
    prefixLengths: [],
    memo: new Map(),
    filter: new Uint32Array(1 << (FILTER_BITS - 5)),
    isPrefixLength: new Uint8Array(0),
    longestPrefix: 0,
    titleWeight: taxonomy.settings.titleWeight,
    referenceWords: taxonomy.settings.referenceWords,
  };
  const conditionIds = new Map<string, number>();
  const conditionFor = (term: string, topic: number): number => {
    const key = tokenizeLower(term).join(' ');
    let id = conditionIds.get(key);
    if (id === undefined) {
      id = matcher.conditionCount++;
      conditionIds.set(key, id);
      addEntry(matcher, { words: toPatterns(term), topic, term: -1, condition: id });
    }
    return id;
  };
  taxonomy.topics.forEach((topic, topicIndex) => {
    for (const rule of topic.rules) {
      const ruleIndex = matcher.rules.length;
      matcher.rules.push(compileRule(rule, topicIndex, taxonomy.settings.window, (t) => conditionFor(t, topicIndex)));
      for (const text of rule.terms) {
        const words = toPatterns(text);
        if (words.length === 0) continue;
        matcher.terms.push({ text: text.toLowerCase(), topic: topicIndex, rule: ruleIndex });
        addEntry(matcher, { words, topic: topicIndex, term: matcher.terms.length - 1, condition: -1 });
      }
    }
  });
  for (const list of [...matcher.exactFirst.values(), ...matcher.prefixFirst.values()]) list.sort((a, b) => b.words.length - a.words.length);
  matcher.prefixLengths.sort((a, b) => a - b);
  matcher.longestPrefix = matcher.prefixLengths.at(-1) ?? 0;
  matcher.isPrefixLength = new Uint8Array(matcher.longestPrefix + 1);
  for (const len of matcher.prefixLengths) matcher.isPrefixLength[len] = 1;
  for (const key of [...matcher.exactFirst.keys(), ...matcher.prefixFirst.keys()]) setFilterBit(matcher.filter, fnv1a(key));
  return matcher;
}

function setFilterBit(filter: Uint32Array, hash: number): void {
  const bit = hash & FILTER_MASK;
  filter[bit >>> 5] |= 1 << (bit & 31);
}

function hasFilterBit(filter: Uint32Array, hash: number): boolean {
  const bit = hash & FILTER_MASK;
  return (filter[bit >>> 5]! & (1 << (bit & 31))) !== 0;
}

/** Whether a word (with FNV-1a `hash`) may start a term: its hash or a prefix's hash is in the filter. */
function mayStartTerm(matcher: RuleMatcher, word: string, hash: number): boolean {
  const { filter, isPrefixLength } = matcher;
  if (hasFilterBit(filter, hash)) return true;
  const end = Math.min(word.length, matcher.longestPrefix);
  let h = FNV_OFFSET;
  for (let i = 0; i < end; i += 1) {
    h = Math.imul(h ^ word.charCodeAt(i), FNV_PRIME);
    if (isPrefixLength[i + 1] === 1 && hasFilterBit(filter, h)) return true;
  }
  return false;
}

function compileRule(rule: TopicRule, topic: number, defaultWindow: number, conditionFor: (term: string) => number): CompiledRule {
  return {
    topic,
    weight: rule.weight,
    window: rule.window ?? defaultWindow,
    near: rule.near ? toWordSet(rule.near) : null,
    notNear: rule.notNear ? toWordSet(rule.notNear) : null,
    requires: rule.requires ? rule.requires.map(conditionFor) : null,
    unless: rule.unless ? rule.unless.map(conditionFor) : null,
  };
}

function toPatterns(term: string): WordPattern[] {
  const raw = term.trim().toLowerCase().split(/\s+/);
  const out: WordPattern[] = [];
  for (const piece of raw) {
    const prefix = piece.endsWith('*');
    const words = tokenizeLower(prefix ? piece.slice(0, -1) : piece);
    words.forEach((text, k) => out.push({ text, prefix: prefix && k === words.length - 1 }));
  }
  return out;
}

function toWordSet(words: string[]): WordSet {
  const set: WordSet = { exact: new Set(), prefixes: [] };
  for (const w of words) {
    const lower = w.trim().toLowerCase();
    if (lower.endsWith('*')) set.prefixes.push(lower.slice(0, -1));
    else set.exact.add(lower);
  }
  return set;
}

function addEntry(matcher: RuleMatcher, entry: TermEntry): void {
  const first = entry.words[0]!;
  const map = first.prefix ? matcher.prefixFirst : matcher.exactFirst;
  const list = map.get(first.text);
  if (list) list.push(entry);
  else map.set(first.text, [entry]);
  if (first.prefix && !matcher.prefixLengths.includes(first.text.length)) matcher.prefixLengths.push(first.text.length);
}

function candidatesFor(matcher: RuleMatcher, word: string): TermEntry[] {
  const cached = matcher.memo.get(word);
  if (cached) return cached;
  let found: TermEntry[] | undefined = matcher.exactFirst.get(word);
  for (const len of matcher.prefixLengths) {
    if (len > word.length) break;
    const more = matcher.prefixFirst.get(word.slice(0, len));
    if (more) found = found ? [...found, ...more] : more;
  }
  const result = found ? [...found].sort((a, b) => b.words.length - a.words.length) : EMPTY;
  if (matcher.memo.size >= MEMO_LIMIT) matcher.memo.clear();
  matcher.memo.set(word, result);
  return result;
}

function wordMatches(pattern: WordPattern, word: string): boolean {
  return pattern.prefix ? word.startsWith(pattern.text) : word === pattern.text;
}

function inWordSet(set: WordSet, word: string): boolean {
  if (set.exact.has(word)) return true;
  for (const p of set.prefixes) if (word.startsWith(p)) return true;
  return false;
}

function windowHas(set: WordSet, lower: string[], start: number, end: number, window: number): boolean {
  const from = Math.max(0, start - window);
  const to = Math.min(lower.length, end + window);
  for (let j = from; j < to; j += 1) {
    if (j >= start && j < end) continue;
    if (inWordSet(set, lower[j]!)) return true;
  }
  return false;
}

/** Scores one tokenised story against every topic's rules. */
export function scoreRules(matcher: RuleMatcher, tokens: TokenizedText): RuleScores {
  const { lower, hashes, titleEnd } = tokens;
  const n = lower.length;
  const covered = new Int32Array(matcher.topicCount);
  const conditions = new Uint8Array(matcher.conditionCount);
  const counts = new Map<number, { seen: number; weighted: number; surface: string }>();
  for (let i = 0; i < n; i += 1) {
    if (!mayStartTerm(matcher, lower[i]!, hashes[i]!)) continue;
    const candidates = candidatesFor(matcher, lower[i]!);
    for (const entry of candidates) {
      const len = entry.words.length;
      if (entry.term >= 0 && covered[entry.topic]! > i) continue;
      if (i + len > n) continue;
      let ok = true;
      for (let k = 1; k < len && ok; k += 1) ok = wordMatches(entry.words[k]!, lower[i + k]!);
      if (!ok) continue;
      if (entry.term < 0) {
        conditions[entry.condition] = 1;
        continue;
      }
      const rule = matcher.rules[matcher.terms[entry.term]!.rule]!;
      if (rule.near && !windowHas(rule.near, lower, i, i + len, rule.window)) continue;
      if (rule.notNear && windowHas(rule.notNear, lower, i, i + len, rule.window)) continue;
      covered[entry.topic] = i + len;
      const c = counts.get(entry.term);
      const add = i < titleEnd ? matcher.titleWeight : 1;
      if (c) {
        c.seen += 1;
        c.weighted += add;
      } else counts.set(entry.term, { seen: 1, weighted: add, surface: len === 1 ? lower[i]! : lower.slice(i, i + len).join(' ') });
    }
  }
  const raw = new Float64Array(matcher.topicCount);
  const lengthFactor = n > matcher.referenceWords ? Math.sqrt(matcher.referenceWords / n) : 1;
  const contributions: Array<{ term: number; seen: number; value: number; surface: string }> = [];
  for (const [termIndex, c] of counts) {
    const term = matcher.terms[termIndex]!;
    const rule = matcher.rules[term.rule]!;
    if (rule.requires && !rule.requires.some((id) => conditions[id] === 1)) continue;
    if (rule.unless && rule.unless.some((id) => conditions[id] === 1)) continue;
    const value = rule.weight * (1 + Math.log(c.weighted)) * lengthFactor;
    raw[term.topic] += value;
    if (value > 0) contributions.push({ term: termIndex, seen: c.seen, value, surface: c.surface });
  }
  return {
    raw,
    evidence(topic: number, max = 8): string[] {
      return contributions
        .filter((c) => matcher.terms[c.term]!.topic === topic)
        .sort((a, b) => b.value - a.value)
        .slice(0, max)
        .map((c) => (c.seen > 1 ? `${c.surface} ×${c.seen}` : c.surface));
    },
  };
}

/** Turns a summed rule weight into a score in [0, 1]. */
export function scoreFromWeight(weight: number, scale: number): number {
  return weight <= 0 ? 0 : 1 - Math.exp(-weight / scale);
}
