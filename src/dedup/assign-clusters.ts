import type { ClusterInput } from './cluster-features.js';
import { extractClusterFeatures } from './cluster-features.js';
import type { ClusterIndex } from './cluster-index.js';
import { STORY_ID } from './decide-cluster.js';
import { DedupInputError } from './dedup-errors.js';

export type { ClusterInput };

/**
 * The event cluster of each story, in order: stories about one event (shared names, numbers and
 * content words in title and lead, published within the window) share a clusterId; a story that
 * matches none starts a cluster whose id is its storyId. Calling again with a storyId already
 * registered returns its clusterId and changes nothing.
 *
 * Throws DedupInputError (DEDUP_BAD_INPUT, details.index) before touching the index when an input
 * is malformed; DedupIndexError when the index fails (DEDUP_INDEX_UNAVAILABLE is retryable).
 */
export async function assignClusters(docs: readonly ClusterInput[], deps: { index: ClusterIndex }): Promise<string[]> {
  docs.forEach((doc, index) => {
    const problem = checkClusterInput(doc);
    if (problem) throw new DedupInputError('DEDUP_BAD_INPUT', `cluster input ${index}: ${problem}`, { index, storyId: (doc as Partial<ClusterInput> | null)?.storyId });
  });
  if (docs.length === 0) return [];
  const settings = deps.index.settings;
  return deps.index.decide(docs.map((doc) => extractClusterFeatures(doc, settings)));
}

/** Why an input cannot be clustered, or null when it can. */
export function checkClusterInput(doc: unknown): string | null {
  if (doc === null || typeof doc !== 'object') return 'not an object';
  const d = doc as Record<string, unknown>;
  if (typeof d.storyId !== 'string' || !STORY_ID.test(d.storyId)) return 'storyId must be 1-64 characters of [A-Za-z0-9_.:-]';
  if (typeof d.title !== 'string') return 'title must be a string';
  if (typeof d.text !== 'string') return 'text must be a string';
  if (d.publishedAt !== null && d.publishedAt !== undefined && typeof d.publishedAt !== 'string') return 'publishedAt must be a string or null';
  if (d.entities !== undefined && d.entities !== null) {
    if (typeof d.entities !== 'object') return 'entities must be an object';
    const e = d.entities as Record<string, unknown>;
    for (const k of ['places', 'people', 'organizations']) {
      if (e[k] !== undefined && !Array.isArray(e[k])) return `entities.${k} must be an array of strings`;
    }
  }
  return null;
}
