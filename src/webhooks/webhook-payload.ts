import { createHmac } from 'node:crypto';
import type { Story } from '../model.js';

/** The event every delivery carries: stories that match the subscription for the first time (new, or after a fuller text). */
export const WEBHOOK_EVENT = 'stories.matched';
/** The event of a test delivery (`webhooks test`, POST /api/webhooks/:id/test): no stories. */
export const PING_EVENT = 'ping';

export interface WebhookPayload {
  event: typeof WEBHOOK_EVENT | typeof PING_EVENT;
  /** The same for every attempt of one delivery: receivers drop a repeat by it. */
  deliveryId: string;
  webhookId: number;
  /** When this attempt was sent (ISO-8601 UTC). */
  sentAt: string;
  /** As GET /api/stories/:id returns them, newest first. */
  stories: Story[];
}

/**
 * `sha256=<hex>`: HMAC-SHA256 of the exact body bytes under the subscription's secret (the
 * X-Newsfeed-Signature header). A receiver computes the same over the raw body it read and compares
 * in constant time.
 */
export function signWebhookBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** The body and headers of one delivery attempt. */
export function buildWebhookRequest(payload: Omit<WebhookPayload, 'event'>, secret: string | null, event: WebhookPayload['event'] = WEBHOOK_EVENT): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify({ event, ...payload });
  const headers: Record<string, string> = { 'x-newsfeed-event': event, 'x-newsfeed-delivery': payload.deliveryId };
  if (secret) headers['x-newsfeed-signature'] = signWebhookBody(secret, body);
  return { body, headers };
}
