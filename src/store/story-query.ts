import { IngestError } from '../errors.js';
import { maskCredentials } from '../normalize/mask-credentials.js';
import { ZONES } from '../parse/parse-date.js';
import type { SqlDialect, SqlExecutor, SqlParam } from './sql-db.js';
import { entityKey } from './story-rows.js';
import type { ClusterQuery, ClusterSummary, StoryQuery } from './story-store.js';

export class QueryError extends IngestError {
  constructor(message: string) {
    super('QUERY_INVALID', message);
  }
}

/** Opaque page cursor: the sort position of the last story returned. */
export function encodeCursor(sortAt: string, id: string): string {
  return Buffer.from(JSON.stringify([sortAt, id])).toString('base64url');
}

const CURSOR_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
const CURSOR_ID = /^[A-Za-z0-9_.:-]{1,64}$/;

function decodeCursor(cursor: string): [string, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    // [sort time as stored (ISO-8601 UTC), story id]: anything else was not written by encodeCursor.
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string' && CURSOR_TIME.test(value[0]) && CURSOR_ID.test(value[1])) {
      return value as [string, string];
    }
  } catch {
    // fall through to the coded error
  }
  throw new QueryError('cursor is not one this API returned');
}

/** Below this a number is epoch seconds (up to the year 5138), from it epoch milliseconds (from 1973). */
const EPOCH_MS_FROM = 1e11;

/** ISO-8601 calendar date, optionally with a time and an offset: 2025-01-17, 2025-01-17T10:00, 2025-01-17 10:00:00.5+02:00. */
const ISO_BOUND = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?)?)?)?$/;
/** An RFC 2822 date as feeds and HTTP write them, with its zone: Fri, 17 Jan 2025 10:00:00 GMT. */
const RFC2822_BOUND = /^(?:([A-Za-z]{3}),\s*)?(\d{1,2})\s+([A-Za-z]{3})\s+(\d{4})\s+(\d{2}):(\d{2})(?::(\d{2}))?\s+(GMT|UTC?|Z|[ECMP][SD]T|[+-]\d{4})$/i;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const BOUND_FORMS = 'must be an ISO-8601 date or date-time, epoch seconds or milliseconds, or an RFC 2822 date with its zone';

function invalidBound(name: string, value: string, why = BOUND_FORMS): QueryError {
  return new QueryError(`${name} ${why} (got ${JSON.stringify(value.slice(0, 40))})`);
}

/**
 * Minutes east of UTC of `±hh[:]mm`, `±hh`, or a zone name the patterns above let through (`Z`,
 * `GMT`, `UT(C)`, the North American ones RFC 2822 names: the feed date parser's table); null past ±23:59.
 */
function zoneOffset(zone: string): number | null {
  const named = ZONES.get(zone.toLowerCase());
  if (named !== undefined) return named;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2, 4) || 0);
  return hours > 23 || minutes > 59 ? null : (zone[0] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

/** The instant of these calendar fields at `offset` minutes east of UTC, or null when the date or time does not exist. */
function instantOf(fields: readonly [number, number, number, number, number, number], ms: number, offset: number): Date | null {
  const utc = new Date(Date.UTC(...fields, ms));
  utc.setUTCFullYear(fields[0]); // years 0-99 are not 1900-1999
  const same = utc.getUTCFullYear() === fields[0] && utc.getUTCMonth() === fields[1] && utc.getUTCDate() === fields[2] && utc.getUTCHours() === fields[3] && utc.getUTCMinutes() === fields[4] && utc.getUTCSeconds() === fields[5];
  return same ? new Date(utc.getTime() - offset * 60_000) : null;
}

/**
 * Normalises a since/until value to ISO UTC: an ISO-8601 date or date-time (a date-time without
 * an offset is UTC, never the server's time zone), a year (`2027`) or year and month, a basic-format date (`20261201`), epoch
 * seconds or milliseconds, or an RFC 2822 date with its zone (`GMT`, `±hhmm`, `EST`…). A date or
 * time that does not exist (2026-02-30, 31 Nov, 25:00, a weekday that is not that date's) is
 * refused rather than rolled over.
 */
export function toIsoBound(name: string, value: string): string {
  const v = value.trim();
  // Four digits are a year, eight a basic-format date (20261201): neither is meant as seconds after 1970.
  if (/^\d+$/.test(v) && v.length !== 4 && v.length !== 8) {
    const n = Number(v);
    const date = new Date(n < EPOCH_MS_FROM ? n * 1000 : n);
    if (Number.isNaN(date.getTime())) throw invalidBound(name, value);
    return date.toISOString();
  }
  const iso = ISO_BOUND.exec(/^\d{8}$/.test(v) ? `${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6)}` : v);
  if (iso) {
    const [, y, mo = '01', d = '01', h = '00', mi = '00', sec = '00', frac = '', zone = 'Z'] = iso;
    const offset = zoneOffset(zone);
    if (offset === null) throw invalidBound(name, value, 'has an offset past ±23:59');
    const date = instantOf([Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec)], Number(frac.slice(0, 3).padEnd(3, '0')), offset);
    if (!date) throw invalidBound(name, value, 'is not a date that exists');
    return date.toISOString();
  }
  const rfc = RFC2822_BOUND.exec(v);
  const month = rfc ? MONTHS.indexOf(rfc[3]!.toLowerCase()) : -1;
  if (!rfc || month < 0) throw invalidBound(name, value);
  const [, weekday, d, , y, h, mi, sec = '00', zone] = rfc;
  const offset = zoneOffset(zone!);
  if (offset === null) throw invalidBound(name, value, 'has an offset past ±23:59');
  const date = instantOf([Number(y), month, Number(d), Number(h), Number(mi), Number(sec)], 0, offset);
  const localDay = date && new Date(date.getTime() + offset * 60_000).getUTCDay();
  if (!date || (weekday !== undefined && WEEKDAYS.indexOf(weekday.toLowerCase()) !== localDay)) throw invalidBound(name, value, 'is not a date that exists');
  return date.toISOString();
}

