import { readFileSync } from 'node:fs';
import { parseFetchUrl } from '../fetch/fetch-feed.js';
import { decodeBody } from '../parse/decode-body.js';
import { maskCredentials } from '../normalize/mask-credentials.js';
import { parseOpml } from '../opml/parse-opml.js';
import type { NewFeed, StoryStore } from '../store/story-store.js';

export interface OpmlImport {
  added: number;
  existing: number;
  /** Entries refused, with why (not http(s), not a URL). */
  rejected: Array<{ url: string; reason: string }>;
  /** Feeds added without a setting of theirs (a selector or rule this project cannot apply), and why. */
  warnings: Array<{ url: string; warning: string }>;
}

/** Checks a feed URL the way the fetcher will (absolute http or https); returns it normalised. */
export function checkFeedUrl(url: string): string {
  return parseFetchUrl(url).href;
}

/**
 * Imports the feeds of an OPML document idempotently: new URLs are added with their title, site
 * and folders (as categories); feeds already in the store are left exactly as they are.
 */
export async function importOpml(text: string, store: Pick<StoryStore, 'importFeeds'>): Promise<OpmlImport> {
  const rejected: OpmlImport['rejected'] = [];
  const warnings: OpmlImport['warnings'] = [];
  const feeds: NewFeed[] = [];
  for (const entry of parseOpml(text)) {
    if (entry.unsupported) {
      rejected.push({ url: entry.url, reason: entry.unsupported });
      continue;
    }
    for (const warning of entry.warnings ?? []) warnings.push({ url: entry.url, warning });
    try {
      feeds.push({ url: checkFeedUrl(entry.url), title: entry.title, siteUrl: entry.siteUrl, categories: entry.categories, fullText: entry.fullText ?? false, fullTextSelector: entry.fullTextSelector ?? null, blockRule: entry.blockRule ?? null, keepRule: entry.keepRule ?? null, fixedIntervalSec: entry.fixedIntervalSec ?? null });
    } catch (err) {
      // The reason quotes the URL: its password masked here, for every caller (API, CLI, the start's log).
      rejected.push({ url: entry.url, reason: maskCredentials((err as Error).message) });
    }
  }
  const { added, existing } = await store.importFeeds(feeds);
  return { added, existing, rejected, warnings };
}

/**
 * The text of an OPML document from its bytes, read as feeds are: BOM, the Content-Type's
 * charset, UTF-16 byte patterns, the XML declaration's encoding (`ISO-8859-1`), then detection.
 */
export function decodeOpml(bytes: Uint8Array, contentType?: string | null): string {
  return decodeBody(bytes, contentType).text;
}

export async function importOpmlFile(file: string, store: Pick<StoryStore, 'importFeeds'>): Promise<OpmlImport> {
  return importOpml(decodeOpml(readFileSync(file)), store);
}
