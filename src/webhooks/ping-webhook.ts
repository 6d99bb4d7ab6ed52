import { randomBytes } from 'node:crypto';
import { toIngestError } from '../errors.js';
import type { WebhookRecord } from '../model.js';
import { WebhookError } from './errors.js';
import type { WebhookPoster } from './post-webhook.js';
import { buildWebhookRequest, PING_EVENT } from './webhook-payload.js';

export interface PingResult {
  ok: boolean;
  /** The receiver's HTTP status; null when none came. */
  status: number | null;
  error: { code: string; message: string } | null;
}

/**
 * Sends a test delivery now (event `ping`, no stories, signed like every delivery) and says how the
 * receiver answered. Not retried, not counted on the subscription, sent whatever its status.
 */
export async function pingWebhook(hook: WebhookRecord, post: WebhookPoster, now: Date = new Date()): Promise<PingResult> {
  const { body, headers } = buildWebhookRequest({ deliveryId: `ping-${randomBytes(8).toString('hex')}`, webhookId: hook.id, sentAt: now.toISOString(), stories: [] }, hook.secret, PING_EVENT);
  try {
    const { status } = await post(hook.url, body, headers);
    return { ok: true, status, error: null };
  } catch (err) {
    const e = toIngestError(err);
    return { ok: false, status: e instanceof WebhookError ? e.status : null, error: { code: e.code, message: e.message } };
  }
}
