import type { FastifyInstance } from 'fastify';
import type { ServerResponse } from 'node:http';
import type { Story } from '../model.js';
import { maskCredentials } from '../normalize/mask-credentials.js';
import { entryBefore, isEntryId, type StoryEventEntry } from '../queue/story-events.js';
import { isEmptySearch } from '../store/story-query.js';
import type { StoryQuery } from '../store/story-store.js';
import { ApiError } from './api-errors.js';
import type { ApiDeps } from './api-deps.js';
import { resolveEntity } from './resolve-entity.js';
import { resolveFeedFilter } from './resolve-feed-filter.js';
import { resolveTopics } from './resolve-topics.js';
import { parseInclude, parseLanguages, rejectRepeated, rejectUnknown, type IncludedExtras as Extras } from './story-params.js';

/** Where an event sits in the story-event log: its entry, and the story's place in it. */
interface Position {
  entry: string;
  index: number;
}

type StreamFilter = Pick<StoryQuery, 'topic' | 'entity' | 'q' | 'feed' | 'category' | 'language'>;

interface Client {
  res: ServerResponse;
  /** The filters the store checks (topic too), as /api/stories does; null when none is given. */
  filter: StreamFilter | null;
  /** Same filter, same key: matched once per batch whatever the number of clients. */
  filterKey: string;
  /** The last event sent: an event at or before it is never sent again. */
  lastSent: Position | null;
  /** While the events it missed are replayed: live frames held back. */
  held: Array<{ at: Position; frame: string }> | null;
  /** `include=text,language`: the extras each story carries. */
  extras: Extras;
}

/** The story with only the extras a client asked for. */
function withExtras(story: Story, extras: Extras): Story {
  const { text, language, ...rest } = story;
  return { ...rest, ...(extras.text && text !== undefined ? { text } : {}), ...(extras.language && language !== undefined ? { language } : {}) };
}

const KEEPALIVE_MS = 15_000;
/** How long an EventSource waits before reconnecting (sent once, at connect). */
const RETRY_MS = 2_000;
const DEFAULT_REPLAY_MAX = 1000;
/** Stories looked up per store query while replaying. */
const REPLAY_CHUNK = 500;

const eventId = (at: Position) => `${at.entry}/${at.index}`;
const isAfter = (a: Position, b: Position | null) => b === null || entryBefore(b.entry, a.entry) || (a.entry === b.entry && a.index > b.index);

function storyFrame(story: Story, at: Position): string {
  return `event: story\nid: ${eventId(at)}\ndata: ${JSON.stringify(story)}\n\n`;
}

function resyncFrame(reason: string, lastEventId: string | null): string {
  // With an id, EventSource reconnects from it by itself once the response ends.
  return `event: resync\n${lastEventId ? `id: ${lastEventId}\n` : ''}data: ${JSON.stringify({ reason, lastEventId })}\n\n`;
}

/** `<entry id>/<index>`, as this route writes event ids; null for anything else. */
function readEventId(text: string): Position | null {
  const slash = text.lastIndexOf('/');
  const entry = text.slice(0, slash);
  const index = Number(text.slice(slash + 1));
  return slash > 0 && isEntryId(entry) && Number.isInteger(index) && index >= 0 ? { entry, index } : null;
}

/**
 * GET /api/stream?topic=energy,trade&language=&entity=&q=&feed= — Server-Sent Events, one `story` event per new
 * story that the filters take (as /api/stories reads them; an unknown topic a 400).
 *
 * Ingest batches append the ids of the stories they stored to a Redis stream (story-events.ts),
 * after committing them; one reader per API process follows it and fans the stories out, each
 * read from the store once per batch whatever the number of clients. Each event's id is
 * `<stream entry id>/<index>`, totally ordered. A client that reconnects with `Last-Event-ID`
 * (as EventSource does by itself; or `?lastEventId=` where headers cannot be set) is first sent
 * the stories it missed that its filters take, in order, then the live ones: none lost, none
 * twice. At most `streamReplayMax` are replayed; a `resync` event then gives the id to reconnect
 * with for the next ones (`{"reason","lastEventId"}`, and as its event id) and the response ends,
 * so that EventSource comes back from there by itself. When the log no longer reaches back to the
 * id (it keeps about `streamHistory` batches), or the id is not one of this route's, a `resync`
 * event with `lastEventId` null comes first: page what was missed with /api/stories.
 */
