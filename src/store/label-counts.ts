import type { SqlExecutor } from './sql-db.js';

/** Stories and events carrying one label (a topic `t:<id>` or an entity `e:<key>`) within a window. */
export interface LabelCount {
  label: string;
  stories: number;
  /** Distinct clusters (events) among those stories. */
  clusters: number;
  /** One story of the window carrying the label (the latest id): where its display name is read. */
  sampleStoryId: string;
}

/**
 * Every label of one namespace (`t` topics, `e` entities) carried by stories sorted within
 * [since, until), with how many stories and clusters carry it, most stories first. One grouped
 * scan of the window's label rows (index story_labels_by_time).
 */
export async function countLabels(db: SqlExecutor, query: { since: string; until: string; namespace: 't' | 'e' }): Promise<LabelCount[]> {
  const rows = await db.all(
    `SELECT l.label, COUNT(*) AS stories, COUNT(DISTINCT s.cluster_id) AS clusters, MAX(l.story_id) AS sample
     FROM story_labels l JOIN stories s ON s.id = l.story_id
     WHERE l.sort_at >= ? AND l.sort_at < ? AND l.label >= ? AND l.label < ?
     GROUP BY l.label ORDER BY stories DESC, clusters DESC, l.label`,
    [query.since, query.until, `${query.namespace}:`, `${query.namespace};`],
  );
  return rows.map((r) => ({ label: String(r.label), stories: Number(r.stories), clusters: Number(r.clusters), sampleStoryId: String(r.sample) }));
}
