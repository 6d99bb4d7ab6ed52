import { DedupInputError } from './dedup-errors.js';
import type { DedupIndex } from './dedup-index.js';
import type { DedupMatch } from './decide-story.js';
import { fingerprintStory } from './fingerprint-story.js';

export interface DedupInput {
  /** Unique per feed item, e.g. `${feedId}:${guid}`; the new story's id derives from it. */
  itemKey: string;
  guid: string;
  /** From canonicalUrl(), or null. */
  canonicalUrl: string | null;
  title: string;
  /** Cleaned text (cleanStoryText().text: paragraphs joined by a blank line). */
  text: string;
  publishedAt: string | null;
}

export interface DedupDecision {
  storyId: string;
  /** The existing story this item was merged into (equal to storyId), or null for a new story. */
  duplicateOf: string | null;
  match: DedupMatch;
  /** Jaccard ('near'), containment of the shorter text ('contained'), 1 ('text'), else null. */
  similarity: number | null;
  /** This copy has more words than the story's stored text by the fuller ratio (never for 'new'). */
  fuller: boolean;
}

export type { DedupMatch };

/**
 * One decision per input, in order: a new story (storyId derived from the itemKey) or a copy of an
 * existing one (same guid, canonical URL, normalised text, near-identical or contained text).
 * Items of one batch resolve against each other. Calling again with a registered itemKey returns
 * the same decision and changes nothing.
 *
 * Throws DedupInputError (DEDUP_BAD_INPUT, details.index) before touching the index when an input
 * is malformed; DedupIndexError when the index fails (DEDUP_INDEX_UNAVAILABLE is retryable).
 */
export async function assignStories(docs: readonly DedupInput[], deps: { index: DedupIndex }): Promise<DedupDecision[]> {
  docs.forEach((doc, index) => {
    const problem = checkDedupInput(doc);
    if (problem) throw new DedupInputError('DEDUP_BAD_INPUT', `dedup input ${index}: ${problem}`, { index, itemKey: (doc as Partial<DedupInput> | null)?.itemKey });
  });
  if (docs.length === 0) return [];
  const settings = deps.index.settings;
  const fingerprints = docs.map((doc) => fingerprintStory(doc, settings));
  const raw = await deps.index.decide(fingerprints);
  return raw.map((d) => ({
    storyId: d.storyId,
    duplicateOf: d.match === 'new' ? null : d.storyId,
    match: d.match,
    similarity: d.simDen > 0 ? Math.round((d.simNum / d.simDen) * 1000) / 1000 : null,
    fuller: d.fuller,
  }));
}

/** Why an input cannot be deduplicated, or null when it can. */
export function checkDedupInput(doc: unknown): string | null {
  if (doc === null || typeof doc !== 'object') return 'not an object';
  const d = doc as Record<string, unknown>;
  if (typeof d.itemKey !== 'string' || d.itemKey === '') return 'itemKey must be a non-empty string';
  if (typeof d.guid !== 'string') return 'guid must be a string';
  if (d.canonicalUrl !== null && typeof d.canonicalUrl !== 'string') return 'canonicalUrl must be a string or null';
  if (typeof d.title !== 'string') return 'title must be a string';
  if (typeof d.text !== 'string') return 'text must be a string';
  if (d.publishedAt !== null && d.publishedAt !== undefined && typeof d.publishedAt !== 'string') return 'publishedAt must be a string or null';
  return null;
}
