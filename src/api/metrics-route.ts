import type { FastifyInstance } from 'fastify';
import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { COUNTERS, readCounters, type CounterDefinition, type CounterSample } from '../metrics/counters.js';
import type { ApiDeps } from './api-deps.js';

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

/**
 * Prometheus text for the service-wide counters kept in Redis. Every counter is declared (HELP and
 * TYPE) even before its first increment; one without labels then reads 0, a labelled one has no
 * series yet.
 */
export function formatCounterSamples(samples: CounterSample[], counters: readonly CounterDefinition[] = Object.values(COUNTERS)): string {
  const byName = new Map<string, { help: string; labelled: boolean; samples: CounterSample[] }>();
  for (const c of counters) byName.set(c.name, { help: c.help, labelled: c.labelNames.length > 0, samples: [] });
  for (const s of samples) {
    const entry = byName.get(s.name) ?? { help: s.help, labelled: true, samples: [] };
    entry.samples.push(s);
    byName.set(s.name, entry);
  }
  const lines: string[] = [];
  for (const [name, { help, labelled, samples: list }] of byName) {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`);
    for (const s of list) {
      const labels = Object.entries(s.labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',');
      lines.push(`${name}${labels ? `{${labels}}` : ''} ${s.value}`);
    }
    if (list.length === 0 && !labelled) lines.push(`${name} 0`);
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/** GET /metrics: process metrics, queue depth per state, store gauges and the Redis counters. */
export function registerMetricsRoute(app: FastifyInstance, deps: ApiDeps): void {
  const registry = new Registry();
  // prom-client's default names already start with process_ / nodejs_: newsfeed_process_cpu_seconds_total.
  collectDefaultMetrics({ register: registry, prefix: 'newsfeed_' });
  new Gauge({
    name: 'newsfeed_queue_jobs',
    help: 'BullMQ jobs per queue and state',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      if (!deps.queueCounts) return;
      const counts = await deps.queueCounts();
      for (const [queue, states] of Object.entries(counts)) {
        for (const [state, n] of Object.entries(states)) this.set({ queue, state }, n);
      }
    },
  });
  new Gauge({
    name: 'newsfeed_stories',
    help: 'Stories and clusters in the store',
    labelNames: ['kind'],
    registers: [registry],
    async collect() {
      const stats = await deps.store.stats();
      this.set({ kind: 'stories' }, stats.stories);
      this.set({ kind: 'clusters' }, stats.clusters);
    },
  });
  new Gauge({
    name: 'newsfeed_feeds',
    help: 'Feeds by health: ok (last poll succeeded), failing (it failed), pending (never polled), retired (410 Gone), paused (by an operator)',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      const { feeds } = await deps.store.stats();
      for (const status of ['ok', 'failing', 'pending', 'retired', 'paused'] as const) this.set({ status }, feeds[status]);
    },
  });

  app.get('/metrics', async (_request, reply) => {
    const counters = deps.redis ? formatCounterSamples(await readCounters(deps.redis, deps.settings.queuePrefix)) : '';
    reply.type(registry.contentType);
    return (await registry.metrics()) + counters;
  });
}
