import { toIngestError } from '../errors.js';
import type { Counters } from '../metrics/counters.js';
import type { StoryStore } from '../store/story-store.js';
import type { WebhookDelivery } from './dispatch-stories.js';
import { WEBHOOK_ERROR_CODES, WebhookError } from './errors.js';
import type { WebhookPoster } from './post-webhook.js';
import { buildWebhookRequest } from './webhook-payload.js';

export interface DeliveryDeps {
  store: Pick<StoryStore, 'getWebhook' | 'queryStories' | 'recordWebhookOutcome'>;
  /** postWebhook with the service's timeout and address policy. */
  post: WebhookPoster;
  counters: Counters;
  now?: () => Date;
}

export type DeliveryResult = 'delivered' | 'skipped';

/**
 * One attempt of a delivery: reads the subscription and the stories (as they are now: sources added
 * since the dispatch are in), POSTs them, and records the outcome on the subscription. A
 * subscription removed or disabled meanwhile, or stories no longer stored, skip the delivery. A
 * failure is recorded (as failed when `final` or permanent; 410 Gone disables the subscription),
 * counted, and thrown again for the queue to retry or not.
 */
export async function runDelivery(delivery: WebhookDelivery, attempt: { final: boolean }, deps: DeliveryDeps): Promise<DeliveryResult> {
  const now = () => (deps.now ? deps.now() : new Date()).toISOString();
  const hook = await deps.store.getWebhook(delivery.webhookId);
  if (!hook || hook.status !== 'active') return 'skipped';
  const { stories } = await deps.store.queryStories({ ids: delivery.storyIds, limit: Math.max(1, delivery.storyIds.length), withText: hook.includeText, withLanguage: true });
  if (stories.length === 0) return 'skipped';
  const { body, headers } = buildWebhookRequest({ deliveryId: delivery.deliveryId, webhookId: hook.id, sentAt: now(), stories }, hook.secret);
  try {
    const { status } = await deps.post(hook.url, body, headers);
    await deps.store.recordWebhookOutcome(hook.id, { ok: true, at: now(), status });
    deps.counters.inc('webhookDeliveries', { outcome: 'delivered' });
    return 'delivered';
  } catch (err) {
    const e = toIngestError(err);
    const retryable = e instanceof WebhookError ? e.retryable : true;
    const final = attempt.final || !retryable;
    const disable = e.code === WEBHOOK_ERROR_CODES.gone;
    const message = disable ? `${e.message}: subscription disabled` : e.message;
    await deps.store.recordWebhookOutcome(hook.id, { ok: false, at: now(), status: e instanceof WebhookError ? e.status : null, code: e.code, message, final, disable });
    deps.counters.inc('webhookDeliveries', { outcome: final ? 'failed' : 'retried', code: e.code });
    throw e;
  }
}
