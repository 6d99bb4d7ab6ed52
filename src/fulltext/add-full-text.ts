import type { Logger } from 'pino';
import { toIngestError, type IngestError } from '../errors.js';
import type { Counters } from '../metrics/counters.js';
import { decodePage } from '../parse/decode-page.js';
import { htmlToText } from '../parse/html-to-text.js';
import type { IngestItem } from '../pipeline/ingest-item.js';
import { parseSelector, type Selector } from './css-selector.js';
import { extractArticle } from './extract-article.js';

export interface FullTextDeps {
  /** The feed's CSS selector for its article bodies (validated when set); null: the reader-mode heuristic alone. */
  selector?: string | null;
  /** GET of an article page through the fetcher (SSRF guard, timeouts, byte cap, per-host politeness). */
  fetchPage: (url: string) => Promise<{ body: Uint8Array; contentType: string | null }>;
  settings: {
    /** Pages fetched per poll at most (the first new items). */
    maxPerPoll: number;
    /** An item whose own text has this many words is complete already: its page is not fetched. */
    minWords: number;
    /** Pages fetched at once. */
    concurrency: number;
    /** No page is started after this long (ms from the first): a slow site holds its poll up no longer (plus one page's time). */
    budgetMs: number;
  };
  now?: () => number;
  counters: Counters;
  log: Logger;
}

/** The feed's selector, parsed once per poll; one stored before a stricter check is logged and ignored (the heuristic reads the pages). */
function readSelector(deps: FullTextDeps): Selector | null {
  if (!deps.selector) return null;
  try {
    return parseSelector(deps.selector);
  } catch (err) {
    deps.log.warn({ err: { code: (err as IngestError).code, message: (err as Error).message } }, 'full-text selector ignored');
    return null;
  }
}

/** Words of an item's own text (its content, else its summary). */
function ownWords(item: IngestItem): number {
  const text = htmlToText(item.contentHtml || item.summary);
  return text ? text.split(/\s+/).filter(Boolean).length : 0;
}

/**
 * Full text for a feed that carries summaries only: for each new item (up to `maxPerPoll`) with a
 * link and fewer than `minWords` words of its own, fetches the page and takes its article
 * (extractArticle) as the item's content when it has more words than the item. The key and
 * content hash stay the feed's, so a page is fetched once per item version. A page that fails or
 * holds no article leaves its item as it is, counted (newsfeed_articles_fetched_total) and never
 * failing the poll; so do the pages not started within `budgetMs` (counted as skipped). Only a
 * shutdown (FETCH_ABORTED) ends the poll, so that its items come back whole at the next one.
 */
export async function addFullText(items: IngestItem[], deps: FullTextDeps): Promise<IngestItem[]> {
  const out = [...items];
  const candidates = items.map((item, i) => ({ item, i, words: ownWords(item) })).filter(({ item, words }) => item.url && words < deps.settings.minWords);
  const wanted = candidates.slice(0, deps.settings.maxPerPoll);
  // Beyond maxPerPoll: kept as the feed gave them, and counted.
  if (candidates.length > wanted.length) deps.counters.inc('articlesFetched', { outcome: 'skipped' }, candidates.length - wanted.length);
  const now = deps.now ?? Date.now;
  const selector = readSelector(deps);
  const deadline = now() + deps.settings.budgetMs;
  // Two items linking to one page fetch it once.
  const pages = new Map<string, Promise<{ body: Uint8Array; contentType: string | null }>>();
  let next = 0;
  const worker = async () => {
    while (next < wanted.length) {
      if (now() >= deadline) {
        deps.counters.inc('articlesFetched', { outcome: 'skipped' }, wanted.length - next);
        next = wanted.length;
        return;
      }
      const { item, i, words } = wanted[next++]!;
      try {
        let page = pages.get(item.url!);
        if (!page) pages.set(item.url!, (page = deps.fetchPage(item.url!)));
        const article = extractArticle(decodePage(await page), { selector });
        if (!article || article.words <= words) {
          deps.counters.inc('articlesFetched', { outcome: 'no-article' });
          continue;
        }
        out[i] = { ...item, contentHtml: article.html };
        deps.counters.inc('articlesFetched', { outcome: article.via === 'selector' ? 'selected' : 'extracted' });
      } catch (err) {
        const e = toIngestError(err);
        // Shutdown: the poll is given up, so that its items, not marked seen, come back whole.
        if (e.code === 'FETCH_ABORTED') throw e;
        deps.counters.inc('articlesFetched', { outcome: 'failed', code: e.code });
        deps.log.debug({ itemKey: item.key, err: { code: e.code, message: e.message } }, 'article page not fetched');
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(deps.settings.concurrency, wanted.length) }, worker));
  return out;
}
