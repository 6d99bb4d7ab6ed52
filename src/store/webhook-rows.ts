import type { WebhookFilter, WebhookRecord, WebhookStatus } from '../model.js';
import type { SqlDb, SqlExecutor, SqlRow } from './sql-db.js';
import type { NewWebhook, WebhookOutcome } from './story-store.js';

function str(v: unknown): string | null {
  return v === null || v === undefined ? null : String(v);
}

/** The stored filter, read leniently: a field of the wrong shape counts as not set. */
function toFilter(text: unknown): WebhookFilter {
  let raw: Record<string, unknown> = {};
  try {
    const parsed = JSON.parse(String(text ?? '{}')) as unknown;
    if (parsed && typeof parsed === 'object') raw = parsed as Record<string, unknown>;
  } catch {
    // not JSON: no filter
  }
  const one = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
  return { topic: Array.isArray(raw.topic) ? raw.topic.filter((t): t is string => typeof t === 'string') : [], entity: one(raw.entity), q: one(raw.q), feed: one(raw.feed), category: one(raw.category), language: Array.isArray(raw.language) ? raw.language.filter((l): l is string => typeof l === 'string') : [] };
}

export function toWebhookRecord(row: SqlRow): WebhookRecord {
  return {
    id: Number(row.id),
    url: String(row.url),
    filter: toFilter(row.filter),
    includeText: Number(row.include_text ?? 0) === 1,
    secret: str(row.secret),
    status: String(row.status) as WebhookStatus,
    disabledReason: str(row.disabled_reason),
    delivered: Number(row.delivered ?? 0),
    failed: Number(row.failed ?? 0),
    lastDeliveryAt: str(row.last_delivery_at),
    lastStatus: row.last_status === null || row.last_status === undefined ? null : Number(row.last_status),
    lastErrorCode: str(row.last_error_code),
    lastErrorMessage: str(row.last_error_message),
    createdAt: String(row.created_at),
  };
}

export async function selectWebhook(db: SqlExecutor, id: number): Promise<WebhookRecord | null> {
  const rows = await db.all('SELECT * FROM webhooks WHERE id = ?', [id]);
  return rows[0] ? toWebhookRecord(rows[0]) : null;
}

export async function insertWebhook(db: SqlExecutor, hook: NewWebhook, now: string): Promise<WebhookRecord> {
  const filter: WebhookFilter = { topic: hook.filter?.topic ?? [], entity: hook.filter?.entity ?? null, q: hook.filter?.q ?? null, feed: hook.filter?.feed ?? null, category: hook.filter?.category ?? null, language: hook.filter?.language ?? [] };
  const rows = await db.all(
    `INSERT INTO webhooks (url, filter, secret, include_text, status, created_at, updated_at) VALUES (?, ?, ?, ?, 'active', ?, ?) RETURNING *`,
    [hook.url, JSON.stringify(filter), hook.secret ?? null, hook.includeText ? 1 : 0, now, now],
  );
  return toWebhookRecord(rows[0]!);
}

/**
 * Records one delivery attempt: a success counts as delivered and clears the last error; a failure
 * keeps its status and code, counts as failed only when no attempt follows (`final`), and with
 * `disable` (410 Gone) turns the subscription off.
 */
export async function recordWebhookOutcome(db: SqlExecutor, id: number, o: WebhookOutcome, now: string): Promise<void> {
  if (o.ok) {
    await db.run(
      'UPDATE webhooks SET delivered = delivered + 1, last_delivery_at = ?, last_status = ?, last_error_code = NULL, last_error_message = NULL, updated_at = ? WHERE id = ?',
      [o.at, o.status, now, id],
    );
    return;
  }
  const message = o.message ? o.message.slice(0, 500) : null;
  await db.run(
    `UPDATE webhooks SET failed = failed + ?, last_delivery_at = ?, last_status = ?, last_error_code = ?, last_error_message = ?,
       status = CASE WHEN ? = 1 THEN 'disabled' ELSE status END, disabled_reason = CASE WHEN ? = 1 THEN ? ELSE disabled_reason END, updated_at = ? WHERE id = ?`,
    [o.final ? 1 : 0, o.at, o.status, o.code ?? null, message, o.disable ? 1 : 0, o.disable ? 1 : 0, message, now, id],
  );
}

/** See StoryStore.claimWebhookStories: insert what is not claimed yet, then read back this dispatch's claims. */
export async function claimWebhookStories(db: SqlDb, webhookId: number, storyIds: string[], dispatchId: string, now: string): Promise<string[]> {
  const ids = [...new Set(storyIds)];
  if (ids.length === 0) return [];
  return db.transaction(async (tx) => {
    const values = ids.map(() => '(?, ?, ?, ?)').join(', ');
    await tx.run(`INSERT INTO webhook_stories (webhook_id, story_id, dispatch_id, created_at) VALUES ${values} ON CONFLICT DO NOTHING`, ids.flatMap((id) => [webhookId, id, dispatchId, now]));
    const rows = await tx.all(`SELECT story_id FROM webhook_stories WHERE webhook_id = ? AND dispatch_id = ? AND story_id IN (${ids.map(() => '?').join(', ')})`, [webhookId, dispatchId, ...ids]);
    const mine = new Set(rows.map((r) => String(r.story_id)));
    return ids.filter((id) => mine.has(id));
  });
}
