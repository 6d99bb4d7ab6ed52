import type { FeedRecord, FeedStatus } from '../model.js';
import type { SqlExecutor, SqlParam, SqlRow } from './sql-db.js';
import type { FeedPatch, NewFeed } from './story-store.js';

const PATCH_COLUMNS: Record<Exclude<keyof FeedPatch, 'operator'>, string> = {
  url: 'url',
  title: 'title',
  siteUrl: 'site_url',
  status: 'status',
  etag: 'etag',
  lastModified: 'last_modified',
  bodyHash: 'body_hash',
  lastPolledAt: 'last_polled_at',
  lastSuccessAt: 'last_success_at',
  nextPollAt: 'next_poll_at',
  lastErrorCode: 'last_error_code',
  lastErrorMessage: 'last_error_message',
  errorCount: 'error_count',
  pollIntervalSec: 'poll_interval_sec',
  fullText: 'full_text',
  fullTextSelector: 'full_text_selector',
  blockRule: 'block_rule',
  keepRule: 'keep_rule',
  fixedIntervalSec: 'fixed_interval_sec',
  lastNewItemAt: 'last_new_item_at',
};

export function toFeedRecord(row: SqlRow): FeedRecord {
  const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
  return {
    id: Number(row.id),
    url: String(row.url),
    title: str(row.title),
    siteUrl: str(row.site_url),
    categories: JSON.parse(String(row.categories ?? '[]')) as string[],
    status: String(row.status) as FeedStatus,
    etag: str(row.etag),
    lastModified: str(row.last_modified),
    bodyHash: str(row.body_hash),
    lastPolledAt: str(row.last_polled_at),
    lastSuccessAt: str(row.last_success_at),
    nextPollAt: str(row.next_poll_at),
    lastErrorCode: str(row.last_error_code),
    lastErrorMessage: str(row.last_error_message),
    errorCount: Number(row.error_count ?? 0),
    pollIntervalSec: row.poll_interval_sec === null || row.poll_interval_sec === undefined ? null : Number(row.poll_interval_sec),
    fullText: Number(row.full_text ?? 0) === 1,
    fullTextSelector: str(row.full_text_selector),
    blockRule: str(row.block_rule),
    keepRule: str(row.keep_rule),
    fixedIntervalSec: row.fixed_interval_sec === null || row.fixed_interval_sec === undefined ? null : Number(row.fixed_interval_sec),
    lastNewItemAt: str(row.last_new_item_at),
    createdAt: String(row.created_at),
  };
}

/**
 * Adds the feed when its URL is not in the table yet; returns whether the row was created. The row
 * is inserted only when no feed has the URL (INSERT … SELECT … WHERE NOT EXISTS), so a URL already
 * present consumes no id: a plain INSERT … ON CONFLICT DO NOTHING takes a sequence value (PostgreSQL
 * identity) before it finds the conflict, and every re-import of the same feeds left a gap. The
 * unique constraint still settles a race between two writers (ON CONFLICT DO NOTHING: one row, no
 * error); only such a race can leave a gap.
 */
export async function insertFeed(db: SqlExecutor, feed: NewFeed, now: string): Promise<boolean> {
  const changed = await db.run(
    `INSERT INTO feeds (url, title, site_url, categories, status, error_count, full_text, full_text_selector, block_rule, keep_rule, fixed_interval_sec, created_at, updated_at)
     SELECT CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), 'active', 0, CAST(? AS INTEGER), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS INTEGER), CAST(? AS TEXT), CAST(? AS TEXT)
     WHERE NOT EXISTS (SELECT 1 FROM feeds WHERE url = ?)
     ON CONFLICT (url) DO NOTHING`,
    [feed.url, feed.title ?? null, feed.siteUrl ?? null, JSON.stringify(feed.categories ?? []), feed.fullText ? 1 : 0, feed.fullTextSelector ?? null, feed.blockRule ?? null, feed.keepRule ?? null, feed.fixedIntervalSec ?? null, now, now, feed.url],
  );
  return changed > 0;
}

export async function selectFeed(db: SqlExecutor, where: 'id' | 'url', value: SqlParam): Promise<FeedRecord | null> {
  const rows = await db.all(`SELECT * FROM feeds WHERE ${where} = ?`, [value]);
  return rows[0] ? toFeedRecord(rows[0]) : null;
}

export async function patchFeed(db: SqlExecutor, id: number, patch: FeedPatch, now: string): Promise<void> {
  const sets: string[] = [];
  const params: SqlParam[] = [];
  for (const [key, value] of Object.entries(patch) as Array<[keyof FeedPatch, SqlParam | boolean | undefined]>) {
    if (value === undefined || !(key in PATCH_COLUMNS)) continue;
    sets.push(key === 'status' && !patch.operator ? "status = CASE WHEN status = 'paused' THEN status ELSE ? END" : `${PATCH_COLUMNS[key as keyof typeof PATCH_COLUMNS]} = ?`);
    params.push(typeof value === 'boolean' ? (value ? 1 : 0) : value);
  }
  if (sets.length === 0) return;
  sets.push('updated_at = ?');
  params.push(now, id);
  await db.run(`UPDATE feeds SET ${sets.join(', ')} WHERE id = ?`, params);
}
