import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from './api-errors.js';
import type { ApiDeps } from './api-deps.js';
import { renderJsonFeed, renderRss } from './render-feed.js';
import { parseLanguages } from './story-params.js';

const FEED_SIZE = 50;

/**
 * The address a topic feed names as its own: under api.publicUrl when it is set (the address
 * readers use, a path prefix of a reverse proxy kept), else as this request came (its Host, or
 * X-Forwarded-Host and -Proto, which any client can send).
 */
function selfUrl(request: FastifyRequest, publicUrl: string | null | undefined): string {
  if (publicUrl) return `${publicUrl.replace(/\/+$/, '')}${request.url}`;
  return `${request.protocol}://${request.host}${request.url}`;
}

/** GET /api/topics (taxonomy with counts) and the per-topic RSS / JSON Feed outputs (`?language=en,fr`: only stories written in those). */
export function registerTopicRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const byId = new Map(deps.topics.map((t) => [t.id, t]));

  app.get('/api/topics', async () => {
    const counts = await deps.store.topicCounts();
    return { topics: deps.topics.map((t) => ({ ...t, count: counts[t.id] ?? 0 })) };
  });

  const topicStories = async (id: string, query: { language?: unknown }) => {
    const topic = byId.get(id.toLowerCase());
    if (!topic) throw new ApiError('NOT_FOUND', `no topic ${id}`);
    const language = query.language === undefined ? undefined : parseLanguages(query.language);
    const { stories } = await deps.store.queryStories({ topic: topic.id, limit: FEED_SIZE, withText: true, withLanguage: true, ...(language ? { language } : {}) });
    const channel = { title: `newsfeed: ${topic.label}`, description: `Stories on ${topic.label} (IPTC ${topic.iptc})`, ...(language?.length === 1 ? { language: language[0] } : {}) };
    return { channel, stories };
  };

  type TopicRequest = { Params: { id: string }; Querystring: { language?: string | string[] } };

  app.get<TopicRequest>('/api/topics/:id/feed.xml', async (request, reply) => {
    const { channel, stories } = await topicStories(request.params.id, request.query);
    const feedTitles = await deps.store.feedTitles([...new Set(stories.flatMap((s) => s.sources.slice(0, 1).map((src) => src.feedUrl)))]);
    reply.type('application/rss+xml; charset=utf-8');
    return renderRss({ ...channel, selfUrl: selfUrl(request, deps.settings.publicUrl) }, stories, feedTitles);
  });

  app.get<TopicRequest>('/api/topics/:id/feed.json', async (request, reply) => {
    const { channel, stories } = await topicStories(request.params.id, request.query);
    reply.type('application/feed+json; charset=utf-8');
    return renderJsonFeed({ ...channel, selfUrl: selfUrl(request, deps.settings.publicUrl) }, stories);
  });
}
