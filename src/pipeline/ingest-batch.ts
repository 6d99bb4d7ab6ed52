import type { Logger } from 'pino';
import { cleanStoryText, storyText, type CleanedStory } from '../dedup/clean-text.js';
import type { DedupDecision, DedupInput } from '../dedup/assign-stories.js';
import { htmlToLine } from '../dedup/html-paragraphs.js';
import { IngestError, toIngestError } from '../errors.js';
import type { Counters } from '../metrics/counters.js';
import type { StoryEntities, StoryTopic } from '../model.js';
import type { IngestJobData } from '../queue/queues.js';
import type { StoryStore, StoryWrite } from '../store/story-store.js';
import type { IngestItem } from './ingest-item.js';

/** What the classifier gives a story (src/classify). */
export interface StoryLabels {
  topics: StoryTopic[];
  entities: StoryEntities;
  /** ISO 639-1, or null when unknown (absent: the classifier does not tell). */
  language?: string | null;
}

/** A story as event clustering sees it. */
export interface ClusterDoc {
  storyId: string;
  title: string;
  text: string;
  publishedAt: string | null;
  entities: { places: string[]; people: string[]; organizations: string[] };
}

export interface IngestDeps {
  store: Pick<StoryStore, 'writeStories' | 'storyTexts'>;
  /** Exact and near-duplicate decisions for a batch (one Redis round trip). */
  dedup: (docs: DedupInput[]) => Promise<DedupDecision[]>;
  /** Event cluster id per story, idempotent per storyId (one Redis round trip). */
  cluster: (docs: ClusterDoc[]) => Promise<string[]>;
  classify: (input: { title: string; text: string; declaredLanguage?: string | null }) => StoryLabels;
  /**
   * Announces the batch's new stories (the API's live stream, webhooks) and the stories that changed:
   * a fuller copy replaced their text, topics and entities, or a copy from another feed joined them
   * (webhooks: they may match a topic, entity, words or feed filter now).
   */
  publish: (created: string[], changed: string[]) => Promise<void>;
  counters: Counters;
  log: Logger;
  now?: () => Date;
}

export interface ItemOutcome {
  itemKey: string;
  status: 'created' | 'merged' | 'unchanged' | 'failed';
  storyId?: string;
  match?: string;
  error?: { code: string; message: string };
}

const SUMMARY_CHARS = 600;

export class ItemError extends IngestError {
  constructor(code: 'ITEM_INVALID' | 'ITEM_EMPTY', message: string) {
    super(code, message);
  }
}

