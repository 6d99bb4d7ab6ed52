import type { DueIndex } from '../queue/due-index.js';
import type { StoryStore } from '../store/story-store.js';

/**
 * Brings the Redis due-time index in line with the store, the record: feeds missing from the index
 * are added at their stored next poll time (now for a feed never polled), existing entries keep
 * theirs (so a restart does not burst polls), and removed or retired feeds leave the index.
 */
export async function syncSchedule(deps: { store: Pick<StoryStore, 'listFeedSchedule'>; dueIndex: DueIndex; now: () => Date }): Promise<{ feeds: number; added: number; removed: number }> {
  const now = deps.now();
  const schedule = await deps.store.listFeedSchedule();
  const added = await deps.dueIndex.addMissing(schedule.map((f) => ({ feedId: f.id, at: f.nextPollAt ? new Date(f.nextPollAt) : now })));
  const live = new Set(schedule.map((f) => f.id));
  const stale = (await deps.dueIndex.members()).filter((id) => !live.has(id));
  await deps.dueIndex.remove(stale);
  return { feeds: schedule.length, added, removed: stale.length };
}