export function registerStreamRoute(app: FastifyInstance, deps: ApiDeps): void {
  const clients = new Set<Client>();
  let stopFollowing: (() => Promise<void>) | null = null;
  const replayMax = deps.settings.streamReplayMax ?? DEFAULT_REPLAY_MAX;

  /** The stories among `ids` that a filter takes (all of them without one), by id. */
  const load = async (ids: string[], filter: StreamFilter | null, extras: Extras = { text: false, language: false }): Promise<Map<string, Story>> => {
    const found = new Map<string, Story>();
    for (let i = 0; i < ids.length; i += REPLAY_CHUNK) {
      const chunk = ids.slice(i, i + REPLAY_CHUNK);
      const page = await deps.store.queryStories({ ...(filter ?? {}), ids: chunk, limit: chunk.length, withText: extras.text, withLanguage: extras.language });
      for (const story of page.stories) found.set(story.id, story);
    }
    return found;
  };

  const send = (client: Client, at: Position, frame: string) => {
    if (client.held) client.held.push({ at, frame });
    else if (isAfter(at, client.lastSent)) {
      client.res.write(frame);
      client.lastSent = at;
    }
  };

  const broadcast = async (entries: StoryEventEntry[]) => {
    if (clients.size === 0) return;
    const ids = [...new Set(entries.flatMap((e) => e.ids))];
    // Read once, with the extras any client asks for (each gets the frame with its own).
    const wanted: Extras = { text: [...clients].some((c) => c.extras.text), language: [...clients].some((c) => c.extras.language) };
    const all = await load(ids, null, wanted).catch(() => null);
    if (!all) return;
    // Clients with filters: the store says which stories match, once per distinct filter.
    const matches = new Map<string, Set<string>>();
    for (const c of clients) {
      if (!c.filter || matches.has(c.filterKey)) continue;
      const matched = await load([...all.keys()], c.filter).catch(() => new Map<string, Story>());
      matches.set(c.filterKey, new Set(matched.keys()));
    }
    for (const entry of entries) {
      entry.ids.forEach((id, index) => {
        const story = all.get(id);
        if (!story) return;
        const at = { entry: entry.id, index };
        const frames = new Map<string, string>();
        for (const c of clients) {
          if (c.filter && !matches.get(c.filterKey)?.has(id)) continue;
          const key = `${c.extras.text}/${c.extras.language}`;
          if (!frames.has(key)) frames.set(key, storyFrame(withExtras(story, c.extras), at));
          send(c, at, frames.get(key)!);
        }
      });
    }
  };

  const ensureFollowing = () => {
    if (stopFollowing || !deps.storyEvents) return;
    stopFollowing = deps.storyEvents.follow((entries) => broadcast(entries).catch((err: unknown) => deps.log.warn({ err }, 'stream broadcast failed')));
  };

  /**
   * Sends what the client missed after `from`, then what arrived meanwhile (held), and lets live
   * frames through. Replays at most `replayMax` stories; looks at no more of the log than that
   * many batches' worth of ids beyond, so a narrow filter costs a bounded scan.
   */
  const replay = async (client: Client, from: Position): Promise<void> => {
    const events = deps.storyEvents!;
    /** The replay stopped short: the response ends after its resync, so the client comes back from there. */
    let cut = false;
    const stop = (reason: string, lastEventId: string | null) => {
      client.res.write(resyncFrame(reason, lastEventId));
      cut = true;
    };
    try {
      const [oldest, newest] = await Promise.all([events.first(), events.last()]);
      if (newest !== null && entryBefore(newest, from.entry)) {
        // An id beyond the log (another deployment's, or a log lost with Redis): live from now.
        client.res.write(resyncFrame('this event is not in the stream; page what was missed with /api/stories', null));
        client.lastSent = null;
        return;
      }
      if (oldest !== null && entryBefore(from.entry, oldest)) {
        client.res.write(resyncFrame('the stream no longer reaches back to this event; page what was missed with /api/stories', null));
      }
      let position = from.entry;
      let inclusive = true;
      let sent = 0;
      let scanned = 0;
      const scanMax = Math.max(replayMax, 1) * 20;
      for (;;) {
        const entries = await events.after(position, 100, inclusive);
        inclusive = false;
        if (entries.length === 0) break;
        position = entries[entries.length - 1]!.id;
        const wanted: Position[] = [];
        const idAt = new Map<string, string>();
        for (const entry of entries) {
          entry.ids.forEach((id, index) => {
            const at = { entry: entry.id, index };
            if (!isAfter(at, from)) return;
            wanted.push(at);
            idAt.set(eventId(at), id);
          });
        }
        const stories = await load([...new Set(idAt.values())], client.filter, client.extras);
        for (const at of wanted) {
          scanned += 1;
          const story = stories.get(idAt.get(eventId(at))!);
          if (story) {
            if (sent === replayMax) {
              stop(`more than ${replayMax} stories were missed; reconnect with lastEventId for the next ones`, eventId(client.lastSent ?? from));
              return;
            }
            client.res.write(storyFrame(story, at));
            sent += 1;
          }
          client.lastSent = at;
          if (scanned >= scanMax) {
            stop(`${scanMax} missed events looked at; reconnect with lastEventId for the next ones`, eventId(at));
            return;
          }
        }
      }
    } finally {
      if (cut) {
        // Live events after a gap would skip it: the client reconnects from the resync's id instead.
        clients.delete(client);
        client.res.end();
      } else {
        for (const h of client.held ?? []) {
          if (isAfter(h.at, client.lastSent)) {
            client.res.write(h.frame);
            client.lastSent = h.at;
          }
        }
      }
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
    await stopFollowing?.();
  });

  app.get<{ Querystring: { topic?: string | string[]; language?: string | string[]; lastEventId?: string; entity?: string; q?: string; feed?: string; category?: string; include?: string } }>('/api/stream', async (request, reply) => {
    // Checked before the stream opens, so an unknown topic is a 400, not a stream that stays silent.
    rejectUnknown(request.query as Record<string, unknown>, ['topic', 'language', 'entity', 'q', 'feed', 'category', 'include', 'lastEventId']);
    rejectRepeated(request.query as Record<string, unknown>, ['entity', 'q', 'feed', 'category', 'include', 'lastEventId']);
    const extras: Extras = request.query.include !== undefined ? parseInclude(String(request.query.include)) : { text: false, language: false };
    const ids = resolveTopics(request.query.topic, deps.topics);
    // As /api/stories: `topic=` with no id in it is a mistake, not "every topic".
    if (request.query.topic !== undefined && ids.length === 0) throw new ApiError('QUERY_INVALID', 'topic: give one or more topic ids, comma-separated');
    const topics = ids.length ? new Set(ids) : null;
    const languages = request.query.language === undefined ? null : parseLanguages(request.query.language);
    const rest = readFilter(request.query);
    // As /api/stories finds the feed: resolved once, before the stream opens (FEED_AMBIGUOUS is a 400).
    if (rest?.feed !== undefined) rest.feed = await resolveFeedFilter(deps.store, rest.feed);
    const filter: StreamFilter | null = rest || topics || languages ? { ...rest, ...(topics ? { topic: [...topics] } : {}), ...(languages ? { language: languages } : {}) } : null;
    const header = request.headers['last-event-id'];
    const lastEventId = (typeof header === 'string' && header.trim()) || (typeof request.query.lastEventId === 'string' && request.query.lastEventId.trim()) || null;
    const from = lastEventId ? readEventId(lastEventId) : null;
    ensureFollowing();
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write(`retry: ${RETRY_MS}\n: connected${topics ? ` topics=${[...topics].join(',')}` : ''}\n\n`);
    if (lastEventId && !from) res.write(resyncFrame(`unknown last event id ${maskCredentials(lastEventId.slice(0, 100))}; page what was missed with /api/stories`, null));
    // Following before the replay reads the log: a batch appended meanwhile is held, not lost.
    const client: Client = { res, filter, filterKey: JSON.stringify(filter), lastSent: from, held: from && deps.storyEvents ? [] : null, extras };
    clients.add(client);
    request.raw.on('close', () => clients.delete(client));
    if (from && deps.storyEvents) await replay(client, from).catch((err: unknown) => request.log.warn({ err }, 'stream replay failed'));
  });
}

/** The entity, q, feed and category filters of a stream, checked as /api/stories checks them; null when none is given. */
function readFilter(query: { entity?: string; q?: string; feed?: string; category?: string }): Pick<StoryQuery, 'entity' | 'q' | 'feed' | 'category'> | null {
  const filter: Pick<StoryQuery, 'entity' | 'q' | 'feed' | 'category'> = {};
  for (const name of ['entity', 'q', 'feed', 'category'] as const) {
    const value = query[name];
    if (value === undefined) continue;
    if (typeof value !== 'string' || value.trim() === '') throw new ApiError('QUERY_INVALID', `${name}: must not be empty (leave it out to match every story)`);
    if (name === 'q' && isEmptySearch(value)) throw new ApiError('QUERY_INVALID', 'q: give at least one word of letters or digits');
    if (name === 'entity') filter.entity = resolveEntity(value.trim());
    else filter[name] = value.trim();
  }
  return Object.keys(filter).length ? filter : null;
}
