import type { FeedRecord, FeedStatus, Story, StoryEntities, StoryTopic, WebhookFilter, WebhookRecord } from '../model.js';
import type { LabelCount } from './label-counts.js';

/** A feed to add (CLI, OPML import, FEEDS_FILE at start). */
export interface NewFeed {
  url: string;
  title?: string | null;
  siteUrl?: string | null;
  categories?: string[];
  fullText?: boolean;
  fullTextSelector?: string | null;
  blockRule?: string | null;
  keepRule?: string | null;
  fixedIntervalSec?: number | null;
}

/** Columns a poll may change on a feed. */
export interface FeedPatch {
  url?: string;
  title?: string | null;
  siteUrl?: string | null;
  status?: FeedStatus;
  etag?: string | null;
  lastModified?: string | null;
  bodyHash?: string | null;
  lastPolledAt?: string | null;
  lastSuccessAt?: string | null;
  nextPollAt?: string | null;
  lastErrorCode?: string | null;
  lastErrorMessage?: string | null;
  errorCount?: number;
  pollIntervalSec?: number | null;
  fullText?: boolean;
  fullTextSelector?: string | null;
  blockRule?: string | null;
  keepRule?: string | null;
  fixedIntervalSec?: number | null;
  lastNewItemAt?: string | null;
  /**
   * The status is an operator's (pause, resume): it applies whatever the status is. Otherwise (a
   * poll's outcome) a paused feed stays paused: a poll that ends after its feed was paused does
   * not turn it on again.
   */
  operator?: boolean;
}

/** One copy of a story to write: the story it belongs to (per the dedup decision) and its source. */
export interface StoryWrite {
  storyId: string;
  clusterId: string;
  /** The first copy registered for this story: its title, URL and cluster win. */
  canonical: boolean;
  /**
   * The copy takes over as canonical (title, URL, publication time; not the cluster): the first
   * text of a story that a headline-only item started (dedup match `title`, fuller).
   */
  promote?: boolean;
  story: {
    title: string;
    url: string | null;
    canonicalUrl: string | null;
    summary: string;
    /** Cleaned plain text; the longest copy's text (with its topics and entities) is kept. */
    text: string;
    /** The standfirst that `text` starts with ('' for none), kept apart so a fuller copy without one can take it on. */
    standfirst?: string;
    publishedAt: string | null;
    topics: StoryTopic[];
    entities: StoryEntities;
    /** ISO 639-1 or null; replaced with the text. */
    language?: string | null;
  };
  source: {
    itemKey: string;
    feedId: number | null;
    feedUrl: string;
    guid: string;
    url: string | null;
    canonicalUrl: string | null;
    title: string;
    publishedAt: string | null;
    match: string;
    similarity: number | null;
  };
  ingestedAt: string;
}

export interface StoryWriteResult {
  itemKey: string;
  storyId: string;
  /** The story row was created by this write. */
  created: boolean;
  /** This source was new (false when the same item was written before: an idempotent repeat). */
  sourceAdded: boolean;
  /** The stored text (and topics, entities) were replaced by this fuller copy. */
  textReplaced: boolean;
  error?: { code: string; message: string };
}

export interface StoryQuery {
  /** A topic id, or several: a story matches when it carries any of them. */
  topic?: string | string[];
  /**
   * An entity name, or several (its other names: the API adds the gazetteer's, so "Iranian" also
   * asks for "Iran"): a story matches when it names any of them in full, case- and accent-
   * insensitively, or has a person with that surname ("Putin" → "Vladimir Putin").
   */
  entity?: string | string[];
  /** Language codes (ISO 639-1, lower-case): a story matches when it is written in any of them. */
  language?: string[];
  /** Feed id or feed URL. */
  feed?: string;
  /**
   * A feed category (an OPML folder): stories carried by a feed filed under it or under one of its
   * subfolders (`World` takes `World/Middle East`), in any case.
   */
  category?: string;
  since?: string;
  until?: string;
  /** Words (split on whitespace and punctuation) that must all appear in the title or the text. */
  q?: string;
  cluster?: string;
  /** Only these stories (the webhook dispatcher asks which of the new stories a subscription wants). */
  ids?: string[];
  limit: number;
  cursor?: string | null;
  /** Each story carries its stored text (`text`). */
  withText?: boolean;
  /** Each story carries its language (`language`). */
  withLanguage?: boolean;
}

/** Which event clusters to rank (GET /api/clusters). */
export interface ClusterQuery {
  /** Stories sorted at or after this (ISO-8601) count. */
  since: string;
  /** Stories sorted before this (ISO-8601) count. */
  until: string;
  /** Only stories carrying any of these topics count. */
  topic?: string[];
  limit: number;
}

