import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { DiscoveredFeed } from '../discover/discover-feeds.js';
import { IngestError } from '../errors.js';
import { parseSelector } from '../fulltext/css-selector.js';
import { compileFeedRule } from '../pipeline/feed-rules.js';
import type { FeedRecord } from '../model.js';
import { maskCredentials } from '../normalize/mask-credentials.js';
import { ApiError, UnusableUrlError } from './api-errors.js';
import type { ApiDeps } from './api-deps.js';
import { addFeedWithSettings, applyFeedInterval, parseFixedInterval, pauseFeed, resumeFeed } from '../pipeline/feed-state.js';
import { checkFeedUrl } from '../pipeline/import-opml.js';
import { requireToken } from './require-token.js';
import { rejectRepeated, rejectUnknown } from './story-params.js';

/** The public shape of a feed in /api/feeds (a password in its URL, or in its last error, masked). */
export function toFeedView(feed: FeedRecord) {
  return {
    id: feed.id,
    url: maskCredentials(feed.url),
    title: feed.title,
    siteUrl: feed.siteUrl,
    categories: feed.categories,
    status: feed.status,
    lastError: feed.lastErrorCode ? { code: feed.lastErrorCode, message: feed.lastErrorMessage && maskCredentials(feed.lastErrorMessage) } : null,
    errorCount: feed.errorCount,
    lastPolledAt: feed.lastPolledAt,
    lastSuccessAt: feed.lastSuccessAt,
    nextPoll: feed.status === 'retired' || feed.status === 'paused' ? null : feed.nextPollAt,
    pollIntervalSec: feed.pollIntervalSec,
    fullText: feed.fullText,
    fullTextSelector: feed.fullTextSelector,
    blockRule: feed.blockRule,
    keepRule: feed.keepRule,
    fixedIntervalSec: feed.fixedIntervalSec,
    lastNewItemAt: feed.lastNewItemAt,
  };
}

/** A fixed poll interval as the API takes it: seconds, a string such as "15m", or null / "adaptive". */
const fixedInterval = z.union([z.number(), z.string().max(50)]).nullable().optional();

const newFeedSchema = z.object({
  url: z.string().url().refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL'),
  title: z.string().max(500).optional(),
  categories: z.array(z.string().max(200)).max(50).optional(),
  fullText: z.boolean().optional(),
  fullTextSelector: z.string().max(500).nullable().optional(),
  blockRule: z.string().max(500).nullable().optional(),
  keepRule: z.string().max(500).nullable().optional(),
  fixedIntervalSec: fixedInterval,
  /** The URL may be a web page: its feed is found (discoverFeeds) and added instead. */
  discover: z.boolean().optional(),
})
  // A misspelt setting (`fulltext`) would otherwise be dropped without a word.
  .strict();

const feedPatchSchema = z
  .object({
    fullText: z.boolean().optional(),
    fullTextSelector: z.string().max(500).nullable().optional(),
    blockRule: z.string().max(500).nullable().optional(),
    keepRule: z.string().max(500).nullable().optional(),
    fixedIntervalSec: fixedInterval,
  })
  .strict()
  .refine((p) => Object.values(p).some((v) => v !== undefined), { message: 'give fullText, fullTextSelector, blockRule, keepRule or fixedIntervalSec' });

