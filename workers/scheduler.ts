import type { Logger } from 'pino';
import type { Config } from '../src/config/config-schema.js';
import { syncSchedule } from '../src/pipeline/sync-schedule.js';
import type { DueIndex } from '../src/queue/due-index.js';
import type { ServiceQueues } from '../src/queue/queues.js';
import type { StoryStore } from '../src/store/story-store.js';

export interface SchedulerDeps {
  store: StoryStore;
  dueIndex: DueIndex;
  queues: ServiceQueues;
  settings: Config['scheduler'];
  log: Logger;
  now?: () => Date;
}

export interface RunningScheduler {
  /** Claims and enqueues what is due now; returns how many polls it enqueued. */
  tick(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * The scheduler role: every `tickMs` it claims the feeds that are due from the Redis due-time
 * index (atomic, leased, so several schedulers never double a poll) and adds one poll job per
 * feed, whose job id (`poll-<feedId>`) keeps a second poll of the same feed out of the queue.
 */
export async function startScheduler(deps: SchedulerDeps): Promise<RunningScheduler> {
  const now = deps.now ?? (() => new Date());
  const log = deps.log;
  const { tickMs, batchSize, leaseSec, resyncSec } = deps.settings;
  let stopped = false;
  let lastSync = 0;
  let running: Promise<unknown> = Promise.resolve();

  const tick = async (): Promise<number> => {
    if (Date.now() - lastSync >= resyncSec * 1000) {
      lastSync = Date.now();
      const synced = await syncSchedule({ store: deps.store, dueIndex: deps.dueIndex, now });
      if (synced.added || synced.removed) log.info(synced, 'schedule synced with the store');
    }
    let total = 0;
    for (;;) {
      const ids = await deps.dueIndex.claimDue(now(), batchSize, leaseSec * 1000);
      await deps.queues.enqueuePolls(ids);
      total += ids.length;
      if (ids.length < batchSize || stopped) break;
    }
    if (total) log.debug({ polls: total }, 'polls enqueued');
    return total;
  };

  let timer: NodeJS.Timeout | null = null;
  const loop = () => {
    running = tick()
      .catch((err) => log.error({ err }, 'scheduler tick failed'))
      .finally(() => {
        if (!stopped) timer = setTimeout(loop, tickMs);
      });
  };
  loop();
  log.info({ tickMs, batchSize }, 'scheduler started');

  return {
    tick,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      log.info('scheduler stopped');
    },
  };
}
