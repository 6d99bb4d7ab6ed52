import { readFileSync } from 'node:fs';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { ClassifyError, CLASSIFY_ERROR_CODES } from './errors.js';

/**
 * One weighted rule of a topic. Every story word sequence equal to one of `terms` adds `weight`
 * (negative weights are evidence against the topic). A term is one or more words; a word ending in
 * `*` matches any word starting with it ("sanction*"). Conditions narrow where a term counts:
 * `near`/`notNear` look at the `window` words either side of each match, `requires`/`unless` at the
 * whole story.
 */
export interface TopicRule {
  terms: string[];
  weight: number;
  near?: string[];
  notNear?: string[];
  window?: number;
  requires?: string[];
  unless?: string[];
}

export interface TopicDefinition {
  id: string;
  /** IPTC Media Topic QCode, `medtop:` + 8 digits. */
  iptc: string;
  label: string;
  parent: string | null;
  /** A story carries the topic when its score reaches this. */
  threshold: number;
  rules: TopicRule[];
}

export interface TaxonomySettings {
  /** Rule weight at which a score reaches 1 - 1/e (score = 1 - exp(-weight / scale)). */
  scale: number;
  /** Default threshold of topics that set none. */
  threshold: number;
  /** A match in the title counts this many times. */
  titleWeight: number;
  /** Words either side of a match that `near`/`notNear` look at, when a rule sets no `window`. */
  window: number;
  /**
   * Stories longer than this many words have their rule weights scaled by sqrt(referenceWords / words),
   * so a passing mention in a long story weighs less than the same mention in a short one.
   */
  referenceWords: number;
}

export interface Taxonomy {
  settings: TaxonomySettings;
  /** Parents come before their children. */
  topics: TopicDefinition[];
}

export const DEFAULT_TAXONOMY_SETTINGS: TaxonomySettings = Object.freeze({ scale: 6, threshold: 0.5, titleWeight: 2, window: 8, referenceWords: 250 });

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const IPTC = /^medtop:\d{8}$/;
const TOPIC_KEYS = new Set(['id', 'iptc', 'label', 'parent', 'threshold', 'rules']);
const RULE_KEYS = new Set(['terms', 'weight', 'near', 'notNear', 'window', 'requires', 'unless']);
const SETTING_KEYS = new Set(Object.keys(DEFAULT_TAXONOMY_SETTINGS));

/** Reads and validates a taxonomy YAML file (see config/topics.yaml for the format). */
export function loadTaxonomy(path: string): Taxonomy {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ClassifyError(CLASSIFY_ERROR_CODES.taxonomyUnreadable, `cannot read taxonomy ${path}: ${(err as Error).message}`, { cause: err, details: { path } });
  }
  return parseTaxonomy(text, path);
}

/** Validates taxonomy YAML text; `source` names it in error messages. */
export function parseTaxonomy(text: string, source = 'taxonomy'): Taxonomy {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    const where = err instanceof YAMLParseError && err.linePos ? ` at line ${err.linePos[0].line}` : '';
    throw invalid(source, `is not valid YAML${where}`, {}, err);
  }
  if (!isRecord(doc)) throw invalid(source, 'must be a mapping with a "topics" list');
  const settings = readSettings(doc.settings, source);
  if (!Array.isArray(doc.topics) || doc.topics.length === 0) throw invalid(source, '"topics" must be a non-empty list');
  const topics = doc.topics.map((raw, index) => readTopic(raw, index, settings, source));
  checkTopicGraph(topics, source);
  return { settings, topics: orderParentsFirst(topics) };
}

function readSettings(raw: unknown, source: string): TaxonomySettings {
  if (raw === undefined || raw === null) return { ...DEFAULT_TAXONOMY_SETTINGS };
  if (!isRecord(raw)) throw invalid(source, '"settings" must be a mapping');
  for (const key of Object.keys(raw)) if (!SETTING_KEYS.has(key)) throw invalid(source, `settings: unknown field "${key}"`, { field: key });
  const out = { ...DEFAULT_TAXONOMY_SETTINGS };
  for (const key of SETTING_KEYS) {
    const value = raw[key];
    if (value === undefined) continue;
    const ok = typeof value === 'number' && Number.isFinite(value) && value > 0 && (key !== 'threshold' || value <= 1) && (key !== 'window' || Number.isInteger(value));
    if (!ok) throw invalid(source, `settings.${key} must be a positive number${key === 'threshold' ? ' at most 1' : ''}`, { field: key });
    out[key as keyof TaxonomySettings] = value as number;
  }
  return out;
}