/** The words of a text: split on whitespace and punctuation (anything but letters, marks and digits). */
function wordsOf(text: string): string[] {
  return text.split(/[^\p{L}\p{M}\p{N}]+/u).filter(Boolean);
}

/** A `q` with no word to search for (punctuation only): refused, as it would match nothing. */
export function isEmptySearch(q: string): boolean {
  const { all, none } = searchTerms(q);
  return all.length === 0 && none.length === 0;
}

/** A `q` search: terms a story must contain, and terms it must not; a term is a word, or a phrase (words joined by one space). */
export interface SearchTerms {
  all: string[];
  none: string[];
}

/**
 * Reads a `q` search as analysts write one: `Russia Iran` (every word, anywhere), `"Georgian
 * Dream"` (the words in that order, with only spaces or punctuation between them), `-football`
 * and `-"Premier League"` (stories that contain it are left out). Outside quotes, punctuation
 * splits words (`Trump-Russia` is both words); an excluded word with punctuation in it is excluded
 * as a phrase (`-U.S.`). Words are whole words, in any case. Duplicates are dropped.
 */
export function searchTerms(q: string): SearchTerms {
  const all = new Set<string>();
  const none = new Set<string>();
  // A quoted phrase (its closing quote may be missing), or a run of anything but spaces and quotes; each maybe after a minus.
  // Composed, as stored text is (ingest-item.ts): a decomposed "café" finds the composed one.
  for (const m of q.normalize('NFC').matchAll(/(-?)(?:"([^"]*)"?|([^\s"]+))/gu)) {
    const [, minus, quoted, bare] = m;
    const words = wordsOf(quoted ?? bare ?? '');
    if (words.length === 0) continue;
    if (minus) none.add(words.join(' '));
    else if (quoted !== undefined) all.add(words.join(' '));
    else for (const w of words) all.add(w);
  }
  return { all: [...all], none: [...none] };
}

const WORD_PATTERNS = new Map<string, RegExp>();

/** Letters of the scripts written without spaces between words (Han, kana, Thai, Lao, Khmer, Myanmar), as a bracket-expression body both regex dialects read. */
const UNSPACED_LETTERS = '\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u0e00-\u0eff\u1780-\u17ff\u1000-\u109f';
const UNSPACED = new RegExp(`[${UNSPACED_LETTERS}]`, 'u');

/**
 * The whole-word tests before and after `term`: no letter or digit beside it, except the letters
 * of a script written without spaces (`20年` is found in `为期20年的`), and none at all at an edge
 * of the term in such a script (`伊朗` is found inside `俄罗斯与伊朗签署条约`).
 */
export function wordEdges(term: string, dialect: 'js' | 'postgres'): [string, string] {
  const chars = [...term];
  const other = dialect === 'js' ? '[^\\p{L}\\p{M}\\p{N}]' : '[^[:alnum:]]';
  const before = `(?<=^|${other}|[${UNSPACED_LETTERS}])`;
  const after = `(?=$|${other}|[${UNSPACED_LETTERS}])`;
  return [UNSPACED.test(chars[0] ?? '') ? '' : before, UNSPACED.test(chars[chars.length - 1] ?? '') ? '' : after];
}

