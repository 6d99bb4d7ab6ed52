import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ApiError } from './api-errors.js';
import type { ApiDeps } from './api-deps.js';

const text = z.string().trim().min(1).max(500).optional();

/** GET /api/stories (filters, newest first, cursor pages) and GET /api/stories/:id. */
export function registerStoryRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const { defaultLimit, maxLimit } = deps.settings;
  const querySchema = z.object({
    topic: text,
    entity: text,
    feed: text,
    since: text,
    until: text,
    q: text,
    cluster: text,
    cursor: text,
    limit: z.coerce.number().int().min(1).max(maxLimit).default(defaultLimit),
  });

  app.get('/api/stories', async (request) => {
    const parsed = querySchema.safeParse(request.query);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new ApiError('QUERY_INVALID', `${issue.path.join('.') || 'query'}: ${issue.message}`);
    }
    return deps.store.queryStories(parsed.data);
  });

  app.get<{ Params: { id: string } }>('/api/stories/:id', async (request) => {
    const story = await deps.store.getStory(request.params.id);
    if (!story) throw new ApiError('NOT_FOUND', `no story ${request.params.id}`);
    return story;
  });
}
