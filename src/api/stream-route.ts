import { ApiError } from './api-errors.js';
import type { FastifyInstance } from 'fastify';
import type { ServerResponse } from 'node:http';
import type { Story } from '../model.js';
import { storyEventsChannel, type ApiDeps } from './api-deps.js';
import { resolveTopics } from './resolve-topics.js';
import { isEmptySearch } from '../store/story-query.js';
import type { StoryQuery } from '../store/story-store.js';
import { resolveEntity } from './resolve-entity.js';
import { rejectRepeated, rejectUnknown } from './story-params.js';

interface Client {
  res: ServerResponse;
  topics: Set<string> | null;
  /** Filters checked in the store, as /api/stories checks them (entity, q, feed); null when none. */
  filter: StreamFilter | null;
  /** While the stories it missed are replayed: live frames held back, by story id. */
  held: Array<{ id: string; frame: string }> | null;
}

type StreamFilter = Pick<StoryQuery, 'entity' | 'q' | 'feed'> & { topic?: string[]; key: string };

const KEEPALIVE_MS = 15_000;
/** How long an EventSource waits before reconnecting (sent once, at connect). */
const RETRY_MS = 2_000;
const DEFAULT_REPLAY_MAX = 1000;

/** The event id of a story: its ingestion time and id, so that a reconnecting client says where it was. */
export function streamEventId(story: Pick<Story, 'ingestedAt' | 'id'>): string {
  return `${story.ingestedAt}/${story.id}`;
}

function storyFrame(story: Story): string {
  return `event: story\nid: ${streamEventId(story)}\ndata: ${JSON.stringify(story)}\n\n`;
}

/**
 * GET /api/stream?topic=energy,trade — Server-Sent Events, one `story` event per new story (of any
 * of the topics, when given; ids as in /api/topics, case-insensitive, an unknown one a 400).
 * Ingest workers publish new story ids on a Redis channel; one subscription per API process fans
 * them out, each story read from the store once whatever the number of clients.
 *
 * Each event's id is `<ingestedAt>/<storyId>`. A client that reconnects with `Last-Event-ID` (as
 * EventSource does by itself; or `?lastEventId=` where headers cannot be set) is first sent the
 * stories of its topics stored since, oldest first, then the live ones, none twice. At most
 * `streamReplayMax` are replayed; when more were missed, a `resync` event follows them (its data
 * `{"reason","lastEventId"}`): page the rest with /api/stories. An id of the form used before
 * (a story id alone) resumes from that story.
 */
