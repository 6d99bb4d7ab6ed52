import type { Logger } from 'pino';
import type { Counters } from '../metrics/counters.js';
import type { StoryStore } from '../store/story-store.js';

export interface PruneDeps {
  store: Pick<StoryStore, 'pruneStories'>;
  settings: { days: number; batchSize: number };
  counters: Counters;
  log: Logger;
  now?: () => Date;
  /** Checked between batches: true stops the run (shutdown). */
  stopping?: () => boolean;
}

/**
 * One retention run: deletes, in transactions of `batchSize`, the stories published and ingested
 * more than `days` days ago; returns how many. `days` 0 keeps every story. A copy of a deleted
 * story arriving later starts the story again (the store re-creates it), so nothing breaks when
 * retention is shorter than the dedup window; it only should not be.
 */
export async function pruneOldStories(deps: PruneDeps): Promise<number> {
  const { days, batchSize } = deps.settings;
  if (days <= 0) return 0;
  const before = new Date((deps.now ? deps.now() : new Date()).getTime() - days * 86_400_000).toISOString();
  let total = 0;
  for (;;) {
    const deleted = await deps.store.pruneStories(before, batchSize);
    total += deleted;
    if (deleted) deps.counters.inc('storiesPruned', {}, deleted);
    if (deleted < batchSize || deps.stopping?.()) break;
  }
  if (total) deps.log.info({ deleted: total, before }, 'old stories deleted (retention)');
  return total;
}
