import { createHash } from 'node:crypto';
import type { FeedFormat, FeedItem, ParsedFeed } from '../model.js';

/** What a format reader produces: FeedItem fields, except that the id may still be missing. */
export interface ItemDraft extends Omit<FeedItem, 'guid'> {
  /** The feed's own id (guid, id, rdf:about), trimmed; null when it gives none. */
  id: string | null;
}

export interface FeedDraft {
  format: FeedFormat;
  version?: string;
  title: string;
  link: string | null;
  description: string;
  /** The declared language tag, as written. */
  language?: string | null;
  ttlMinutes?: number | null;
  updatePeriodMinutes?: number | null;
  items: ItemDraft[];
}

/** Turns a reader's draft into the model: ids filled in, categories de-duplicated, notes attached. */
export function finishFeed(draft: FeedDraft, encoding: string, notes: ReadonlySet<string>): ParsedFeed {
  const language = languageTag(draft.language);
  const feed: ParsedFeed['feed'] = { title: draft.title, link: draft.link, description: draft.description, language };
  if (draft.ttlMinutes != null) feed.ttlMinutes = draft.ttlMinutes;
  if (draft.updatePeriodMinutes != null) feed.updatePeriodMinutes = draft.updatePeriodMinutes;
  const parsed: ParsedFeed = {
    format: draft.format,
    ...(draft.version ? { version: draft.version } : {}),
    encoding,
    recovered: notes.size > 0,
    feed,
    items: draft.items.map((item) => finishItem(item, language)),
  };
  if (notes.size > 0) parsed.recoveryNotes = [...notes];
  return parsed;
}

/** The longest language tag kept (BCP 47 tags in feeds are short; anything longer is not one). */
const MAX_LANGUAGE_TAG = 35;

/** A declared language tag trimmed, or null when empty or too long to be one. */
function languageTag(tag: string | null | undefined): string | null {
  const trimmed = tag?.trim() ?? '';
  return trimmed && trimmed.length <= MAX_LANGUAGE_TAG ? trimmed : null;
}

/** An item declares its own language or inherits its feed's. */
function finishItem(draft: ItemDraft, feedLanguage: string | null): FeedItem {
  const { id, ...rest } = draft;
  return {
    guid: id || draft.url || hashGuid(draft),
    ...rest,
    categories: [...new Set(draft.categories.filter((c) => c !== ''))],
    language: languageTag(draft.language) ?? feedLanguage,
  };
}

/** Last resort id: a hash of what the item says, stable across polls while the item is unchanged. */
function hashGuid(item: ItemDraft): string {
  const hash = createHash('sha256').update(`${item.title}\u0000${item.summary}\u0000${item.contentHtml}`).digest('hex');
  return `sha256:${hash.slice(0, 32)}`;
}