function readTopic(raw: unknown, index: number, settings: TaxonomySettings, source: string): TopicDefinition {
  const at = `topic #${index + 1}`;
  if (!isRecord(raw)) throw invalid(source, `${at} must be a mapping`, { index });
  const id = raw.id;
  if (typeof id !== 'string' || !SLUG.test(id)) throw invalid(source, `${at}: field "id" must be a kebab-case slug`, { index, field: 'id' });
  const name = `topic "${id}"`;
  const fail = (field: string, what: string): ClassifyError => invalid(source, `${name}: field "${field}" ${what}`, { topic: id, field });
  for (const key of Object.keys(raw)) if (!TOPIC_KEYS.has(key)) throw fail(key, 'is not a known field');
  if (typeof raw.iptc !== 'string' || !IPTC.test(raw.iptc)) throw fail('iptc', 'must be an IPTC QCode like medtop:20000256');
  if (typeof raw.label !== 'string' || raw.label.trim() === '') throw fail('label', 'must be a non-empty string');
  const parent = raw.parent ?? null;
  if (parent !== null && (typeof parent !== 'string' || !SLUG.test(parent))) throw fail('parent', 'must be a topic id or null');
  const threshold = raw.threshold ?? settings.threshold;
  if (typeof threshold !== 'number' || !(threshold > 0 && threshold <= 1)) throw fail('threshold', 'must be a number in (0, 1]');
  const rulesRaw = raw.rules ?? [];
  if (!Array.isArray(rulesRaw)) throw fail('rules', 'must be a list');
  const rules = rulesRaw.map((rule, k) => readRule(rule, `rules[${k}]`, fail));
  return { id, iptc: raw.iptc, label: raw.label.trim(), parent, threshold, rules };
}

function readRule(raw: unknown, at: string, fail: (field: string, what: string) => ClassifyError): TopicRule {
  if (!isRecord(raw)) throw fail(at, 'must be a mapping with "terms" and "weight"');
  for (const key of Object.keys(raw)) if (!RULE_KEYS.has(key)) throw fail(`${at}.${key}`, 'is not a known field');
  const terms = readTermList(raw.terms, `${at}.terms`, fail, true);
  if (typeof raw.weight !== 'number' || !Number.isFinite(raw.weight)) throw fail(`${at}.weight`, 'must be a finite number');
  const rule: TopicRule = { terms: terms!, weight: raw.weight };
  const near = readTermList(raw.near, `${at}.near`, fail, false, true);
  const notNear = readTermList(raw.notNear, `${at}.notNear`, fail, false, true);
  const requires = readTermList(raw.requires, `${at}.requires`, fail, false);
  const unless = readTermList(raw.unless, `${at}.unless`, fail, false);
  if (near) rule.near = near;
  if (notNear) rule.notNear = notNear;
  if (requires) rule.requires = requires;
  if (unless) rule.unless = unless;
  if (raw.window !== undefined) {
    if (typeof raw.window !== 'number' || !Number.isInteger(raw.window) || raw.window < 1) throw fail(`${at}.window`, 'must be a positive integer');
    rule.window = raw.window;
  }
  return rule;
}

function readTermList(
  raw: unknown,
  at: string,
  fail: (field: string, what: string) => ClassifyError,
  required: boolean,
  singleWords = false,
): string[] | undefined {
  if (raw === undefined && !required) return undefined;
  if (!Array.isArray(raw) || raw.length === 0) throw fail(at, 'must be a non-empty list of terms');
  return raw.map((term) => {
    const text = typeof term === 'number' ? String(term) : term;
    if (typeof text !== 'string' || !/[\p{L}\p{N}]/u.test(text)) throw fail(at, `has an empty or non-text term ${JSON.stringify(term)}`);
    if (singleWords && /\s/.test(text.trim())) throw fail(at, `takes single words only, not "${text}"`);
    if (/\*./.test(text) || /(^|\s)\*/.test(text)) throw fail(at, `"${text}": "*" may only end a word`);
    return text.trim();
  });
}

function checkTopicGraph(topics: TopicDefinition[], source: string): void {
  const byId = new Map<string, TopicDefinition>();
  for (const topic of topics) {
    if (byId.has(topic.id)) throw invalid(source, `topic "${topic.id}": field "id" is defined twice`, { topic: topic.id, field: 'id' });
    byId.set(topic.id, topic);
  }
  for (const topic of topics) {
    if (topic.parent === null) continue;
    if (!byId.has(topic.parent)) throw invalid(source, `topic "${topic.id}": field "parent" names unknown topic "${topic.parent}"`, { topic: topic.id, field: 'parent' });
    const seen = new Set([topic.id]);
    for (let p: string | null = topic.parent; p !== null; p = byId.get(p)!.parent) {
      if (seen.has(p)) throw invalid(source, `topic "${topic.id}": field "parent" makes a cycle`, { topic: topic.id, field: 'parent' });
      seen.add(p);
    }
  }
}

function orderParentsFirst(topics: TopicDefinition[]): TopicDefinition[] {
  const byId = new Map(topics.map((t) => [t.id, t]));
  const depth = (t: TopicDefinition): number => (t.parent === null ? 0 : 1 + depth(byId.get(t.parent)!));
  return topics.map((t, i) => ({ t, d: depth(t), i })).sort((a, b) => a.d - b.d || a.i - b.i).map((x) => x.t);
}

function invalid(source: string, what: string, details: Record<string, unknown> = {}, cause?: unknown): ClassifyError {
  return new ClassifyError(CLASSIFY_ERROR_CODES.taxonomyInvalid, `${source}: ${what}`, { details: { source, ...details }, cause });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
