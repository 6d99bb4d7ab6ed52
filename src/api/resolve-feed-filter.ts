import { lookupFeed } from '../pipeline/feed-state.js';
import type { StoryStore } from '../store/story-store.js';

/**
 * The `feed=` value a story query is run with: for a URL that names a feed in the list as the CLI
 * finds it (lookupFeed: scheme and host in any case, the password masked or left out), that feed's
 * URL as stored, so its stories are found by its id and under that URL; an id, or a URL no feed has
 * now (a feed since removed, whose stories keep its URL), as given. A URL several feeds answer to
 * is FEED_AMBIGUOUS (400), naming their ids.
 */
export async function resolveFeedFilter(store: Pick<StoryStore, 'listFeeds'>, given: string): Promise<string> {
  if (/^\d+$/.test(given)) return given;
  return (await lookupFeed(store, given))?.url ?? given;
}
