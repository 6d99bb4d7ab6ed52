import { createHash } from 'node:crypto';
import type { FeedItem } from '../model.js';
import { canonicalUrl } from '../normalize/canonical-url.js';

/** One feed item as it travels from the fetch worker to the ingest worker. */
export interface IngestItem extends FeedItem {
  /** Unique per feed item and stable across polls: `${feedId}:${guid}`. */
  key: string;
  canonicalUrl: string | null;
  /** Hash of what the item says: a changed hash is an update and is ingested again. */
  contentHash: string;
  /** The feed it came from, when its job may hold items of several feeds (else the job's). */
  feedId?: number;
  feedUrl?: string;
}

function hash(parts: Array<string | null>): string {
  const h = createHash('sha1');
  for (const p of parts) h.update(p ?? '').update('\u0000');
  return h.digest('base64url').slice(0, 16);
}

/**
 * Text as every later stage compares it: composed Unicode (NFC: "café" typed or decomposed is one
 * spelling, for dedup, clustering and search) without lone surrogates, cut to `max` characters.
 */
function cut(text: string, max: number): string {
  const bounded = text.length > max ? text.slice(0, max) : text;
  return bounded.toWellFormed().normalize('NFC');
}

/** Turns parsed items into ingest items: keys, canonical URLs, content hashes, bounded sizes. */
export function toIngestItems(feedId: number, items: FeedItem[], opts: { maxItemChars: number }): IngestItem[] {
  const seen = new Set<string>();
  const out: IngestItem[] = [];
  for (const item of items) {
    const key = `${feedId}:${item.guid}`;
    if (seen.has(key)) continue; // a feed listing one guid twice: the first (newest) copy wins
    seen.add(key);
    const summary = cut(item.summary, opts.maxItemChars);
    const contentHtml = cut(item.contentHtml, opts.maxItemChars);
    out.push({
      ...item,
      title: cut(item.title, 2000),
      ...(item.author ? { author: cut(item.author, 2000) } : {}),
      categories: item.categories.map((c) => cut(c, 2000)),
      summary,
      contentHtml,
      key,
      canonicalUrl: item.url ? canonicalUrl(item.url) : null,
      contentHash: hash([item.title, item.url, summary, contentHtml, item.publishedAt]),
    });
  }
  return out;
}

/** Ingest job id for a batch: the same items in the same state always give the same id. */
export function ingestJobId(feedId: number | 'm', items: IngestItem[]): string {
  return `ingest-${feedId}-${hash(items.map((i) => `${i.key}#${i.contentHash}`))}`;
}