/**
 * `term` (a word of letters, marks and digits, or such words joined by spaces: a phrase, as
 * searchTerms gives them) occurs in `text` as whole words, in any case; a phrase's words follow
 * one another with only spaces or punctuation between them.
 */
export function hasWord(text: string, term: string): boolean {
  let re = WORD_PATTERNS.get(term);
  if (!re) {
    if (WORD_PATTERNS.size > 1000) WORD_PATTERNS.clear();
    const words = wordsOf(term);
    const [before, after] = wordEdges(term, 'js');
    re = new RegExp(`${before}${words.join('[^\\p{L}\\p{M}\\p{N}]+')}${after}`, 'iu');
    WORD_PATTERNS.set(term, re);
  }
  return re.test(text);
}

/** A LIKE pattern matching `word` anywhere, its wildcards escaped (with `ESCAPE '\\'`). */
export function containsPattern(term: string): string {
  return `%${term
    .split(' ')
    .map((w) => w.replace(/[\\%_]/g, (c) => `\\${c}`))
    .join('%')}%`;
}

/** A category as the filter compares it: trimmed, no trailing slash, lower case. */
export function categoryKey(category: string): string {
  return category.trim().replace(/\/+$/, '').toLowerCase();
}

/** Whether a feed filed under `categories` is in the category (its `categoryKey`) or one of its subfolders, in any case. */
export function inCategory(categories: readonly string[], key: string): boolean {
  return categories.some((c) => {
    const name = c.toLowerCase();
    return name === key || name.startsWith(`${key}/`);
  });
}

/** The topic filter as a list of label keys (a story matches when it carries any of them). */
function topicLabels(topic: StoryQuery['topic']): string[] {
  const ids = topic === undefined ? [] : Array.isArray(topic) ? topic : [topic];
  return [...new Set(ids.map((t) => `t:${t.trim().toLowerCase()}`).filter((l) => l !== 't:'))];
}

/**
 * The entity filter as a list of label keys: each name as a full name (`e:`) and as a person's
 * surname (`s:`), so `Putin` finds "Vladimir Putin". A story matches when it carries any of them.
 */
export function entityLabels(entity: StoryQuery['entity']): string[] {
  const names = entity === undefined ? [] : Array.isArray(entity) ? entity : [entity];
  const labels = new Set<string>();
  for (const name of names) {
    const key = entityKey(name);
    if (!key) continue;
    labels.add(`e:${key}`);
    labels.add(`s:${key}`);
  }
  return [...labels];
}

/**
 * Builds the filtered, keyset-paginated story query (newest first). With one topic, or else an
 * entity, the scan is driven by label rows, which are kept in sort order, so a page costs about its
 * own size however rare the label. An entity filter has several labels (its names and surnames):
 * each label's rows are scanned for one page of matching stories and the pages are merged, so a page
 * costs about its size times the number of labels, and a story carrying two of them comes once.
 * Several topics match any of them (as /api/stream); several languages too (`l:` labels, driving the
 * scan when neither a topic nor an entity does).
 */
export function buildStoryQuery(query: StoryQuery, dialect: SqlDialect): { sql: string; params: SqlParam[] } {
  const topics = topicLabels(query.topic);
  const asked = Array.isArray(query.entity) ? query.entity.length > 0 : Boolean(query.entity);
  const entity = asked ? entityLabels(query.entity) : [];
  if (asked && entity.length === 0) entity.push('e:'); // a name of punctuation only: matches nothing
  const languages = [...new Set((query.language ?? []).map((l) => `l:${l}`))];
  const drivers = topics.length === 1 ? topics : entity.length ? entity : languages;
  // Label sets checked beside the driving label: a story must carry one label of each set.
  const anyOf: string[][] = [];
  if (topics.length > 1) anyOf.push(topics);
  if (entity.length && drivers !== entity) anyOf.push(entity);
  if (languages.length && drivers !== languages) anyOf.push(languages);
  if (drivers.length <= 1) {
    const { where, params } = filters(query, dialect, anyOf, drivers[0] ?? null);
    params.push(query.limit + 1);
    const byLabel = drivers.length === 1;
    const [sortCol, idCol] = byLabel ? ['l.sort_at', 'l.story_id'] : ['s.sort_at', 's.id'];
    const from = byLabel ? 'story_labels l JOIN stories s ON s.id = l.story_id' : 'stories s';
    const sql = `SELECT s.* FROM ${from} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${sortCol} DESC, ${idCol} DESC LIMIT ?`;
    return { sql, params };
  }
  // One branch per label, each a label-driven page; UNION drops a story that two branches found.
  const branches: string[] = [];
  const params: SqlParam[] = [];
  drivers.forEach((label, i) => {
    const f = filters(query, dialect, anyOf, label);
    branches.push(
      `SELECT sort_at, story_id FROM (SELECT l.sort_at, l.story_id FROM story_labels l JOIN stories s ON s.id = l.story_id WHERE ${f.where.join(' AND ')} ORDER BY l.sort_at DESC, l.story_id DESC LIMIT ?) b${i}`,
    );
    params.push(...f.params, query.limit + 1);
  });
  params.push(query.limit + 1);
  const sql = `SELECT s.* FROM (${branches.join(' UNION ')}) m JOIN stories s ON s.id = m.story_id ORDER BY m.sort_at DESC, m.story_id DESC LIMIT ?`;
  return { sql, params };
}

