import type { Logger } from 'pino';
import { IngestError } from '../errors.js';
import type { FetchRequest, FetchResult } from '../fetch/fetch-feed.js';
import type { Counters } from '../metrics/counters.js';
import type { FeedRecord, ParsedFeed } from '../model.js';
import { maskCredentials } from '../normalize/mask-credentials.js';
import { computeNextPoll, DEFAULT_POLL_POLICY, type PollOutcome, type PollPolicy } from '../schedule/next-poll.js';
import type { FeedPatch, StoryStore } from '../store/story-store.js';
import { applyFeedRules, compileFeedRule, type FeedRules } from './feed-rules.js';
import { toIngestItems, type IngestItem } from './ingest-item.js';
import type { FeedSchedule } from './feed-state.js';
import type { SeenFilter } from './seen-filter.js';
import type { PollSlots } from './poll-slots.js';

/** How a failure is to be treated; decided by workers/retry-policy.ts. */
export interface FailureView {
  code: string;
  message: string;
  retryable: boolean;
  retryAfterMs: number | null;
}

export interface PollDeps {
  store: Pick<StoryStore, 'getFeed' | 'updateFeed' | 'listFeeds'>;
  fetch: (req: FetchRequest) => Promise<FetchResult>;
  parse: (body: Uint8Array, opts: { contentType: string | null; url: string }) => ParsedFeed;
  seen: SeenFilter;
  /** Queues a poll's new items for ingest (ingest-batcher.ts makes the jobs); resolves once queued. */
  enqueueItems: (feed: { id: number; url: string }, items: IngestItem[]) => Promise<void>;
  schedule: FeedSchedule;
  /** Full text for the new items of a feed with full text on (addFullText); absent: never fetched. */
  fullText?: (items: IngestItem[], feed: { selector: string | null }) => Promise<IngestItem[]>;
  decideFailure: (err: unknown) => FailureView;
  counters: Counters;
  settings: { maxItemChars: number; policy: Partial<PollPolicy> };
  /**
   * Slots for the polls of failing feeds (fetch.failingConcurrency): when all are taken, a failing
   * feed's poll is deferred (FETCH_SLOTS_BUSY) rather than wait, so feeds that time out on every
   * poll leave the other slots to healthy feeds. Absent: no limit.
   */
  failingSlots?: PollSlots;
  log: Logger;
  now?: () => Date;
}

export interface PollReport {
  feedId: number;
  outcome: 'updated' | 'unchanged' | 'failed' | 'deferred' | 'retired' | 'paused' | 'missing';
  newItems: number;
  nextPollAt: string | null;
  error?: { code: string; message: string };
}

/** Recovery notes of the parser that mean the document was cut off. */
const TRUNCATION_NOTES = new Set(['document truncated', 'unclosed elements at end of document']);

function statusClass(status: number): string {
  return status === 304 ? '304' : `${Math.floor(status / 100)}xx`;
}

/**
 * One poll of one feed: conditional fetch, parse, drop what was seen (one Redis round trip), queue
 * the new items in batches with deterministic job ids, record the feed's state and its next poll.
 * A failing feed never throws here: its coded error is recorded on the feed and it is retried on
 * its backoff schedule. Only infrastructure failures (store, Redis) escape.
 */
export async function pollFeed(feedId: number, deps: PollDeps): Promise<PollReport> {
  const now = (deps.now ?? (() => new Date()))();
  const feed = await deps.store.getFeed(feedId);
  if (!feed || feed.status === 'retired' || feed.status === 'paused') {
    await deps.schedule.remove([feedId]);
    return { feedId, outcome: !feed ? 'missing' : feed.status === 'paused' ? 'paused' : 'retired', newItems: 0, nextPollAt: null };
  }
  const release = feed.status === 'failing' && deps.failingSlots ? deps.failingSlots.tryTake() : undefined;
  if (release === null) {
    return recordFailure(feed, new IngestError('FETCH_SLOTS_BUSY', 'every fetch slot for failing feeds (fetch.failingConcurrency) is taken: polled again shortly'), now, deps);
  }
  try {
    return await pollReachableFeed(feed, now, deps);
  } finally {
    release?.();
  }
}

