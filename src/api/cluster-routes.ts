import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { toIsoBound } from '../store/story-query.js';
import { ApiError } from './api-errors.js';
import type { ApiDeps } from './api-deps.js';
import { resolveTopics } from './resolve-topics.js';
import { rejectRepeated, rejectUnknown } from './story-params.js';

const DAY_MS = 86_400_000;
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
    const parsed = z
      .object({ since: z.string().trim().min(1).optional(), until: z.string().trim().min(1).optional(), limit: z.coerce.number().int().min(1).max(deps.settings.maxLimit).default(DEFAULT_CLUSTERS) })
      .safeParse(query);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new ApiError('QUERY_INVALID', `${issue.path.join('.') || 'query'}: ${issue.message}`);
    }
    const until = parsed.data.until ? toIsoBound('until', parsed.data.until) : FAR_FUTURE;
    // Without `since`: the 24 hours before `until`, or before now.
    const since = parsed.data.since ? toIsoBound('since', parsed.data.since) : new Date((parsed.data.until ? Date.parse(until) : now().getTime()) - DAY_MS).toISOString();
    if (since >= until) throw new ApiError('QUERY_INVALID', 'since: must be before until');
    const topic = query.topic === undefined ? undefined : resolveTopics(query.topic, deps.topics);
    if (topic && topic.length === 0) throw new ApiError('QUERY_INVALID', 'topic: give one or more topic ids, comma-separated');
    const ranked = await deps.store.topClusters({ since, until, topic, limit: parsed.data.limit });
    const leads = new Map((await deps.store.queryStories({ ids: ranked.map((c) => c.leadStoryId), limit: Math.max(1, ranked.length) })).stories.map((s) => [s.id, s]));
    return {
      since,
      until: parsed.data.until ? until : null,
      clusters: ranked.map((c) => ({ id: c.clusterId, stories: c.stories, sources: c.sources, firstAt: c.firstAt, lastAt: c.lastAt, lead: leads.get(c.leadStoryId) ?? null, storyIds: c.storyIds })),
    };
  });
}
