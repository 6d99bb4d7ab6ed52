import { IngestError } from '../errors.js';
import type { SqlDialect, SqlParam } from './sql-db.js';
import { entityKey } from './story-rows.js';
import type { StoryQuery } from './story-store.js';

export class QueryError extends IngestError {
  constructor(message: string) {
    super('QUERY_INVALID', message);
  }
}

/** Opaque page cursor: the sort position of the last story returned. */
export function encodeCursor(sortAt: string, id: string): string {
  return Buffer.from(JSON.stringify([sortAt, id])).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')) return value as [string, string];
  } catch {
    // fall through to the coded error
  }
  throw new QueryError('cursor is not one this API returned');
}

/** Normalises a since/until value (ISO-8601 date or date-time, or epoch milliseconds) to ISO UTC. */
export function toIsoBound(name: string, value: string): string {
  const date = /^\d+$/.test(value) ? new Date(Number(value)) : new Date(value);
  if (Number.isNaN(date.getTime())) throw new QueryError(`${name} must be an ISO-8601 date or date-time`);
  return date.toISOString();
}

/**
 * Builds the filtered, keyset-paginated story query (newest first). With a topic or entity filter
 * the scan is driven by that label's rows, which are kept in sort order, so a page costs about its
 * own size however rare the label.
 */
export function buildStoryQuery(query: StoryQuery, dialect: SqlDialect): { sql: string; params: SqlParam[] } {
  const where: string[] = [];
  const params: SqlParam[] = [];
  const labels: string[] = [];
  if (query.topic) labels.push(`t:${query.topic}`);
  if (query.entity) labels.push(`e:${entityKey(query.entity)}`);
  const byLabel = labels.length > 0;
  const sortCol = byLabel ? 'l.sort_at' : 's.sort_at';
  const idCol = byLabel ? 'l.story_id' : 's.id';
  if (byLabel) {
    where.push('l.label = ?');
    params.push(labels[0]!);
    for (const label of labels.slice(1)) {
      where.push('EXISTS (SELECT 1 FROM story_labels x WHERE x.label = ? AND x.sort_at = s.sort_at AND x.story_id = s.id)');
      params.push(label);
    }
  }
  if (query.feed) {
    const byId = /^\d+$/.test(query.feed);
    where.push(`EXISTS (SELECT 1 FROM story_sources f WHERE f.story_id = s.id AND f.${byId ? 'feed_id' : 'feed_url'} = ?)`);
    params.push(byId ? Number(query.feed) : query.feed);
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
    const like = dialect === 'postgres' ? 'ILIKE' : 'LIKE';
    const pattern = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(`(s.title ${like} ? ESCAPE '\\' OR s.text ${like} ? ESCAPE '\\')`);
    params.push(pattern, pattern);
  }
  if (query.cluster) {
    where.push('s.cluster_id = ?');
    params.push(query.cluster);
  }
  if (query.cursor) {
    const [sortAt, id] = decodeCursor(query.cursor);
    where.push(`(${sortCol} < ? OR (${sortCol} = ? AND ${idCol} < ?))`);
    params.push(sortAt, sortAt, id);
  }
  params.push(query.limit + 1);
  const from = byLabel ? 'story_labels l JOIN stories s ON s.id = l.story_id' : 'stories s';
  const sql = `SELECT s.* FROM ${from} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${sortCol} DESC, ${idCol} DESC LIMIT ?`;
  return { sql, params };
}
