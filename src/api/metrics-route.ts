import type { FastifyInstance } from 'fastify';
import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { COUNTERS, readCounters, type CounterDefinition, type CounterSample } from '../metrics/counters.js';
import type { ApiDeps } from './api-deps.js';
import { probeTimeouts, withinTimeout } from './probe-timeout.js';

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

/**
 * GET /metrics: process metrics, queue depth per state, store gauges and the Redis counters. A
 * store or Redis that is down (or slower than api.storeTimeoutMs / api.redisTimeoutMs) leaves its series out and
 * reads 0 in `newsfeed_dependency_up`: the scrape itself still answers, within those timeouts.
 */
export function registerMetricsRoute(app: FastifyInstance, deps: ApiDeps): void {
  const registry = new Registry();
  // prom-client's default names already start with process_ / nodejs_: newsfeed_process_cpu_seconds_total.
  collectDefaultMetrics({ register: registry, prefix: 'newsfeed_' });
  const queueJobs = new Gauge({ name: 'newsfeed_queue_jobs', help: 'BullMQ jobs per queue and state', labelNames: ['queue', 'state'], registers: [registry] });
  const stories = new Gauge({ name: 'newsfeed_stories', help: 'Stories and clusters in the store', labelNames: ['kind'], registers: [registry] });
  const feeds = new Gauge({
    name: 'newsfeed_feeds',
    help: 'Feeds by health: ok (last poll succeeded), failing (it failed), pending (never polled), retired (410 Gone), paused (by an operator)',
    labelNames: ['status'],
    registers: [registry],
  });
  const up = new Gauge({ name: 'newsfeed_dependency_up', help: 'Whether this scrape reached the store and Redis (1) or not (0)', labelNames: ['dependency'], registers: [registry] });

  app.get('/metrics', async (_request, reply) => {
    const { redisMs, storeMs } = probeTimeouts(deps);
    const [stats, counts, samples] = await Promise.allSettled([
      withinTimeout(deps.store.stats(), storeMs, 'store'),
      deps.queueCounts ? withinTimeout(deps.queueCounts(), redisMs, 'redis') : Promise.resolve(null),
      deps.redis ? withinTimeout(readCounters(deps.redis, deps.settings.queuePrefix), redisMs, 'redis') : Promise.resolve(null),
    ]);
    // A series of a dependency that is down is left out rather than shown with its last value.
    for (const gauge of [queueJobs, stories, feeds]) gauge.reset();
    up.set({ dependency: 'store' }, stats.status === 'fulfilled' ? 1 : 0);
    if (stats.status === 'fulfilled') {
      stories.set({ kind: 'stories' }, stats.value.stories);
      stories.set({ kind: 'clusters' }, stats.value.clusters);
      for (const status of ['ok', 'failing', 'pending', 'retired', 'paused'] as const) feeds.set({ status }, stats.value.feeds[status]);
    }
    if (deps.redis || deps.queueCounts) up.set({ dependency: 'redis' }, counts.status === 'fulfilled' && samples.status === 'fulfilled' ? 1 : 0);
    if (counts.status === 'fulfilled' && counts.value) {
      for (const [queue, states] of Object.entries(counts.value)) {
        for (const [state, n] of Object.entries(states)) queueJobs.set({ queue, state }, n);
      }
    }
    const counters = samples.status === 'fulfilled' && samples.value ? formatCounterSamples(samples.value) : '';
    reply.type(registry.contentType);
    return (await registry.metrics()) + counters;
  });
}
