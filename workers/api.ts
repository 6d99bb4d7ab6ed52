import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { ApiDeps } from '../src/api/api-deps.js';
import { buildApp } from '../src/api/build-app.js';
import { requireToken } from '../src/api/require-token.js';
import { loadTaxonomy } from '../src/classify/taxonomy.js';
import type { Config } from '../src/config/config-schema.js';
import { discoverWithConfig } from '../src/discover/discover-with-config.js';
import type { DueIndex } from '../src/queue/due-index.js';
import { createStoryEvents } from '../src/queue/story-events.js';
import type { ServiceQueues } from '../src/queue/queues.js';
import type { StoryStore } from '../src/store/story-store.js';
import { createWebhookPoster } from '../src/webhooks/post-webhook.js';

const ADMIN_PATH = '/admin/queues';

/** Bull Board at /admin/queues, behind API_TOKEN (Bearer header, or `?token=` once in a browser). */
function bullBoardPlugin(queues: ServiceQueues, apiToken: string | null) {
  return async (app: FastifyInstance) => {
    const serverAdapter = new FastifyAdapter();
    serverAdapter.setBasePath(ADMIN_PATH);
    createBullBoard({ queues: [new BullMQAdapter(queues.poll), new BullMQAdapter(queues.ingest), new BullMQAdapter(queues.webhook)], serverAdapter });
    await app.register(async (scope) => {
      scope.addHook('onRequest', requireToken(apiToken));
      await scope.register(serverAdapter.registerPlugin(), { prefix: ADMIN_PATH });
    });
  };
}

/** The api role: the Fastify app with Bull Board mounted, listening on host:port. */
export async function startApi(deps: ApiDeps, opts: { queues: ServiceQueues; host: string; port: number }): Promise<{ app: FastifyInstance; address: string }> {
  const app = await buildApp(deps, { plugins: [bullBoardPlugin(opts.queues, deps.settings.apiToken)] });
  const address = await app.listen({ host: opts.host, port: opts.port });
  deps.log.info({ address }, 'api listening');
  return { app, address };
}

/** Wires the API's dependencies from the service's connections. */
export async function apiDepsFor(opts: {
  config: Config;
  cwd: string;
  store: StoryStore;
  redis: Redis;
  queues: ServiceQueues;
  dueIndex: DueIndex;
  connect: (name: string, blocking?: boolean) => Redis;
  log: Logger;
}): Promise<ApiDeps> {
  const { config } = opts;
  const taxonomy = loadTaxonomy(path.resolve(opts.cwd, config.topicsFile));
  return {
    store: opts.store,
    log: opts.log,
    topics: taxonomy.topics.map((t) => ({ id: t.id, label: t.label, iptc: t.iptc, parent: t.parent })),
    settings: { apiToken: config.apiToken, defaultLimit: config.api.defaultLimit, maxLimit: config.api.maxLimit, queuePrefix: config.queuePrefix, streamReplayMax: config.api.streamReplayMax, opmlMaxBytes: config.api.opmlMaxBytes, redisTimeoutMs: config.api.redisTimeoutMs, storeTimeoutMs: config.api.storeTimeoutMs, publicUrl: config.api.publicUrl },
    redis: opts.redis,
    dueIndex: opts.dueIndex,
    queueCounts: () => opts.queues.counts(),
    // The live stream follows the story-event log on a connection of its own (a blocking read).
    storyEvents: createStoryEvents(opts.redis, { prefix: config.queuePrefix, maxEntries: config.api.streamHistory, connect: () => opts.connect('api-events', true) }),
    postWebhook: createWebhookPoster(config),
    discover: discoverWithConfig(config),
    checkReady: async () => {
      await opts.redis.ping();
    },
  };
}
