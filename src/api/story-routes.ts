import type { FastifyInstance } from 'fastify';
import { ApiError } from './api-errors.js';
import type { ApiDeps } from './api-deps.js';
import { resolveFeedFilter } from './resolve-feed-filter.js';
import { parseStoryParams } from './story-params.js';

/** GET /api/stories (filters, newest first, cursor pages) and GET /api/stories/:id. */
export function registerStoryRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const { defaultLimit, maxLimit } = deps.settings;

  app.get('/api/stories', async (request) => {
    const query = parseStoryParams((request.query ?? {}) as Record<string, unknown>, { topics: deps.topics, defaultLimit, maxLimit });
    if (query.feed !== undefined) query.feed = await resolveFeedFilter(deps.store, query.feed);
    return deps.store.queryStories(query);
  });

  app.get<{ Params: { id: string } }>('/api/stories/:id', async (request) => {
    const story = await deps.store.getStory(request.params.id);
    if (!story) throw new ApiError('NOT_FOUND', `no story ${request.params.id}`);
    return story;
  });
}