/** The WHERE conditions of one scan: by the label `driver`'s rows (`l`), or else by stories (`s`). */
function filters(query: StoryQuery, dialect: SqlDialect, anyOf: string[][], driver: string | null): { where: string[]; params: SqlParam[] } {
  const where: string[] = [];
  const params: SqlParam[] = [];
  const sortCol = driver !== null ? 'l.sort_at' : 's.sort_at';
  const idCol = driver !== null ? 'l.story_id' : 's.id';
  if (driver !== null) {
    where.push('l.label = ?');
    params.push(driver);
  }
  anyOf.forEach((labels, i) => {
    const match = labels.length === 1 ? '= ?' : `IN (${labels.map(() => '?').join(', ')})`;
    where.push(`EXISTS (SELECT 1 FROM story_labels x${i} WHERE x${i}.label ${match} AND x${i}.sort_at = s.sort_at AND x${i}.story_id = s.id)`);
    params.push(...labels);
  });
  if (query.feed) {
    if (/^\d+$/.test(query.feed)) {
      where.push('EXISTS (SELECT 1 FROM story_sources f WHERE f.story_id = s.id AND f.feed_id = ?)');
      params.push(Number(query.feed));
    } else {
      // By URL: the sources of the feed that has it now (whatever URL they were stored under: a feed
      // that moved, a password masked), and those stored under it (a feed since removed).
      where.push('EXISTS (SELECT 1 FROM story_sources f WHERE f.story_id = s.id AND (f.feed_id IN (SELECT id FROM feeds WHERE url = ?) OR f.feed_url IN (?, ?)))');
      params.push(query.feed, query.feed, maskCredentials(query.feed));
    }
  }
  if (query.category !== undefined) {
    // Checked against the feeds table as it is now, in the statement: a feed added a moment ago by
    // another process counts at once, and a category of any number of feeds costs one parameter.
    const wanted = categoryKey(query.category);
    if (dialect === 'postgres') {
      where.push(
        'EXISTS (SELECT 1 FROM story_sources c JOIN feeds fc ON fc.id = c.feed_id CROSS JOIN LATERAL jsonb_array_elements_text(CAST(fc.categories AS jsonb)) AS cat(name) WHERE c.story_id = s.id AND (lower(cat.name) = ? OR left(lower(cat.name), ?) = ?))',
      );
      params.push(wanted, wanted.length + 1, `${wanted}/`);
    } else {
      where.push('EXISTS (SELECT 1 FROM story_sources c JOIN feeds fc ON fc.id = c.feed_id WHERE c.story_id = s.id AND in_category(fc.categories, ?) = 1)');
      params.push(wanted);
    }
  }
  if (query.since) {
    where.push(`${sortCol} >= ?`);
    params.push(toIsoBound('since', query.since));
  }
  if (query.until) {
    where.push(`${sortCol} < ?`);
    params.push(toIsoBound('until', query.until));
  }
  if (query.q) {
    // Every word as a whole word ("war" is not in "award"), in the title or the text,
    // case-insensitively: LIKE narrows the rows, then a word-boundary test (PostgreSQL: a regular
    // expression, no letter or digit on either side; SQLite: has_word, registered by sqlite-db.ts).
    // A phrase: LIKE with its words in order, then the words with only non-letters between them.
    // An excluded term: no whole-word match in the title or the text.
    const like = dialect === 'postgres' ? 'ILIKE' : 'LIKE';
    const { all, none } = searchTerms(query.q);
    if (all.length === 0 && none.length === 0) where.push('1 = 0');
    const wholeWords = (term: string) => {
      if (dialect !== 'postgres') return term;
      const [before, after] = wordEdges(term, 'postgres');
      return `${before}${term.split(' ').join('[^[:alnum:]]+')}${after}`;
    };
    const matches = dialect === 'postgres' ? '(s.title ~* ? OR s.text ~* ?)' : '(has_word(s.title, ?) OR has_word(s.text, ?))';
    for (const term of all) {
      // SQLite's LIKE folds only ASCII case ("москва" is not LIKE "Москва"): a term with other
      // letters goes to the whole-word test alone, which folds every letter.
      if (dialect === 'postgres' || /^[\x00-\x7f]*$/.test(term)) {
        const pattern = containsPattern(term);
        where.push(`(s.title ${like} ? ESCAPE '\\' OR s.text ${like} ? ESCAPE '\\')`);
        params.push(pattern, pattern);
      }
      where.push(matches);
      params.push(wholeWords(term), wholeWords(term));
    }
    for (const term of none) {
      where.push(`NOT ${matches}`);
      params.push(wholeWords(term), wholeWords(term));
    }
  }
  if (query.cluster) {
    where.push('s.cluster_id = ?');
    params.push(query.cluster);
  }
  if (query.ids) {
    where.push(query.ids.length ? `s.id IN (${query.ids.map(() => '?').join(', ')})` : '1 = 0');
    params.push(...query.ids);
  }
  if (query.cursor) {
    const [sortAt, id] = decodeCursor(query.cursor);
    where.push(`(${sortCol} < ? OR (${sortCol} = ? AND ${idCol} < ?))`);
    params.push(sortAt, sortAt, id);
  }
  return { where, params };
}

