import type { Logger } from 'pino';
import type { Config } from '../src/config/config-schema.js';
import type { Counters } from '../src/metrics/counters.js';
import { pruneOldStories } from '../src/pipeline/prune-stories.js';
import type { StoryStore } from '../src/store/story-store.js';

/** The first retention run waits this long after start (the start itself is busy enough). */
const FIRST_RUN_MS = 30_000;

/**
 * Retention, run by the scheduler role when `retention.days` > 0: every `retention.everySec` it
 * deletes the stories older than that (pruneOldStories). Several schedulers may run it at once:
 * each deletes what is still there.
 */
export function startRetention(deps: { store: StoryStore; settings: Config['retention']; counters: Counters; log: Logger }): { stop(): Promise<void> } {
  if (deps.settings.days <= 0) return { stop: async () => {} };
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | null = null;
  const run = () => {
    running = pruneOldStories({ ...deps, stopping: () => stopped })
      .catch((err: unknown) => deps.log.error({ err }, 'retention run failed'))
      .finally(() => {
        if (!stopped) timer = setTimeout(run, deps.settings.everySec * 1000);
      });
  };
  timer = setTimeout(run, Math.min(FIRST_RUN_MS, deps.settings.everySec * 1000));
  deps.log.info({ days: deps.settings.days, everySec: deps.settings.everySec }, 'retention started');
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
