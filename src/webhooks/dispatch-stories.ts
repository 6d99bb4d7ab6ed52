import { createHash } from 'node:crypto';
import type { StoryStore } from '../store/story-store.js';
import { webhookQuery } from './webhook-filter.js';

/** One delivery to make: these stories to this subscription. */
export interface WebhookDelivery {
  webhookId: number;
  /** Same stories, same subscription, same id: a repeated dispatch queues nothing new. */
  deliveryId: string;
  storyIds: string[];
}

export interface DispatchDeps {
  store: Pick<StoryStore, 'listWebhooks' | 'queryStories' | 'claimWebhookStories'>;
  /** Most stories in one delivery; more are split over several. */
  maxStories: number;
}

/**
 * Which active subscriptions want which of the announced stories (new ones, and ones whose fuller
 * text may match now): each subscription's filter is run as an /api/stories query restricted to
 * those ids, so a webhook receives what polling /api/stories with the same filter would find. A
 * story is claimed for a subscription the first time it matches and is never sent to it again;
 * `dispatchId` (the dispatch job's id) keeps a retried dispatch's claims its own. One delivery per
 * subscription and up to `maxStories` stories.
 */
export async function selectDeliveries(storyIds: string[], dispatchId: string, deps: DispatchDeps): Promise<WebhookDelivery[]> {
  const ids = [...new Set(storyIds)];
  if (ids.length === 0) return [];
  const hooks = (await deps.store.listWebhooks()).filter((h) => h.status === 'active');
  const deliveries: WebhookDelivery[] = [];
  for (const hook of hooks) {
    for (let i = 0; i < ids.length; i += deps.maxStories) {
      const chunk = ids.slice(i, i + deps.maxStories);
      const { stories } = await deps.store.queryStories(webhookQuery(hook.filter, chunk));
      if (stories.length === 0) continue;
      const claimed = new Set(await deps.store.claimWebhookStories(hook.id, stories.map((s) => s.id), dispatchId));
      const storyIds = stories.map((s) => s.id).filter((id) => claimed.has(id));
      if (storyIds.length === 0) continue;
      const deliveryId = createHash('sha256').update(`${hook.id}\n${[...storyIds].sort().join('\n')}`).digest('hex').slice(0, 32);
      deliveries.push({ webhookId: hook.id, deliveryId, storyIds });
    }
  }
  return deliveries;
}