function summarize(item: IngestItem, cleaned: CleanedStory): string {
  const fromFeed = htmlToLine(item.summary);
  const text = fromFeed || cleaned.paragraphs.slice(0, 2).join(' ');
  if (text.length <= SUMMARY_CHARS) return text;
  const cut = text.slice(0, SUMMARY_CHARS);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), SUMMARY_CHARS - 80))}…`;
}

/**
 * A story takes the standfirst one of its copies gave and the fullest body any gave. A copy that
 * joins a story (a syndicated or updated copy) is composed with the story as stored when one of
 * the two has a standfirst the other lacks: that standfirst, then the longer body; and it is
 * classified again as composed. Its write then carries the composed text, which replaces the
 * story's when it is the longer. At most two store reads per batch, of those stories only.
 */
async function composeWithStories(copies: Array<{ item: IngestItem; cleaned: CleanedStory; decision: DedupDecision; labels: StoryLabels }>, deps: IngestDeps): Promise<void> {
  const joining = copies.filter((c) => c.decision.match !== 'new' && c.cleaned.text !== '');
  if (joining.length === 0) return;
  // Only the stories whose standfirst is missing from one side are read: a copy with a standfirst
  // needs the stories without one, a copy without needs those with one (most batches read none).
  const ids = (own: boolean) => [...new Set(joining.filter((c) => (c.cleaned.standfirst.length > 0) === own).map((c) => c.decision.storyId))];
  const [lacking, having] = await Promise.all([deps.store.storyTexts(ids(true), false), deps.store.storyTexts(ids(false), true)]);
  for (const c of joining) {
    const own = c.cleaned.standfirst.length > 0;
    const story = (own ? lacking : having).get(c.decision.storyId);
    if (!story) continue;
    const prefix = `${story.standfirst}\n\n`;
    const storyBody = story.standfirst && story.text.startsWith(prefix) ? story.text.slice(prefix.length) : story.text;
    const composed: CleanedStory = {
      ...c.cleaned,
      standfirst: own ? c.cleaned.standfirst : [story.standfirst],
      text: storyBody.length > c.cleaned.text.length ? storyBody : c.cleaned.text,
    };
    try {
      c.labels = deps.classify({ title: composed.title, text: storyText(composed), declaredLanguage: c.item.language });
      c.cleaned = composed;
    } catch {
      // Kept as it was classified alone.
    }
  }
}

function prepare(item: IngestItem): CleanedStory {
  if (!item || typeof item.key !== 'string' || typeof item.title !== 'string' || typeof item.guid !== 'string') {
    throw new ItemError('ITEM_INVALID', 'item lacks a key, guid or title');
  }
  const cleaned = cleanStoryText({ title: item.title, summaryHtml: item.summary ?? '', contentHtml: item.contentHtml ?? '' });
  if (!cleaned.title && !cleaned.text) throw new ItemError('ITEM_EMPTY', 'item has neither title nor text');
  return cleaned;
}

/**
 * Ingests one batch of new items (of one feed, or of several when each item names its own): clean →
 * exact/near dedup → classify → cluster → one store transaction. Each item succeeds or fails alone,
 * with its coded reason; only infrastructure failures (Redis, the store as a whole) throw, and the
 * job is retried (every step is idempotent, so a retry changes nothing that was already done).
 */
export async function ingestBatch(data: IngestJobData<IngestItem>, deps: IngestDeps): Promise<ItemOutcome[]> {
  const ingestedAt = (deps.now ?? (() => new Date()))().toISOString();
  const outcomes: ItemOutcome[] = data.items.map((item) => ({ itemKey: String(item?.key ?? ''), status: 'failed' }));
  const fail = (i: number, err: unknown) => {
    const e = toIngestError(err, 'ITEM_FAILED');
    // Counted by the caller, which knows whether the item is tried again (workers/ingest.worker.ts).
    outcomes[i] = { itemKey: outcomes[i]!.itemKey, status: 'failed', error: { code: e.code, message: e.message } };
  };

  const ready: Array<{ i: number; item: IngestItem; cleaned: CleanedStory; feedId: number; feedUrl: string }> = [];
  data.items.forEach((item, i) => {
    try {
      const feedId = item?.feedId ?? data.feedId;
      const feedUrl = item?.feedUrl ?? data.feedUrl;
      if (typeof feedId !== 'number' || typeof feedUrl !== 'string') throw new ItemError('ITEM_INVALID', 'item has no feed (neither it nor its job names one)');
      ready.push({ i, item, cleaned: prepare(item), feedId, feedUrl });
    } catch (err) {
      fail(i, err);
    }
  });
  if (ready.length === 0) return outcomes;

  // The dedup decisions travel to Redis and back while the batch is classified here.
  const deciding = deps.dedup(
    ready.map(({ item, cleaned }) => ({ itemKey: item.key, guid: item.guid, canonicalUrl: item.canonicalUrl, title: cleaned.title, text: cleaned.text, publishedAt: item.publishedAt })),
  );
  const classified: Array<{ r: (typeof ready)[number]; k: number; labels: StoryLabels }> = [];
  ready.forEach((r, k) => {
    try {
      classified.push({ r, k, labels: deps.classify({ title: r.cleaned.title, text: storyText(r.cleaned), declaredLanguage: r.item.language }) });
    } catch (err) {
      fail(r.i, err);
    }
  });
  const decisions = await deciding;
  const labelled: Array<(typeof ready)[number] & { decision: DedupDecision; labels: StoryLabels }> = classified.map(({ r, k, labels }) => ({ ...r, decision: decisions[k]!, labels }));
  if (labelled.length === 0) return outcomes;
  await composeWithStories(labelled, deps);

  // Only new stories join (or start) an event; a copy keeps its story's cluster, which the store
  // already has (or gets from the canonical copy's write when the copy lands first).
  const names = (list: Array<{ name: string }>) => list.map((e) => e.name);
  const fresh = labelled.filter((r) => r.decision.match === 'new');
  const freshClusters = await deps.cluster(
    fresh.map((r) => ({
      storyId: r.decision.storyId,
      title: r.cleaned.title,
      text: r.cleaned.text,
      publishedAt: r.item.publishedAt,
      entities: { places: names(r.labels.entities.places), people: names(r.labels.entities.people), organizations: names(r.labels.entities.organizations) },
    })),
  );
  const clusterOf = new Map(fresh.map((r, k) => [r.decision.storyId, freshClusters[k]!]));

  const writes: StoryWrite[] = labelled.map((r) => ({
    storyId: r.decision.storyId,
    clusterId: clusterOf.get(r.decision.storyId) ?? r.decision.storyId,
    canonical: r.decision.match === 'new',
    // The first text of a story a headline-only item started, or the article a teaser or excerpt
    // was cut from (it contains the story's text and is fuller): its headline, link and time are
    // the story's, as an aggregator leads with the original.
    promote: (r.decision.match === 'title' || r.decision.match === 'contained') && r.decision.fuller,
    ingestedAt,
    story: {
      title: r.cleaned.title || r.cleaned.text.slice(0, 120),
      url: r.item.url,
      canonicalUrl: r.item.canonicalUrl,
      summary: summarize(r.item, r.cleaned),
      text: storyText(r.cleaned),
      standfirst: r.cleaned.standfirst.join('\n\n'),
      publishedAt: r.item.publishedAt,
      topics: r.labels.topics,
      entities: r.labels.entities,
      language: r.labels.language ?? null,
    },
    source: {
      itemKey: r.item.key,
      feedId: r.feedId,
      feedUrl: r.feedUrl,
      guid: r.item.guid,
      url: r.item.url,
      canonicalUrl: r.item.canonicalUrl,
      title: r.cleaned.title,
      publishedAt: r.item.publishedAt,
      match: r.decision.match,
      similarity: r.decision.similarity,
    },
  }));
  const results = await deps.store.writeStories(writes);

  const created: string[] = [];
  const changed: string[] = [];
  results.forEach((res, k) => {
    const r = labelled[k]!;
    if (res.error) return fail(r.i, new IngestError(res.error.code, res.error.message));
    const status = res.created && r.decision.match === 'new' ? 'created' : res.sourceAdded ? 'merged' : 'unchanged';
    outcomes[r.i] = { itemKey: r.item.key, status, storyId: res.storyId, match: r.decision.match };
    if (res.created) {
      created.push(res.storyId);
      deps.counters.inc('storiesStored');
    } else if ((res.textReplaced || res.sourceAdded) && !changed.includes(res.storyId)) {
      changed.push(res.storyId);
    }
    if (r.decision.match !== 'new' && res.sourceAdded) deps.counters.inc('duplicatesDropped', { match: r.decision.match });
  });
  // Announced before the job completes, so a completed job has queued its webhook dispatch; a
  // failure to announce is logged and fails nothing (the stories are stored).
  if (created.length || changed.length) await deps.publish(created, changed.filter((id) => !created.includes(id))).catch((err: unknown) => deps.log.warn({ err }, 'story events not published'));
  return outcomes;
}
