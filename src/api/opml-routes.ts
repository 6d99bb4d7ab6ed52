import type { FastifyInstance } from 'fastify';
import type { FeedRecord } from '../model.js';
import { maskCredentials } from '../normalize/mask-credentials.js';
import { writeOpml } from '../opml/write-opml.js';
import { decodeOpml, importOpml } from '../pipeline/import-opml.js';
import { ApiError } from './api-errors.js';
import type { ApiDeps } from './api-deps.js';
import { requireToken } from './require-token.js';

/** The feed list as OPML, every setting of this project's in its `newsfeed:` attributes (`feeds export` writes the same). */
export function feedsToOpml(feeds: readonly FeedRecord[]): string {
  return writeOpml(
    feeds.map((f) => ({
      url: f.url,
      title: f.title,
      siteUrl: f.siteUrl,
      categories: f.categories,
      fullText: f.fullText,
      fullTextSelector: f.fullTextSelector ?? undefined,
      blockRule: f.blockRule ?? undefined,
      keepRule: f.keepRule ?? undefined,
      fixedIntervalSec: f.fixedIntervalSec ?? undefined,
    })),
    { title: 'newsfeed subscriptions' },
  );
}

/** Largest OPML body taken by default (32 MiB: some 100,000 feeds; Fastify's own limit is 1 MiB). */
const DEFAULT_OPML_MAX_BYTES = 32 * 1024 * 1024;

/** Content types read as an OPML body (text/plain is read as text by Fastify itself). */
const OPML_TYPES = ['text/x-opml', 'application/xml', 'text/xml'];

/**
 * GET /api/opml (the feed list as OPML, with the credentials of authenticated feeds: a backup, as
 * `feeds export` writes) and POST /api/opml (imports an OPML body as `feeds import` does: new feeds
 * are added and polled at once, those in the list left as they are), both behind API_TOKEN.
 */
export function registerOpmlRoutes(app: FastifyInstance, deps: ApiDeps): void {
  // Bytes, decoded as feeds are: the charset of the Content-Type, else the XML declaration's (ISO-8859-1, UTF-16…).
  app.addContentTypeParser(OPML_TYPES, { parseAs: 'buffer' }, (request, body, done) => done(null, decodeOpml(body as Buffer, request.headers['content-type'])));
  const guard = { preHandler: requireToken(deps.settings.apiToken) };

  app.get('/api/opml', guard, async (_request, reply) => {
    reply.type('text/x-opml; charset=utf-8').header('content-disposition', 'attachment; filename="newsfeed.opml"');
    return feedsToOpml(await deps.store.listFeeds());
  });

  app.post('/api/opml', { ...guard, bodyLimit: deps.settings.opmlMaxBytes ?? DEFAULT_OPML_MAX_BYTES }, async (request) => {
    if (typeof request.body !== 'string' || request.body.trim() === '') throw new ApiError('BAD_REQUEST', `send the OPML document as the body (content type ${OPML_TYPES.join(', ')} or text/plain)`);
    const result = await importOpml(request.body, deps.store);
    // Polled at once, as `feeds import` schedules them (the scheduler's next sync would anyway).
    const due = (await deps.store.listFeedSchedule()).filter((f) => f.nextPollAt === null);
    if (deps.dueIndex && due.length) await deps.dueIndex.addMissing(due.map((f) => ({ feedId: f.id, at: new Date() })));
    return {
      added: result.added,
      existing: result.existing,
      rejected: result.rejected.map((r) => ({ url: maskCredentials(r.url), reason: r.reason })),
      warnings: result.warnings.map((w) => ({ url: maskCredentials(w.url), warning: w.warning })),
    };
  });
}
