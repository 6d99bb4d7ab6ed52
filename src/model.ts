/**
 * The one model every feed format converges on, and the shapes that cross stage boundaries.
 * Stages import types from here; nothing here has behaviour.
 */

/** One entry of a feed after parsing and normalisation. */
export interface FeedItem {
  /** Stable id: the feed's guid/id, else the link, else a hash of title and content. Never empty. */
  guid: string;
  /** Absolute URL of the article, or null when the feed gives none. */
  url: string | null;
  /** Plain text, entities decoded, whitespace collapsed. May be empty. */
  title: string;
  /** Sanitised HTML (short description). May be empty. */
  summary: string;
  /** Sanitised HTML (full content when the feed carries it). May be empty. */
  contentHtml: string;
  /** ISO-8601 UTC (`2025-01-17T10:00:00.000Z`) or null. */
  publishedAt: string | null;
  author: string | null;
  categories: string[];
  /** The language the item or its feed declares (`<language>`, `dc:language`, `xml:lang`, JSON Feed `language`), trimmed as written, or null. */
  language?: string | null;
}

export type FeedFormat = 'rss' | 'rdf' | 'atom' | 'json';

/** Hints a feed gives about how often to poll it (all optional, in minutes). */
export interface FeedPollHints {
  /** RSS <ttl>. */
  ttlMinutes?: number | null;
  /** sy:updatePeriod / sy:updateFrequency turned into minutes between updates. */
  updatePeriodMinutes?: number | null;
}

export interface ParsedFeed {
  format: FeedFormat;
  /** Format version when known: '2.0', '0.91', '1.0', 'atom10', 'json1.1', ... */
  version?: string;
  /** The charset the body was decoded with, lower-case WHATWG label (`utf-8`, `windows-1251`). */
  encoding: string;
  /** True when the document was malformed and a lenient reader recovered it. */
  recovered: boolean;
  /** Why it was recovered (short, constant messages) when `recovered` is true. */
  recoveryNotes?: string[];
  feed: { title: string; link: string | null; description: string; language?: string | null } & FeedPollHints;
  items: FeedItem[];
}

/** A feed as the store records it. */
export interface FeedRecord {
  id: number;
  url: string;
  title: string | null;
  siteUrl: string | null;
  /** OPML folder(s), as categories. */
  categories: string[];
  status: FeedStatus;
  etag: string | null;
  lastModified: string | null;
  bodyHash: string | null;
  lastPolledAt: string | null;
  lastSuccessAt: string | null;
  nextPollAt: string | null;
  lastErrorCode: string | null;
  lastErrorMessage: string | null;
  errorCount: number;
  pollIntervalSec: number | null;
  /** Article pages are fetched for the full text of items that carry a summary only. */
  fullText: boolean;
  /** A CSS selector naming the article's body on the feed's pages (else the reader-mode heuristic finds it). */
  fullTextSelector: string | null;
  /** Items whose title, link, author or a category match this regular expression (case-insensitive) are dropped. */
  blockRule: string | null;
  /** When set, only items whose title, link, author or a category match it are kept. */
  keepRule: string | null;
  /** The operator's poll interval for this feed, in seconds, instead of the adaptive one (null: adaptive). */
  fixedIntervalSec: number | null;
  /** When a poll last found an item it had not seen (new or changed), or null: never. */
  lastNewItemAt: string | null;
  createdAt: string;
}

/** active, failing: polled; retired: given up on (410 Gone); paused: stopped by an operator. */
export type FeedStatus = 'active' | 'failing' | 'retired' | 'paused';

/** A topic label on a story. */
export interface StoryTopic {
  id: string;
  score: number;
  evidence?: string[];
}

export interface EntityMention {
  name: string;
  /** Mentions in the story. */
  count?: number;
  /** Places: 'country' | 'city' | 'region'. */
  kind?: string;
  /** Places: the country a city or region is in. */
  country?: string;
}

export interface StoryEntities {
  places: EntityMention[];
  people: EntityMention[];
  organizations: EntityMention[];
}

export interface StorySource {
  feedUrl: string;
  url: string | null;
  title: string;
  publishedAt: string | null;
}

/** A story as the API returns it (DESIGN.md contract). */
export interface Story {
  id: string;
  clusterId: string;
  title: string;
  url: string | null;
  summary: string;
  publishedAt: string | null;
  ingestedAt: string;
  topics: StoryTopic[];
  entities: StoryEntities;
  sources: StorySource[];
  /**
   * The language the story is written in (ISO 639-1: `en`, `ru`, `zh`), or null when neither its
   * text nor its feed tells. Where asked for as the text is, and in webhook deliveries and topic feeds.
   */
  language?: string | null;
  /**
   * The stored plain text (the article's full text where it was fetched; paragraphs joined by a
   * blank line). Only where asked for: GET /api/stories/:id, `include=text`, the topic feeds.
   */
  text?: string;
}

/** What a webhook subscription asks for: the /api/stories filters it applies to new stories (all optional: every new story). */
export interface WebhookFilter {
  /** Topic ids: a story matches when it carries any of them. */
  topic: string[];
  /** An entity name, as /api/stories?entity= (its other names, a country's cities, surnames). */
  entity: string | null;
  /** Words that must all appear, as /api/stories?q=. */
  q: string | null;
  /** Feed id or URL, as /api/stories?feed=. */
  feed: string | null;
  /** A feed category (folder), as /api/stories?category=. */
  category: string | null;
  /** Language codes, as /api/stories?language= (none: every language). */
  language: string[];
}

export type WebhookStatus = 'active' | 'disabled';

/** A webhook subscription as the store records it. */
export interface WebhookRecord {
  id: number;
  url: string;
  filter: WebhookFilter;
  /** Deliveries carry each story's stored text (`text`), as /api/stories?include=text. */
  includeText: boolean;
  /** HMAC-SHA256 key of the signature header; null: deliveries are not signed. */
  secret: string | null;
  status: WebhookStatus;
  /** Why the subscription was disabled (410 Gone from the receiver). */
  disabledReason: string | null;
  delivered: number;
  failed: number;
  lastDeliveryAt: string | null;
  lastStatus: number | null;
  lastErrorCode: string | null;
  lastErrorMessage: string | null;
  createdAt: string;
}
