import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { WebhookFilter, WebhookRecord } from '../model.js';
import { maskCredentials } from '../normalize/mask-credentials.js';
import { entityKey } from '../store/story-rows.js';
import type { StoryStore } from '../store/story-store.js';
import { lookupFeed } from '../pipeline/feed-state.js';
import { pingWebhook } from '../webhooks/ping-webhook.js';
import { checkWebhookInput, type WebhookInput } from '../webhooks/webhook-filter.js';
import { ApiError } from './api-errors.js';
import type { ApiDeps, TopicInfo } from './api-deps.js';
import { requireToken } from './require-token.js';

/**
 * The public shape of a subscription (GET /api/webhooks, `newsfeed webhooks list --json`): a
 * password in the URL masked; the secret only when asked.
 */
export function toWebhookView(hook: WebhookRecord, opts: { secret?: boolean } = {}) {
  return {
    id: hook.id,
    url: maskCredentials(hook.url),
    filter: hook.filter,
    include: hook.includeText ? ['text'] : [],
    status: hook.status,
    disabledReason: hook.disabledReason,
    delivered: hook.delivered,
    failed: hook.failed,
    lastDelivery: hook.lastDeliveryAt
      ? { at: hook.lastDeliveryAt, status: hook.lastStatus, error: hook.lastErrorCode ? { code: hook.lastErrorCode, message: hook.lastErrorMessage && maskCredentials(hook.lastErrorMessage) } : null }
      : null,
    createdAt: hook.createdAt,
    ...(opts.secret ? { secret: hook.secret } : {}),
  };
}

/** A filter's identity: entity and words compared as the query compares them (any case, any accents). */
function filterKey(filter: WebhookFilter): string {
  return JSON.stringify([[...filter.topic].sort(), filter.entity && entityKey(filter.entity), filter.q && entityKey(filter.q), filter.feed, filter.category?.toLowerCase().replace(/\/+$/, '') ?? null, [...(filter.language ?? [])].sort()]);
}

/**
 * Adds a subscription, or finds the one with the same URL and filter (adding twice delivers once;
 * adding again one that a 410 Gone disabled turns it back on). Every subscription signs its
 * deliveries: without a secret given, one is made (32 random bytes, base64url). The secret is
 * returned to whoever adds it (an admin); to change it, remove the subscription and add it again.
 */
export async function addWebhook(store: Pick<StoryStore, 'addWebhook' | 'listWebhooks' | 'enableWebhook' | 'listFeeds'>, input: WebhookInput, topics: TopicInfo[]): Promise<{ hook: WebhookRecord; created: boolean }> {
  const checked = checkWebhookInput(input, topics);
  if (checked.filter.feed !== null) {
    // Kept as the feed's id: a feed moved by a permanent redirect keeps it, and a masked URL that
    // several feeds share (FEED_AMBIGUOUS) or no feed has is refused.
    const given = checked.filter.feed;
    const feed = await lookupFeed(store, given);
    if (!feed) throw new ApiError('BAD_REQUEST', `feed: no feed ${maskCredentials(JSON.stringify(given.slice(0, 200)))} (give an id or URL that /api/feeds lists)`);
    checked.filter.feed = String(feed.id);
  }
  // A subscription is its URL, its filter and what its deliveries carry.
  const same = filterKey(checked.filter);
  const existing = (await store.listWebhooks()).find((h) => h.url === checked.url && filterKey(h.filter) === same && h.includeText === checked.includeText);
  if (existing && checked.secret !== null && checked.secret !== existing.secret) {
    throw new ApiError('WEBHOOK_EXISTS', `webhook ${existing.id} has this URL and filter with another secret: remove it first to change its secret`);
  }
  if (existing) return { hook: existing.status === 'active' ? existing : ((await store.enableWebhook(existing.id)) ?? existing), created: false };
  const hook = await store.addWebhook({ ...checked, secret: checked.secret ?? randomBytes(32).toString('base64url') });
  return { hook, created: true };
}

/** The :id of a webhook route: a positive integer, else a 404 (no such subscription). */
function webhookId(raw: string): number {
  if (!/^\d{1,15}$/.test(raw)) throw new ApiError('NOT_FOUND', `no webhook ${raw.slice(0, 100)}`);
  return Number(raw);
}

/**
 * GET, POST /api/webhooks, GET, DELETE /api/webhooks/:id and POST /api/webhooks/:id/test (a test
 * delivery now: `{"ok","status","error"}`), all behind API_TOKEN (they hold receivers' URLs and secrets).
 */
export function registerWebhookRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const guard = { preHandler: requireToken(deps.settings.apiToken) };
  app.get('/api/webhooks', guard, async () => ({ webhooks: (await deps.store.listWebhooks()).map((h) => toWebhookView(h)) }));

  app.post('/api/webhooks', guard, async (request, reply) => {
    const body = request.body;
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new ApiError('BAD_REQUEST', 'send a JSON object: {"url", "topic"?, "entity"?, "q"?, "feed"?, "category"?, "secret"?, "include"?}');
    const { hook, created } = await addWebhook(deps.store, body as WebhookInput, deps.topics);
    reply.code(created ? 201 : 200);
    return toWebhookView(hook, { secret: true });
  });

  app.get<{ Params: { id: string } }>('/api/webhooks/:id', guard, async (request) => {
    const hook = await deps.store.getWebhook(webhookId(request.params.id));
    if (!hook) throw new ApiError('NOT_FOUND', `no webhook ${request.params.id}`);
    return toWebhookView(hook);
  });

  app.post<{ Params: { id: string } }>('/api/webhooks/:id/test', guard, async (request) => {
    const hook = await deps.store.getWebhook(webhookId(request.params.id));
    if (!hook) throw new ApiError('NOT_FOUND', `no webhook ${request.params.id}`);
    if (!deps.postWebhook) throw new ApiError('NOT_READY', 'webhook tests are not available in this process');
    return pingWebhook(hook, deps.postWebhook);
  });

  app.delete<{ Params: { id: string } }>('/api/webhooks/:id', guard, async (request, reply) => {
    if (!(await deps.store.removeWebhook(webhookId(request.params.id)))) throw new ApiError('NOT_FOUND', `no webhook ${request.params.id}`);
    reply.code(204);
    return null;
  });
}