export function registerStreamRoute(app: FastifyInstance, deps: ApiDeps): void {
  const clients = new Set<Client>();
  let unsubscribe: (() => Promise<void>) | null = null;
  let subscribing: Promise<void> | null = null;
  const replayMax = deps.settings.streamReplayMax ?? DEFAULT_REPLAY_MAX;

  const broadcast = async (message: string) => {
    let ids: string[];
    try {
      ids = (JSON.parse(message) as { ids: string[] }).ids ?? [];
    } catch {
      return;
    }
    if (ids.length === 0 || clients.size === 0) return;
    const found = await deps.store.queryStories({ ids, limit: ids.length }).catch(() => null);
    if (!found) return;
    const byId = new Map(found.stories.map((story) => [story.id, story]));
    // Clients with entity, q or feed filters: the store says which stories match, once per distinct filter.
    const matches = new Map<string, Set<string>>();
    for (const c of clients) {
      if (!c.filter || matches.has(c.filter.key)) continue;
      matches.set(c.filter.key, new Set(await matching(c.filter, [...byId.keys()])));
    }
    for (const id of ids) {
      const story = byId.get(id);
      if (!story) continue;
      const frame = storyFrame(story);
      for (const c of clients) {
        if (c.topics && !story.topics.some((t) => c.topics!.has(t.id))) continue;
        if (c.filter && !matches.get(c.filter.key)?.has(id)) continue;
        if (c.held) c.held.push({ id: story.id, frame });
        else c.res.write(frame);
      }
    }
  };

  /** Which of `ids` a filter takes, as /api/stories would. */
  const matching = async (filter: StreamFilter, ids: string[]): Promise<string[]> => {
    if (ids.length === 0) return [];
    const { key: _key, ...query } = filter;
    const found = await deps.store.queryStories({ ...query, ids, limit: ids.length }).catch(() => null);
    return found ? found.stories.map((s) => s.id) : [];
  };

  const ensureSubscribed = async () => {
    if (unsubscribe || !deps.subscribe) return;
    subscribing ??= deps
      .subscribe(storyEventsChannel(deps.settings.queuePrefix), (m) => void broadcast(m))
      .then((stop) => void (unsubscribe = stop))
      .finally(() => (subscribing = null));
    await subscribing;
  };

  /** Where a Last-Event-ID says the client was: `<ingestedAt>/<id>`, or a story id alone (read from the store). */
  const resumePoint = async (lastEventId: string): Promise<{ at: string; id: string } | null> => {
    const slash = lastEventId.lastIndexOf('/');
    if (slash > 0) {
      const at = lastEventId.slice(0, slash);
      if (!Number.isNaN(Date.parse(at))) return { at, id: lastEventId.slice(slash + 1) };
    }
    const story = await deps.store.getStory(lastEventId).catch(() => null);
    return story ? { at: story.ingestedAt, id: story.id } : null;
  };

  /** Sends what the client missed, then what arrived meanwhile (each story once), then lets live frames through. */
  const replay = async (client: Client, from: { at: string; id: string }) => {
    const sent = new Set<string>();
    try {
      // One more than is sent: whether more were missed.
      const missed = await deps.store.storiesIngestedAfter(from, { topic: client.topics ? [...client.topics] : undefined, limit: replayMax + 1 });
      const looked = missed.slice(0, replayMax);
      const wanted = client.filter ? new Set(await matching(client.filter, looked.map((story) => story.id))) : null;
      for (const story of looked) {
        if (wanted && !wanted.has(story.id)) continue;
        client.res.write(storyFrame(story));
        sent.add(story.id);
      }
      if (missed.length > replayMax) {
        const last = missed[replayMax - 1];
        const lastEventId = last ? streamEventId(last) : `${from.at}/${from.id}`;
        client.res.write(`event: resync\ndata: ${JSON.stringify({ reason: `more than ${replayMax} stories were missed; page the rest with /api/stories`, lastEventId })}\n\n`);
      }
    } finally {
      for (const h of client.held ?? []) if (!sent.has(h.id)) client.res.write(h.frame);
      client.held = null;
    }
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

  app.get<{ Querystring: { topic?: string | string[]; lastEventId?: string; entity?: string; q?: string; feed?: string } }>('/api/stream', async (request, reply) => {
    // Checked before the stream opens, so an unknown topic is a 400, not a stream that stays silent.
    rejectUnknown(request.query as Record<string, unknown>, ['topic', 'entity', 'q', 'feed', 'lastEventId']);
    rejectRepeated(request.query as Record<string, unknown>, ['entity', 'q', 'feed', 'lastEventId']);
    const filter = readFilter(request.query);
    const ids = resolveTopics(request.query.topic, deps.topics);
    // As /api/stories: `topic=` with no id in it is a mistake, not "every topic".
    if (request.query.topic !== undefined && ids.length === 0) throw new ApiError('QUERY_INVALID', 'topic: give one or more topic ids, comma-separated');
    const topics = ids.length ? new Set(ids) : null;
    const header = request.headers['last-event-id'];
    const lastEventId = (typeof header === 'string' && header.trim()) || (typeof request.query.lastEventId === 'string' && request.query.lastEventId.trim()) || null;
    const from = lastEventId ? await resumePoint(lastEventId) : null;
    await ensureSubscribed();
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write(`retry: ${RETRY_MS}\n: connected${topics ? ` topics=${[...topics].join(',')}` : ''}\n\n`);
    // Subscribed before the replay reads the store: a story stored meanwhile is held, not lost.
    const client: Client = { res, topics, filter: filter ? { ...filter, topic: topics ? [...topics] : undefined, key: JSON.stringify([filter, topics && [...topics].sort()]) } : null, held: from ? [] : null };
    clients.add(client);
    request.raw.on('close', () => clients.delete(client));
    if (from) {
      await replay(client, from).catch((err: unknown) => request.log.warn({ err }, 'stream replay failed'));
    }
  });
}

/** The entity, q and feed filters of a stream, checked as /api/stories checks them; null when none is given. */
function readFilter(query: { entity?: string; q?: string; feed?: string }): Pick<StoryQuery, 'entity' | 'q' | 'feed'> | null {
  const filter: Pick<StoryQuery, 'entity' | 'q' | 'feed'> = {};
  for (const name of ['entity', 'q', 'feed'] as const) {
    const value = query[name];
    if (value === undefined) continue;
    if (typeof value !== 'string' || value.trim() === '') throw new ApiError('QUERY_INVALID', `${name}: must not be empty (leave it out to match every story)`);
    if (name === 'q' && isEmptySearch(value)) throw new ApiError('QUERY_INVALID', 'q: give at least one word of letters or digits');
    if (name === 'entity') filter.entity = resolveEntity(value.trim());
    else filter[name] = value.trim();
  }
  return Object.keys(filter).length ? filter : null;
}