/** GET /api/feeds, GET /api/feeds/:id; POST /api/feeds, PATCH /api/feeds/:id (`{"fullText"}`), POST /api/feeds/:id/pause, /resume and DELETE /api/feeds/:id behind API_TOKEN. */
export function registerFeedRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get('/api/feeds', async () => ({ feeds: (await deps.store.listFeeds()).map(toFeedView) }));

  app.get<{ Params: { id: string } }>('/api/feeds/:id', async (request) => toFeedView(await feedById(deps, request.params.id)));

  app.post('/api/feeds', { preHandler: requireToken(deps.settings.apiToken) }, async (request, reply) => {
    const parsed = newFeedSchema.safeParse(request.body);
    if (!parsed.success) throw new ApiError('BAD_REQUEST', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    const { discover, fixedIntervalSec: interval, ...wanted } = parsed.data;
    // null or "adaptive": a feed in the list goes back to the adaptive interval (a new one has it).
    const fixedIntervalSec = interval === undefined ? undefined : parseFixedInterval(interval);
    // As the CLI and OPML import add them: scheme and host in lower case, no fragment (one feed, one row).
    try {
      wanted.url = checkFeedUrl(wanted.url);
    } catch (err) {
      throw new ApiError('BAD_REQUEST', `url: ${(err as Error).message}`);
    }
    checkFeedSettings(wanted);
    for (const rule of ['blockRule', 'keepRule'] as const) {
      if (wanted[rule]?.trim()) wanted[rule] = wanted[rule]!.trim();
      else if (wanted[rule] !== null) delete wanted[rule];
    }
    // A selector is asked for full text; an empty one is none (null removes one from a feed in the list).
    if (wanted.fullTextSelector?.trim()) {
      wanted.fullTextSelector = wanted.fullTextSelector.trim();
      wanted.fullText = true;
    } else if (wanted.fullTextSelector !== null) delete wanted.fullTextSelector;
    if (discover) {
      const first = (await discoverOrThrow(deps, wanted.url))[0]!;
      wanted.url = first.url;
      wanted.title ??= first.title || undefined;
    }
    const { fullText, fullTextSelector, blockRule, keepRule, ...feedFields } = wanted;
    // A feed already in the list takes the settings given (and keeps its title and categories).
    const { feed, created } = await addFeedWithSettings(deps.store, feedFields, { fullText, fullTextSelector, blockRule, keepRule, fixedIntervalSec }, feedSchedule(deps));
    if (created) await deps.dueIndex?.schedule(feed.id, new Date());
    reply.code(created ? 201 : 200);
    return toFeedView(feed);
  });

  app.get('/api/discover', { preHandler: requireToken(deps.settings.apiToken) }, async (request) => {
    const query = request.query as Record<string, unknown>;
    const url = typeof query.url === 'string' ? query.url : '';
    rejectUnknown(query, ['url']);
    rejectRepeated(query, ['url']);
    if (!/^https?:\/\/[^/]/i.test(url)) throw new ApiError('QUERY_INVALID', 'url: an http(s) URL is required');
    return { url, feeds: await discoverOrThrow(deps, url) };
  });

  for (const action of ['pause', 'resume'] as const) {
    app.post<{ Params: { id: string } }>(`/api/feeds/:id/${action}`, { preHandler: requireToken(deps.settings.apiToken) }, async (request) => {
      try {
        return toFeedView((await (action === 'pause' ? pauseFeed : resumeFeed)(request.params.id, { store: deps.store, schedule: feedSchedule(deps) })).feed);
      } catch (err) {
        if ((err as { code?: unknown }).code === 'FEED_NOT_FOUND') throw new ApiError('NOT_FOUND', `no feed ${request.params.id}`);
        throw err;
      }
    });
  }

  app.patch<{ Params: { id: string } }>('/api/feeds/:id', { preHandler: requireToken(deps.settings.apiToken) }, async (request) => {
    const parsed = feedPatchSchema.safeParse(request.body);
    if (!parsed.success) throw new ApiError('BAD_REQUEST', parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
    const feed = await feedById(deps, request.params.id);
    const { fixedIntervalSec: interval, ...settings } = parsed.data;
    const fixedIntervalSec = interval === undefined ? undefined : parseFixedInterval(interval);
    checkFeedSettings(settings);
    // An empty selector or rule clears it, as null does.
    const patch = { ...settings };
    for (const key of ['fullTextSelector', 'blockRule', 'keepRule'] as const) if (patch[key] !== undefined) patch[key] = patch[key]?.trim() || null;
    // A selector set asks for full text, as POST and the CLI's --selector do (unless fullText says otherwise).
    if (patch.fullTextSelector && patch.fullText === undefined) patch.fullText = true;
    if (Object.values(patch).some((v) => v !== undefined)) await deps.store.updateFeed(feed.id, patch);
    if (fixedIntervalSec !== undefined) await applyFeedInterval(feed, fixedIntervalSec, { store: deps.store, schedule: feedSchedule(deps) });
    return toFeedView((await deps.store.getFeed(feed.id))!);
  });

  app.delete<{ Params: { id: string } }>('/api/feeds/:id', { preHandler: requireToken(deps.settings.apiToken) }, async (request, reply) => {
    const id = request.params.id;
    if (!(await deps.store.removeFeed(id))) throw new ApiError('NOT_FOUND', `no feed ${id}`);
    if (/^\d+$/.test(id)) await deps.dueIndex?.remove([Number(id)]);
    reply.code(204);
    return null;
  });
}

/** The feed a route's :id names (a positive integer); NOT_FOUND otherwise. */
async function feedById(deps: ApiDeps, raw: string): Promise<FeedRecord> {
  const id = /^\d{1,15}$/.test(raw) ? Number(raw) : -1;
  const feed = id > 0 ? await deps.store.getFeed(id) : null;
  if (!feed) throw new ApiError('NOT_FOUND', `no feed ${raw.slice(0, 100)}`);
  return feed;
}

/** The Redis due index as feed-state's schedule, where this process has one. */
function feedSchedule(deps: ApiDeps) {
  const index = deps.dueIndex;
  return index ? { set: (id: number, at: Date) => index.schedule(id, at), remove: (ids: number[]) => index.remove(ids) } : null;
}

/**
 * Checks a feed's selector and rules; their own coded errors (FULLTEXT_SELECTOR_INVALID,
 * FEED_RULE_INVALID) answer 400 through API_ERROR_STATUS.
 */
function checkFeedSettings(settings: { fullTextSelector?: string | null; blockRule?: string | null; keepRule?: string | null }): void {
  if (settings.fullTextSelector) parseSelector(settings.fullTextSelector);
  compileFeedRule('block', settings.blockRule);
  compileFeedRule('keep', settings.keepRule);
}

/** The feeds of `url` (first is the one to subscribe to); a failed discovery is 422 with its code, none configured 503. */
async function discoverOrThrow(deps: ApiDeps, url: string): Promise<DiscoveredFeed[]> {
  if (!deps.discover) throw new ApiError('NOT_READY', 'feed discovery is not available in this process');
  try {
    return await deps.discover(url);
  } catch (err) {
    if (err instanceof IngestError && !(err instanceof ApiError)) throw new UnusableUrlError(err);
    throw err;
  }
}
