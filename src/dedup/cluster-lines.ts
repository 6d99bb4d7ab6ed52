import { assignClusters } from './assign-clusters.js';
import { assignStories } from './assign-stories.js';
import { cleanStoryText } from './clean-text.js';
import type { ClusterIndex } from './cluster-index.js';
import { DedupInputError } from './dedup-errors.js';
import type { DedupIndex } from './dedup-index.js';
import { canonicalUrl } from '../normalize/canonical-url.js';

/** One input line of `newsfeed cluster --jsonl` (DESIGN.md): `text` is plain text. */
export interface ClusterLine {
  id: string;
  title: string;
  text: string;
  url?: string | null;
  publishedAt?: string | null;
}

/** One output line: `duplicateOf` is the id of the earlier copy, `clusterId` the id of the event's first line. */
export interface ClusterLineResult {
  id: string;
  clusterId: string;
  duplicateOf: string | null;
}

/**
 * The `cluster --jsonl` contract on top of cleanStoryText, canonicalUrl, assignStories and
 * assignClusters: lines in arrival order in, one result per line out. Ids are reported as line
 * ids; a story or cluster started before this call (a persistent index) is reported by its
 * storyId. Throws DedupInputError (DEDUP_BAD_INPUT, details.index) for a malformed line.
 */
export async function clusterLines(lines: readonly ClusterLine[], deps: { dedup: DedupIndex; clusters: ClusterIndex }): Promise<ClusterLineResult[]> {
  lines.forEach((line, index) => {
    const problem = checkLine(line);
    if (problem) throw new DedupInputError('DEDUP_BAD_INPUT', `line ${index + 1}: ${problem}`, { index });
  });
  const cleaned = lines.map((line) => cleanStoryText({ title: escapeText(line.title), contentHtml: escapeText(line.text) }));
  const decisions = await assignStories(
    lines.map((line, k) => ({
      itemKey: line.id,
      guid: '',
      canonicalUrl: typeof line.url === 'string' ? canonicalUrl(line.url) : null,
      title: cleaned[k]?.title ?? '',
      text: cleaned[k]?.text ?? '',
      publishedAt: line.publishedAt ?? null,
    })),
    { index: deps.dedup },
  );
  const clusters = await assignClusters(
    lines.map((line, k) => ({ storyId: decisions[k]?.storyId ?? '', title: cleaned[k]?.title ?? '', text: cleaned[k]?.text ?? '', publishedAt: line.publishedAt ?? null })),
    { index: deps.clusters },
  );
  const firstLineOfStory = new Map<string, string>();
  return lines.map((line, k) => {
    const decision = decisions[k] as { storyId: string; duplicateOf: string | null };
    if (decision.duplicateOf === null) firstLineOfStory.set(decision.storyId, line.id);
    const cluster = clusters[k] as string;
    return {
      id: line.id,
      clusterId: firstLineOfStory.get(cluster) ?? cluster,
      duplicateOf: decision.duplicateOf === null ? null : (firstLineOfStory.get(decision.duplicateOf) ?? decision.duplicateOf),
    };
  });
}

function checkLine(line: unknown): string | null {
  if (line === null || typeof line !== 'object') return 'not an object';
  const l = line as Record<string, unknown>;
  if (typeof l.id !== 'string' || l.id === '') return 'id must be a non-empty string';
  if (typeof l.title !== 'string') return 'title must be a string';
  if (typeof l.text !== 'string') return 'text must be a string';
  if (l.url !== undefined && l.url !== null && typeof l.url !== 'string') return 'url must be a string or null';
  if (l.publishedAt !== undefined && l.publishedAt !== null && typeof l.publishedAt !== 'string') return 'publishedAt must be a string or null';
  return null;
}

/** Plain text to the (sanitised) HTML cleanStoryText reads: `&` and `<` escaped, line breaks kept. */
function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