/** pollFeed for a feed that is to be fetched now. */
async function pollReachableFeed(feed: FeedRecord, now: Date, deps: PollDeps): Promise<PollReport> {
  const feedId = feed.id;
  let result: FetchResult;
  let parsed: ParsedFeed | null = null;
  try {
    result = await deps.fetch({ url: feed.url, etag: feed.etag, lastModified: feed.lastModified });
    if (result.kind === 'ok' && result.bodyHash !== feed.bodyHash) {
      parsed = deps.parse(result.body, { contentType: result.contentType, url: result.finalUrl });
    }
  } catch (err) {
    return recordFailure(feed, err, now, deps);
  }

  let newItems = 0;
  let outcome: PollOutcome = { kind: 'unchanged' };
  let broughtNew = false;
  // A cut-off document: the complete items before the cut are kept (the last one may be partial and
  // is dropped), and the feed is reported failing with PARSE_TRUNCATED so it is fetched whole again.
  const truncated = parsed?.recovered === true && (parsed.recoveryNotes ?? []).some((n) => TRUNCATION_NOTES.has(n));
  if (parsed) {
    const kept = truncated ? parsed.items.slice(0, -1) : parsed.items;
    const items = toIngestItems(feed.id, kept, { maxItemChars: deps.settings.maxItemChars });
    const entries = items.map((i) => ({ key: i.key, contentHash: i.contentHash }));
    const states = await deps.seen.filterNew(feed.id, entries);
    // A feed that restamps its items (a new date, nothing else) changes them without bringing anything new.
    broughtNew = states.includes('new');
    // The feed's block and keep rules, before any article page is fetched for an item they drop.
    const { kept: newOnes, blocked } = applyFeedRules(
      items.filter((_, i) => states[i] !== 'seen'),
      feedRules(feed, deps),
    );
    if (blocked) deps.counters.inc('itemsBlocked', {}, blocked);
    const fresh = feed.fullText && deps.fullText && newOnes.length ? await deps.fullText(newOnes, { selector: feed.fullTextSelector }) : newOnes;
    // The feed's credentials stay in the feeds table: ingest jobs (shown in Bull Board) and the
    // stories' sources carry its URL with the password masked.
    await deps.enqueueItems({ id: feed.id, url: maskCredentials(feed.url) }, fresh);
    await deps.seen.remember(feed.id, entries);
    newItems = fresh.length;
    outcome = { kind: 'updated', newItems };
    if (newItems) deps.counters.inc('itemsSeen', {}, newItems);
  }
  if (truncated) {
    const report = await recordFailure(feed, new IngestError('PARSE_TRUNCATED', `document cut off (${parsed!.items.length} items read, the last dropped)`), now, deps);
    // Its complete items were new all the same.
    if (broughtNew) await deps.store.updateFeed(feed.id, { lastNewItemAt: now.toISOString() });
    return { ...report, newItems };
  }
  deps.counters.inc('fetchOutcomes', { outcome: result.kind === 'not-modified' ? '304' : parsed ? statusClass(result.status) : 'unchanged' });

  const next = computeNextPoll(
    {
      now,
      outcome,
      consecutiveErrors: feed.errorCount,
      hints: { ttlMinutes: parsed?.feed.ttlMinutes, updatePeriodMinutes: parsed?.feed.updatePeriodMinutes, maxAgeSec: result.cache.maxAgeSec, expiresAt: result.cache.expiresAt },
      itemDates: parsed?.items.map((i) => i.publishedAt),
      fixedIntervalSec: feed.fixedIntervalSec,
    },
    deps.settings.policy,
  );
  const patch: FeedPatch = {
    status: 'active',
    etag: result.etag,
    lastModified: result.lastModified,
    lastPolledAt: now.toISOString(),
    lastSuccessAt: now.toISOString(),
    nextPollAt: next.nextPollAt.toISOString(),
    lastErrorCode: null,
    lastErrorMessage: null,
    errorCount: 0,
    pollIntervalSec: next.intervalSec,
  };
  if (result.kind === 'ok') patch.bodyHash = result.bodyHash;
  if (broughtNew) patch.lastNewItemAt = now.toISOString();
  if (parsed && !feed.title && parsed.feed.title) patch.title = parsed.feed.title;
  if (parsed && !feed.siteUrl && parsed.feed.link) patch.siteUrl = parsed.feed.link;
  await deps.store.updateFeed(feed.id, patch);
  if (result.permanentUrl && result.permanentUrl !== feed.url && !(await moveFeed(feed, result.permanentUrl, deps))) {
    await deps.schedule.remove([feed.id]);
    return { feedId, outcome: 'retired', newItems, nextPollAt: null };
  }
  await deps.schedule.set(feed.id, next.nextPollAt);
  return { feedId, outcome: outcome.kind, newItems, nextPollAt: patch.nextPollAt ?? null };
}

/**
 * pollFeed for the fetch worker. A poll that stops on the service's own store or Redis (an outage:
 * the feed is not to blame and no error is counted on it) puts its feed back in the schedule
 * `deferIntervalSec` ahead, best effort, so that an outage delays the feed by that much instead of
 * the scheduler's whole lease (`scheduler.leaseSec`, 5 min). It is counted
 * (`newsfeed_polls_interrupted_total`) and the error is thrown on for the job.
 */
