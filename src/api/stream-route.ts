import { ApiError } from './api-errors.js';
import type { FastifyInstance } from 'fastify';
import type { ServerResponse } from 'node:http';
import type { Story } from '../model.js';
import { storyEventsChannel, type ApiDeps } from './api-deps.js';
import { resolveTopics } from './resolve-topics.js';
import { rejectUnknown } from './story-params.js';

interface Client {
  res: ServerResponse;
  topics: Set<string> | null;
}

const KEEPALIVE_MS = 15_000;

/**
 * GET /api/stream?topic=energy,trade — Server-Sent Events, one `story` event per new story (of any
 * of the topics, when given; ids as in /api/topics, case-insensitive, an unknown one a 400).
 * Ingest workers publish new story ids on a Redis channel; one subscription per API process fans
 * them out, each story read from the store once whatever the number of clients.
 */
export function registerStreamRoute(app: FastifyInstance, deps: ApiDeps): void {
  const clients = new Set<Client>();
  let unsubscribe: (() => Promise<void>) | null = null;
  let subscribing: Promise<void> | null = null;

  const broadcast = async (message: string) => {
    let ids: string[];
    try {
      ids = (JSON.parse(message) as { ids: string[] }).ids ?? [];
    } catch {
      return;
    }
    for (const id of ids) {
      const story: Story | null = await deps.store.getStory(id).catch(() => null);
      if (!story) continue;
      const frame = `event: story\nid: ${story.id}\ndata: ${JSON.stringify(story)}\n\n`;
      for (const c of clients) {
        if (!c.topics || story.topics.some((t) => c.topics!.has(t.id))) c.res.write(frame);
      }
    }
  };

  const ensureSubscribed = async () => {
    if (unsubscribe || !deps.subscribe) return;
    subscribing ??= deps
      .subscribe(storyEventsChannel(deps.settings.queuePrefix), (m) => void broadcast(m))
      .then((stop) => void (unsubscribe = stop))
      .finally(() => (subscribing = null));
    await subscribing;
  };

  const timer = setInterval(() => {
    for (const c of clients) c.res.write(': keep-alive\n\n');
  }, KEEPALIVE_MS);
  timer.unref();

  app.addHook('onClose', async () => {
    clearInterval(timer);
    for (const c of clients) c.res.end();
    clients.clear();
    await unsubscribe?.();
  });

  app.get<{ Querystring: { topic?: string | string[] } }>('/api/stream', async (request, reply) => {
    // Checked before the stream opens, so an unknown topic is a 400, not a stream that stays silent.
    rejectUnknown(request.query as Record<string, unknown>, ['topic']);
    const ids = resolveTopics(request.query.topic, deps.topics);
    // As /api/stories: `topic=` with no id in it is a mistake, not "every topic".
    if (request.query.topic !== undefined && ids.length === 0) throw new ApiError('QUERY_INVALID', 'topic: give one or more topic ids, comma-separated');
    const topics = ids.length ? new Set(ids) : null;
    await ensureSubscribed();
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write(`: connected${topics ? ` topics=${[...topics].join(',')}` : ''}\n\n`);
    const client: Client = { res, topics };
    clients.add(client);
    request.raw.on('close', () => clients.delete(client));
  });
}