/** An event cluster's activity in the window: its stories, their sources, and its most-sourced story. */
export interface ClusterSummary {
  clusterId: string;
  stories: number;
  sources: number;
  firstAt: string;
  lastAt: string;
  /** The story with the most sources (the newest of those tied). */
  leadStoryId: string;
  /** The cluster's stories in the window, newest first. */
  storyIds: string[];
}

/** A webhook subscription to add. */
export interface NewWebhook {
  url: string;
  filter?: Partial<WebhookFilter>;
  secret?: string | null;
  includeText?: boolean;
}

/** One delivery attempt of a webhook, as its record keeps it. */
export interface WebhookOutcome {
  ok: boolean;
  /** When the attempt ended (ISO-8601 UTC). */
  at: string;
  /** The receiver's HTTP status; null when none came (timeout, network, refused address). */
  status: number | null;
  code?: string;
  message?: string;
  /** No attempt follows this failed one: it counts as failed. */
  final?: boolean;
  /** Turn the subscription off (the receiver answered 410 Gone). */
  disable?: boolean;
}

export interface StoreStats {
  stories: number;
  clusters: number;
  /** ok: last poll succeeded; failing: last poll failed; pending: never polled; retired: given up (410); paused: stopped by an operator. They add up to total. */
  feeds: { total: number; ok: number; failing: number; pending: number; retired: number; paused: number };
}

/** The record every consumer reads. SQLite (embedded default) and PostgreSQL implement it. */
export interface StoryStore {
  readonly kind: 'sqlite' | 'postgres';
  close(): Promise<void>;

  addFeed(feed: NewFeed): Promise<{ feed: FeedRecord; created: boolean }>;
  /** Adds the feeds not yet present; changes nothing on the existing ones. */
  importFeeds(feeds: NewFeed[]): Promise<{ added: number; existing: number }>;
  removeFeed(urlOrId: string): Promise<boolean>;
  listFeeds(): Promise<FeedRecord[]>;
  getFeed(id: number): Promise<FeedRecord | null>;
  /** Feed URL → title, for those of the URLs whose feed is in the store with a title. */
  feedTitles(urls: string[]): Promise<Record<string, string>>;
  /** id and next poll time of every feed polled (not retired, not paused): the scheduler's source of truth. */
  listFeedSchedule(): Promise<Array<{ id: number; nextPollAt: string | null }>>;
  updateFeed(id: number, patch: FeedPatch): Promise<void>;

  /** Writes a batch in one transaction; an item that fails is retried alone and reported. */
  writeStories(writes: StoryWrite[]): Promise<StoryWriteResult[]>;
  /** The story with its stored text, or null. */
  getStory(id: string): Promise<Story | null>;
  queryStories(query: StoryQuery): Promise<{ stories: Story[]; nextCursor: string | null }>;
  /**
   * Story id → its stored text and the standfirst it starts with ('' for none), for those of the
   * stories that have a standfirst (`withStandfirst`) or have none: only the texts asked for are read.
   */
  storyTexts(ids: string[], withStandfirst: boolean): Promise<Map<string, { text: string; standfirst: string }>>;
  stats(): Promise<StoreStats>;
  /** The clusters with the most sources in the window, then the most recent. */
  topClusters(query: ClusterQuery): Promise<ClusterSummary[]>;
  /** The topic (`t`) or entity (`e`) labels of the window's stories, with their story and cluster counts, most stories first. */
  countLabels(query: { since: string; until: string; namespace: 't' | 'e' }): Promise<LabelCount[]>;
  /**
   * Deletes up to `limit` stories, oldest first, that were both published (sort time) and ingested
   * before `before` (ISO-8601), with their sources and labels; returns how many.
   */
  pruneStories(before: string, limit: number): Promise<number>;

  addWebhook(hook: NewWebhook): Promise<WebhookRecord>;
  listWebhooks(): Promise<WebhookRecord[]>;
  getWebhook(id: number): Promise<WebhookRecord | null>;
  removeWebhook(id: number): Promise<boolean>;
  /** Turns a disabled subscription back on (its counts are kept); returns it, or null when there is none. */
  enableWebhook(id: number): Promise<WebhookRecord | null>;
  recordWebhookOutcome(id: number, outcome: WebhookOutcome): Promise<void>;
  /**
   * Claims stories for a subscription: returns those of `storyIds` no other dispatch claimed for it
   * before (those this `dispatchId` claimed earlier count as its own: a retried dispatch gets them again).
   */
  claimWebhookStories(webhookId: number, storyIds: string[], dispatchId: string): Promise<string[]>;
  /** Forgets the claims made before `before` (ISO-8601); returns how many. */
  pruneWebhookStories(before: string): Promise<number>;
  topicCounts(): Promise<Record<string, number>>;
}
