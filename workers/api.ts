import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../src/api/api-deps.js';
import { buildApp } from '../src/api/build-app.js';
import { requireToken } from '../src/api/require-token.js';
import type { ServiceQueues } from '../src/queue/queues.js';

const ADMIN_PATH = '/admin/queues';

/** Bull Board at /admin/queues, behind API_TOKEN (Bearer header, or `?token=` once in a browser). */
function bullBoardPlugin(queues: ServiceQueues, apiToken: string | null) {
  return async (app: FastifyInstance) => {
    const serverAdapter = new FastifyAdapter();
    serverAdapter.setBasePath(ADMIN_PATH);
    createBullBoard({ queues: [new BullMQAdapter(queues.poll), new BullMQAdapter(queues.ingest)], serverAdapter });
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
