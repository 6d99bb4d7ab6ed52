/** BullMQ queue names (keys live under `${QUEUE_PREFIX}:${queue}:…`). */
export const QUEUES = {
  poll: 'poll',
  ingest: 'ingest',
  webhook: 'webhook',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const JOBS = {
  pollFeed: 'poll-feed',
  ingestItems: 'ingest-items',
  /** New story ids, to be matched against the webhook subscriptions. */
  dispatchStories: 'dispatch-stories',
  /** Stories to POST to one subscription. */
  deliverWebhook: 'deliver-webhook',
} as const;

/** The one poll job a feed may have at a time: the id makes a second add a no-op. */
export function pollJobId(feedId: number): string {
  return `poll-${feedId}`;
}

export const JOB_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed'] as const;
export type JobState = (typeof JOB_STATES)[number];
export type QueueCounts = Record<JobState, number>;
