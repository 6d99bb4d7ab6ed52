import type { FastifyInstance } from 'fastify';
import { ApiError } from './api-errors.js';
import type { ApiDeps } from './api-deps.js';
import { resolveTopics } from './resolve-topics.js';
import { rejectRepeated, rejectUnknown } from './story-params.js';
import { readTimeWindow } from './time-window.js';

const DEFAULT_CLUSTERS = 20;
const FAR_FUTURE = '9999-12-31T23:59:59.999Z';

/**
 * GET /api/clusters?since=&until=&topic=&limit= — the events of the window ranked as a front page
 * ranks them: by how many sources carried their stories, then by their latest story. Each cluster
 * comes with its counts, first and last times, the ids of its stories in the window (newest first)
 * and its lead story (the most-sourced), whole. Defaults: the 24 hours before `until` (or now), 20 clusters.
 */
export function registerClusterRoutes(app: FastifyInstance, deps: ApiDeps, now: () => Date = () => new Date()): void {
  app.get('/api/clusters', async (request) => {
    const query = (request.query ?? {}) as Record<string, unknown>;
    rejectUnknown(query, ['since', 'until', 'topic', 'limit']);
    rejectRepeated(query, ['since', 'until', 'limit']);
    const window = readTimeWindow(query, { now: now(), defaultLimit: DEFAULT_CLUSTERS, maxLimit: deps.settings.maxLimit });
    // Without `until`, stories dated in the future (a feed's clock ahead) are in the window too.
    const until = window.until ?? FAR_FUTURE;
    const since = window.since;
    const topic = query.topic === undefined ? undefined : resolveTopics(query.topic, deps.topics);
    if (topic && topic.length === 0) throw new ApiError('QUERY_INVALID', 'topic: give one or more topic ids, comma-separated');
    const ranked = await deps.store.topClusters({ since, until, topic, limit: window.limit });
    const leads = new Map((await deps.store.queryStories({ ids: ranked.map((c) => c.leadStoryId), limit: Math.max(1, ranked.length) })).stories.map((s) => [s.id, s]));
    return {
      since,
      until: window.until,
      clusters: ranked.map((c) => ({ id: c.clusterId, stories: c.stories, sources: c.sources, firstAt: c.firstAt, lastAt: c.lastAt, lead: leads.get(c.leadStoryId) ?? null, storyIds: c.storyIds })),
    };
  });
}
