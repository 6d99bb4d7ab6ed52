import type { Redis } from 'ioredis';
import type { DiscoveredFeed } from '../discover/discover-feeds.js';
import type { Logger } from 'pino';
import type { QueueCounts } from '../queue/queue-names.js';
import type { DueIndex } from '../queue/due-index.js';
import type { StoryEvents } from '../queue/story-events.js';
import type { StoryStore } from '../store/story-store.js';
import type { WebhookPoster } from '../webhooks/post-webhook.js';

export interface TopicInfo {
  id: string;
  label: string;
  iptc: string;
  parent: string | null;
}

/** What the HTTP API needs; everything but the store is optional so stages can be tested alone. */
export interface ApiDeps {
  store: StoryStore;
  log: Logger;
  topics: TopicInfo[];
  /** `streamReplayMax`: stories a reconnecting stream client is sent at most (default 1000). */
  settings: { apiToken: string | null; defaultLimit: number; maxLimit: number; queuePrefix: string; streamReplayMax?: number; opmlMaxBytes?: number; redisTimeoutMs?: number; storeTimeoutMs?: number; publicUrl?: string | null };
  /** Counters, live events and the poll schedule live in Redis. */
  redis?: Redis;
  dueIndex?: DueIndex;
  queueCounts?: () => Promise<Record<string, QueueCounts>>;
  /** The log of new stories that /api/stream follows and replays from (without it, the stream is silent). */
  storyEvents?: StoryEvents;
  /** POSTs a webhook test delivery (the service's timeout and SSRF policy); without it, POST /api/webhooks/:id/test is 503. */
  postWebhook?: WebhookPoster;
  /** Finds the feeds of a web page (discoverWithConfig); without it, discovery answers 503. */
  discover?: (url: string) => Promise<DiscoveredFeed[]>;
  /** Extra checks for /readyz (e.g. Redis PING). */
  checkReady?: () => Promise<void>;
}

