import { z } from 'zod';
import { normalizeLanguageTag } from '../classify/language/detect-language.js';
import { isEmptySearch } from '../store/story-query.js';
import type { StoryQuery } from '../store/story-store.js';
import { ApiError } from './api-errors.js';
import type { TopicInfo } from './api-deps.js';
import { resolveEntity } from './resolve-entity.js';
import { resolveTopics } from './resolve-topics.js';

/** Parameters of GET /api/stories that take one value (`topic` and `language` take lists). */
const SINGLE_VALUED = ['entity', 'feed', 'category', 'since', 'until', 'q', 'cluster', 'cursor', 'limit', 'include'] as const;

const text = z.string().trim().min(1).max(500).optional();

/** A parameter given twice (`limit=2&limit=3`) is an error, not a silent choice of one. */
export function rejectRepeated(query: Record<string, unknown>, names: readonly string[]): void {
  const repeated = names.find((name) => Array.isArray(query[name]));
  if (repeated) throw new ApiError('QUERY_INVALID', `${repeated}: give one value`);
}

/** Names other APIs use for these parameters (`search=` is `q=` here). */
const SYNONYMS: Readonly<Record<string, string>> = {
  search: 'q',
  query: 'q',
  text: 'q',
  keyword: 'q',
  keywords: 'q',
  lang: 'language',
  languages: 'language',
  hl: 'language',
  tag: 'topic',
  tags: 'topic',
  categories: 'category',
  folder: 'category',
  person: 'entity',
  place: 'entity',
  country: 'entity',
  org: 'entity',
  organization: 'entity',
  source: 'feed',
  from: 'since',
  after: 'since',
  start: 'since',
  to: 'until',
  before: 'until',
  end: 'until',
  count: 'limit',
  size: 'limit',
  per_page: 'limit',
  page: 'cursor',
  offset: 'cursor',
};

/**
 * A parameter the endpoint does not take is an error (`topics=energy` would otherwise return every
 * story), with the likely one named. Names starting with `_` pass: browsers' cache busters (`_=1700…`).
 */
export function rejectUnknown(query: Record<string, unknown>, known: readonly string[]): void {
  const unknown = Object.keys(query).filter((name) => !known.includes(name) && !name.startsWith('_'));
  if (unknown.length === 0) return;
  const name = unknown[0]!;
  const key = name.toLowerCase();
  // The same name in another case, or one sharing its first letters (topics, entities, feeds).
  const shared = (k: string) => {
    let n = 0;
    while (n < k.length && k[n] === key[n]) n += 1;
    return n;
  };
  const synonym = SYNONYMS[key];
  const near = synonym && known.includes(synonym) ? synonym : known.find((k) => k === key || shared(k) >= Math.max(3, Math.min(5, k.length - 1)));
  throw new ApiError('QUERY_INVALID', `${name.slice(0, 100)}: not a parameter of this endpoint${near ? ` (did you mean ${near}?)` : ''}; it takes ${known.join(', ')}`);
}

const STORY_PARAMS = ['topic', 'language', ...SINGLE_VALUED] as const;

/** Validates the GET /api/stories query string into a StoryQuery (coded 400s on any problem). */
export function parseStoryParams(
  query: Record<string, unknown>,
  opts: { topics: TopicInfo[]; defaultLimit: number; maxLimit: number },
): StoryQuery {
  rejectUnknown(query, STORY_PARAMS);
  rejectRepeated(query, SINGLE_VALUED);
  const schema = z.object({
    entity: text,
    feed: text,
    category: text,
    since: text,
    until: text,
    q: text,
    cluster: text,
    cursor: text,
    limit: z.coerce.number().int().min(1).max(opts.maxLimit).default(opts.defaultLimit),
    include: text,
  });
  const parsed = schema.safeParse(query);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ApiError('QUERY_INVALID', `${issue.path.join('.') || 'query'}: ${issue.message}`);
  }
  if (parsed.data.q !== undefined && isEmptySearch(parsed.data.q)) {
    throw new ApiError('QUERY_INVALID', 'q: give at least one word of letters or digits');
  }
  const { entity, include, ...rest } = parsed.data;
  const result: StoryQuery = rest;
  if (include !== undefined) {
    const extras = parseInclude(include);
    if (extras.text) result.withText = true;
    if (extras.language) result.withLanguage = true;
  }
  // The value and the classifier's names for it ("Iranian" → Iran): a story naming any matches.
  if (entity !== undefined) result.entity = resolveEntity(entity);
  if (query.topic !== undefined) {
    const topics = resolveTopics(query.topic, opts.topics);
    if (topics.length === 0) throw new ApiError('QUERY_INVALID', 'topic: give one or more topic ids, comma-separated');
    result.topic = topics;
  }
  if (query.language !== undefined) result.language = parseLanguages(query.language);
  return result;
}

/**
 * Reads a language filter: codes (`en`, `pt-BR`, `eng`: the primary language counts), comma-separated,
 * or a list of them; a story matches when it is written in any. Anything that is not a language code,
 * or nothing at all, is refused with `code` (QUERY_INVALID in a query string).
 */
export function parseLanguages(value: unknown, code: 'QUERY_INVALID' | 'BAD_REQUEST' = 'QUERY_INVALID'): string[] {
  const tags = listValues(value);
  const codes = tags.map((t) => normalizeLanguageTag(t));
  const bad = tags.find((_, i) => codes[i] === null);
  if (bad !== undefined || codes.length === 0) {
    throw new ApiError(code, `language: ${bad !== undefined ? `${JSON.stringify(bad.slice(0, 40))} is not a language code; ` : ''}give codes such as en, fr or pt-BR, comma-separated`);
  }
  return [...new Set(codes as string[])];
}

/** A list parameter's values: comma lists, or a list of them (repeated in a query string, an array in a JSON body), trimmed, empty ones left out. */
function listValues(value: unknown): string[] {
  return (Array.isArray(value) ? value : [value]).flatMap((v) => (typeof v === 'string' ? v.split(',').map((n) => n.trim()).filter(Boolean) : [String(v)]));
}

/** What `include=` may add to each story: `text`, the stored text; `language`, the story's language. */
const INCLUDABLE = ['text', 'language'] as const;

/** The extras `include=` asks for. */
export interface IncludedExtras {
  text: boolean;
  language: boolean;
}

/**
 * Reads `include` (a comma list, or a list of them in a JSON body): which of the extras it asks for.
 * Anything else, or nothing in it, is refused with `code` (QUERY_INVALID in a query string).
 */
export function parseInclude(value: unknown, code: 'QUERY_INVALID' | 'BAD_REQUEST' = 'QUERY_INVALID'): IncludedExtras {
  const names = listValues(value);
  const unknown = names.find((n) => !(INCLUDABLE as readonly string[]).includes(n));
  if (unknown !== undefined || names.length === 0) {
    throw new ApiError(code, `include: ${unknown === undefined ? 'give' : `"${unknown.slice(0, 100)}" is not one of`} ${INCLUDABLE.join(', ')}`);
  }
  return { text: names.includes('text'), language: names.includes('language') };
}