export async function pollFeedOrDefer(feedId: number, deps: PollDeps): Promise<PollReport> {
  try {
    return await pollFeed(feedId, deps);
  } catch (err) {
    const now = (deps.now ?? (() => new Date()))();
    const at = new Date(now.getTime() + (deps.settings.policy.deferIntervalSec ?? DEFAULT_POLL_POLICY.deferIntervalSec) * 1000);
    deps.counters.inc('pollsInterrupted', { code: errorCode(err) });
    // Either may be what is down: each is tried alone, and the scheduler's lease covers the rest.
    await Promise.allSettled([deps.schedule.set(feedId, at), deps.store.updateFeed(feedId, { nextPollAt: at.toISOString() })]);
    throw err;
  }
}

function errorCode(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[A-Z0-9][A-Z0-9_]{0,63}$/.test(code) ? code : 'INTERNAL';
}

/**
 * Follows a chain of permanent redirects: the stored URL moves. When another feed has the new URL
 * already, this one is the same feed polled twice: it is retired (FEED_DUPLICATE, naming the other;
 * `feeds resume` brings it back) and false is returned.
 */
async function moveFeed(feed: FeedRecord, url: string, deps: PollDeps): Promise<boolean> {
  try {
    await deps.store.updateFeed(feed.id, { url });
    deps.log.info({ from: maskCredentials(feed.url), to: maskCredentials(url) }, 'feed moved permanently');
    return true;
  } catch (err) {
    // The URL is unique in the feeds table: look for the feed that has it.
    const other = (await deps.store.listFeeds()).find((f) => f.url === url && f.id !== feed.id);
    if (!other) throw err;
    await deps.store.updateFeed(feed.id, {
      status: 'retired',
      lastErrorCode: 'FEED_DUPLICATE',
      lastErrorMessage: `moved permanently to ${maskCredentials(url)}, which is feed ${other.id}: retired as its duplicate`,
    });
    deps.log.warn({ from: maskCredentials(feed.url), to: maskCredentials(url), other: other.id }, 'feed moved permanently onto another feed: retired as its duplicate');
    return false;
  }
}

/** The feed's rules, compiled; a stored rule that no longer compiles is logged and left out (its items pass). */
function feedRules(feed: FeedRecord, deps: PollDeps): FeedRules {
  const compile = (name: 'block' | 'keep', source: string | null) => {
    try {
      return compileFeedRule(name, source);
    } catch (err) {
      deps.log.warn({ err: { code: (err as IngestError).code, message: (err as Error).message } }, 'feed rule ignored');
      return null;
    }
  };
  return { block: compile('block', feed.blockRule), keep: compile('keep', feed.keepRule) };
}

async function recordFailure(feed: FeedRecord, err: unknown, now: Date, deps: PollDeps): Promise<PollReport> {
  const failure = deps.decideFailure(err);
  const status = (err as { details?: { status?: unknown } }).details?.status;
  const next = computeNextPoll(
    {
      now,
      outcome: { kind: 'failed', code: failure.code, retryable: failure.retryable, retryAfterMs: failure.retryAfterMs, status: typeof status === 'number' ? status : null },
      consecutiveErrors: feed.errorCount,
    },
    deps.settings.policy,
  );
  const error = { code: failure.code, message: failure.message.slice(0, 500) };
  if (next.reason === 'deferred') {
    // The feed was not contacted (its host is busy or asked everyone to wait): no error counted,
    // but the next poll is recorded, so /api/feeds and a restart see when it comes back.
    deps.counters.inc('fetchOutcomes', { outcome: 'deferred', code: failure.code });
    await deps.store.updateFeed(feed.id, { nextPollAt: next.nextPollAt.toISOString() });
    await deps.schedule.set(feed.id, next.nextPollAt);
    return { feedId: feed.id, outcome: 'deferred', newItems: 0, nextPollAt: next.nextPollAt.toISOString(), error };
  }
  deps.counters.inc('fetchOutcomes', { outcome: typeof status === 'number' ? statusClass(status) : 'error', code: failure.code });
  deps.log.warn({ url: maskCredentials(feed.url), code: failure.code, retryable: failure.retryable, errorCount: next.consecutiveErrors, nextPollAt: next.nextPollAt }, 'feed poll failed');
  await deps.store.updateFeed(feed.id, {
    status: next.retire ? 'retired' : 'failing',
    lastPolledAt: now.toISOString(),
    nextPollAt: next.retire ? null : next.nextPollAt.toISOString(),
    lastErrorCode: error.code,
    lastErrorMessage: error.message,
    errorCount: next.consecutiveErrors,
    pollIntervalSec: next.intervalSec,
  });
  if (next.retire) await deps.schedule.remove([feed.id]);
  else await deps.schedule.set(feed.id, next.nextPollAt);
  return { feedId: feed.id, outcome: next.retire ? 'retired' : 'failed', newItems: 0, nextPollAt: next.retire ? null : next.nextPollAt.toISOString(), error };
}
