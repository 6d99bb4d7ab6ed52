import type { StoryStore } from '../store/story-store.js';

/**
 * Whether any subscription is active, read from the store at most once per `ttlMs` (default 5 s):
 * ingest asks once per batch, and with no subscription queues no dispatch job at all. A
 * subscription added while the service runs receives the stories ingested from at most `ttlMs`
 * later. A store error counts as "yes" (the dispatcher then finds out).
 */
export function createActiveSubscriptionsCheck(store: Pick<StoryStore, 'listWebhooks'>, opts: { ttlMs?: number; now?: () => number } = {}): () => Promise<boolean> {
  const ttlMs = opts.ttlMs ?? 5000;
  const now = opts.now ?? Date.now;
  let checkedAt = Number.NEGATIVE_INFINITY;
  let pending: Promise<boolean> | null = null;
  let active = false;
  return async () => {
    if (now() - checkedAt < ttlMs) return active;
    pending ??= store
      .listWebhooks()
      .then((hooks) => hooks.some((h) => h.status === 'active'), () => true)
      .then((value) => {
        active = value;
        checkedAt = now();
        pending = null;
        return value;
      });
    return pending;
  };
}
