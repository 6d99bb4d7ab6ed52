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

/** Builds the filtered, keyset-paginated story query (newest first). */
export function buildStoryQuery(query: StoryQuery, dialect: SqlDialect): { sql: string; params: SqlParam[] } {
  const where: string[] = [];
  const params: SqlParam[] = [];
  if (query.topic) {
    where.push('EXISTS (SELECT 1 FROM story_topics t WHERE t.story_id = s.id AND t.topic_id = ?)');
    params.push(query.topic);
  }
  if (query.entity) {
    where.push('EXISTS (SELECT 1 FROM story_entities e WHERE e.story_id = s.id AND e.name_key = ?)');
    params.push(entityKey(query.entity));
  }
  if (query.feed) {
    if (/^\d+$/.test(query.feed)) {
      where.push('EXISTS (SELECT 1 FROM story_sources f WHERE f.story_id = s.id AND f.feed_id = ?)');
      params.push(Number(query.feed));
    } else {
      where.push('EXISTS (SELECT 1 FROM story_sources f WHERE f.story_id = s.id AND f.feed_url = ?)');
      params.push(query.feed);
    }
  }
  if (query.since) {
    where.push('s.sort_at >= ?');
    params.push(toIsoBound('since', query.since));
  }
  if (query.until) {
    where.push('s.sort_at < ?');
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
    where.push('(s.sort_at < ? OR (s.sort_at = ? AND s.id < ?))');
    params.push(sortAt, sortAt, id);
  }
  params.push(query.limit + 1);
  const sql = `SELECT s.* FROM stories s ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY s.sort_at DESC, s.id DESC LIMIT ?`;
  return { sql, params };
}
