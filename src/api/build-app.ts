import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { toErrorResponse } from './api-errors.js';
import { probeTimeouts, withinTimeout } from './probe-timeout.js';
import type { ApiDeps } from './api-deps.js';
import { registerClusterRoutes } from './cluster-routes.js';
import { registerTrendRoutes } from './trend-routes.js';
import { registerFeedRoutes } from './feed-routes.js';
import { registerMetricsRoute } from './metrics-route.js';
import { registerOpmlRoutes } from './opml-routes.js';
import { registerStoryRoutes } from './story-routes.js';
import { registerStreamRoute } from './stream-route.js';
import { registerTopicRoutes } from './topic-routes.js';
import { registerWebhookRoutes } from './webhook-routes.js';

export interface BuildAppOptions {
  /** Mounts more routes (workers/api.ts adds Bull Board at /admin/queues). */
  plugins?: Array<(app: FastifyInstance) => Promise<void> | void>;
}

/** Builds the HTTP API without listening, so tests drive it with `app.inject`. */
export async function buildApp(deps: ApiDeps, opts: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({ loggerInstance: deps.log as FastifyBaseLogger, logController: new LogController({ disableRequestLogging: true }), trustProxy: true, forceCloseConnections: true });

  app.setErrorHandler((err, request, reply) => {
    const { status, body } = toErrorResponse(err);
    if (status === 503) {
      // Down for now (the store or Redis): logged without the stack, and the client told when to retry.
      request.log.warn({ err: { code: (err as { code?: unknown }).code, message: (err as Error).message }, url: request.url }, 'request failed: service unavailable');
      reply.header('retry-after', '5');
    } else if (status >= 500) request.log.error({ err, url: request.url }, 'request failed');
    reply.code(status).send(body);
  });
  // Every route's path as a pattern, to tell a path served under other methods (405) from no path (404).
  const routes: Array<{ pattern: RegExp; methods: string[] }> = [];
  app.addHook('onRoute', (route) => {
    const methods = (Array.isArray(route.method) ? route.method : [route.method]).map(String);
    const source = route.url.split('/').map((part) => (part.startsWith(':') ? '[^/]+' : part === '*' ? '.*' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/');
    routes.push({ pattern: new RegExp(`^${source}$`), methods });
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]!;
    const allowed = [...new Set(routes.filter((r) => r.pattern.test(path)).flatMap((r) => r.methods))];
    if (allowed.length && !allowed.includes(request.method)) {
      reply.code(405).header('allow', allowed.sort().join(', ')).send({ error: { code: 'METHOD_NOT_ALLOWED', message: `${request.method} is not served at ${path}; allowed: ${allowed.join(', ')}` } });
      return;
    }
    reply.code(404).send({ error: { code: 'NOT_FOUND', message: `no route ${request.method} ${path}` } });
  });

  // An empty body sent as JSON (a POST that carries nothing: pause, resume, test) is no body, not
  // a 400; anything else is parsed as Fastify parses JSON (prototype poisoning refused).
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    return parseJson(request, text, done);
  });

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const { redisMs, storeMs } = probeTimeouts(deps);
    try {
      await withinTimeout(deps.store.stats(), storeMs, 'store');
      if (deps.checkReady) await withinTimeout(deps.checkReady(), redisMs, 'redis');
      return { status: 'ready' };
    } catch (err) {
      reply.code(503).header('retry-after', '5');
      return { status: 'not-ready', error: { code: 'NOT_READY', message: (err as Error).message } };
    }
  });

  app.get('/api/stats', async () => {
    const { redisMs, storeMs } = probeTimeouts(deps);
    const [stats, queues] = await Promise.all([withinTimeout(deps.store.stats(), storeMs, 'store'), deps.queueCounts ? withinTimeout(deps.queueCounts(), redisMs, 'redis') : Promise.resolve({})]);
    const { total, ok, failing, pending, retired, paused } = stats.feeds;
    return { stories: stats.stories, clusters: stats.clusters, feeds: { total, ok, failing, pending, retired, paused }, queues };
  });

  registerStoryRoutes(app, deps);
  registerClusterRoutes(app, deps);
  registerTrendRoutes(app, deps);
  registerFeedRoutes(app, deps);
  registerOpmlRoutes(app, deps);
  registerTopicRoutes(app, deps);
  registerStreamRoute(app, deps);
  registerWebhookRoutes(app, deps);
  registerMetricsRoute(app, deps);
  for (const plugin of opts.plugins ?? []) await plugin(app);
  return app;
}
