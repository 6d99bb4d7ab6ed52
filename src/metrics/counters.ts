import type { Redis } from 'ioredis';

/**
 * Service-wide counters kept in Redis (one hash under the prefix), so that every fetcher and
 * ingester process on every machine adds to the same numbers and the API's /metrics shows them all.
 * Increments are buffered in memory and flushed in one pipelined round trip.
 */
export const COUNTERS = {
  fetchOutcomes: { name: 'newsfeed_fetch_outcomes_total', help: 'Feed polls by outcome (2xx, 304, 3xx, 4xx, 5xx, unchanged, error, deferred: the host was not contacted) and error code', labelNames: ['outcome', 'code'] },
  pollsInterrupted: { name: 'newsfeed_polls_interrupted_total', help: "Polls stopped by the service's own store or Redis (the feed is polled again after poll.deferIntervalSec), by error code", labelNames: ['code'] },
  itemsSeen: { name: 'newsfeed_items_new_total', help: 'New or changed feed items sent to ingest', labelNames: [] },
  itemsBlocked: { name: 'newsfeed_items_blocked_total', help: "New or changed feed items dropped by their feed's block or keep rule", labelNames: [] },
  storiesStored: { name: 'newsfeed_stories_stored_total', help: 'Stories created in the store', labelNames: [] },
  duplicatesDropped: { name: 'newsfeed_duplicates_total', help: 'Copies merged into an existing story, by match kind', labelNames: ['match'] },
  ingestFailures: { name: 'newsfeed_ingest_item_failures_total', help: 'Items that failed to ingest for good (a permanent error, or no attempt left), each once, by error code', labelNames: ['code'] },
  articlesFetched: { name: 'newsfeed_articles_fetched_total', help: 'Article pages fetched for feeds with full text on, by outcome (extracted by the reader heuristic, selected by the feed selector, no-article, failed, skipped) and error code', labelNames: ['outcome', 'code'] },
  storiesPruned: { name: 'newsfeed_stories_pruned_total', help: 'Stories deleted by the retention setting (retention.days)', labelNames: [] },
  webhookDeliveries: { name: 'newsfeed_webhook_deliveries_total', help: 'Webhook delivery attempts by outcome (delivered, retried, failed) and error code', labelNames: ['outcome', 'code'] },
} as const;
export type CounterKey = keyof typeof COUNTERS;
/** What the exposition needs of a counter: declared even before its first increment. */
export interface CounterDefinition {
  name: string;
  help: string;
  labelNames: readonly string[];
}
export type Labels = Record<string, string>;

export interface Counters {
  inc(counter: CounterKey, labels?: Labels, by?: number): void;
  /** Writes buffered increments to Redis (no-op when nothing is buffered). */
  flush(): Promise<void>;
}

export interface CounterSample {
  name: string;
  help: string;
  labels: Labels;
  value: number;
}

export function countersKey(prefix: string): string {
  return `${prefix}:metrics:counters`;
}

function fieldOf(counter: CounterKey, labels: Labels): string {
  const parts = Object.keys(labels).sort().map((k) => `${k}=${labels[k]}`);
  return [counter, ...parts].join('|');
}

export function createRedisCounters(redis: Redis, prefix: string): Counters {
  const key = countersKey(prefix);
  let pending = new Map<string, number>();
  return {
    inc(counter, labels = {}, by = 1) {
      const field = fieldOf(counter, labels);
      pending.set(field, (pending.get(field) ?? 0) + by);
    },
    async flush() {
      if (pending.size === 0) return;
      const batch = pending;
      pending = new Map();
      const pipe = redis.pipeline();
      for (const [field, by] of batch) pipe.hincrby(key, field, by);
      await pipe.exec();
    },
  };
}

/** Counters that only count in memory (CLI tools, tests). */
export function createMemoryCounters(): Counters & { snapshot(): Map<string, number> } {
  const values = new Map<string, number>();
  return {
    inc(counter, labels = {}, by = 1) {
      const field = fieldOf(counter, labels);
      values.set(field, (values.get(field) ?? 0) + by);
    },
    async flush() {},
    snapshot: () => new Map(values),
  };
}

/** Reads every counter back as samples for the Prometheus exposition. */
export async function readCounters(redis: Redis, prefix: string): Promise<CounterSample[]> {
  const all = await redis.hgetall(countersKey(prefix));
  const samples: CounterSample[] = [];
  for (const [field, value] of Object.entries(all)) {
    const [counter, ...pairs] = field.split('|');
    const def = COUNTERS[counter as CounterKey];
    if (!def) continue;
    const labels: Labels = {};
    for (const pair of pairs) {
      const eq = pair.indexOf('=');
      labels[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
    samples.push({ name: def.name, help: def.help, labels, value: Number(value) });
  }
  return samples;
}