/**
 * The clusters ranked by their sources among the window's stories (then by their latest story),
 * each with its story and source counts, its first and last sort times, and its stories in the
 * window, the most-sourced first in `leadStoryId`. Two queries: the ranking, then the stories of
 * the clusters kept.
 */
export async function selectTopClusters(db: SqlExecutor, query: ClusterQuery): Promise<ClusterSummary[]> {
  const topics = topicLabels(query.topic);
  const byTopic = topics.length ? ` AND EXISTS (SELECT 1 FROM story_labels x WHERE x.label IN (${topics.map(() => '?').join(', ')}) AND x.sort_at = s.sort_at AND x.story_id = s.id)` : '';
  const window = `s.sort_at >= ? AND s.sort_at < ?${byTopic}`;
  const params: SqlParam[] = [query.since, query.until, ...topics];
  const ranked = await db.all(
    `SELECT s.cluster_id, COUNT(DISTINCT s.id) AS stories, COUNT(*) AS sources, MIN(s.sort_at) AS first_at, MAX(s.sort_at) AS last_at
     FROM stories s JOIN story_sources src ON src.story_id = s.id WHERE ${window}
     GROUP BY s.cluster_id ORDER BY sources DESC, last_at DESC, s.cluster_id LIMIT ?`,
    [...params, query.limit],
  );
  if (ranked.length === 0) return [];
  const ids = ranked.map((r) => String(r.cluster_id));
  const members = await db.all(
    `SELECT s.cluster_id, s.id, s.sort_at, COUNT(*) AS sources FROM stories s JOIN story_sources src ON src.story_id = s.id
     WHERE ${window} AND s.cluster_id IN (${ids.map(() => '?').join(', ')}) GROUP BY s.cluster_id, s.id, s.sort_at ORDER BY s.sort_at DESC, s.id DESC`,
    [...params, ...ids],
  );
  const byCluster = new Map<string, typeof members>();
  for (const m of members) {
    const key = String(m.cluster_id);
    const list = byCluster.get(key);
    if (list) list.push(m);
    else byCluster.set(key, [m]);
  }
  return ranked.map((r) => {
    const own = byCluster.get(String(r.cluster_id))!;
    const lead = own.reduce((best, m) => (Number(m.sources) > Number(best.sources) ? m : best), own[0]!);
    return {
      clusterId: String(r.cluster_id),
      stories: Number(r.stories),
      sources: Number(r.sources),
      firstAt: String(r.first_at),
      lastAt: String(r.last_at),
      leadStoryId: String(lead.id),
      storyIds: own.map((m) => String(m.id)),
    };
  });
}
