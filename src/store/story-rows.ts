import type { Story, StoryEntities, StorySource, StoryTopic } from '../model.js';
import type { SqlExecutor, SqlParam, SqlRow } from './sql-db.js';
import type { StoryWrite, StoryWriteResult } from './story-store.js';

/** Lower-cased, accent-free key for entity lookups ("Zürich" and "zurich" meet). */
export function entityKey(name: string): string {
  return name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().trim();
}

/** When a story sorts: its publication time, never later than when we first stored it. */
function sortTime(publishedAt: string | null, ingestedAt: string): string {
  return publishedAt && publishedAt < ingestedAt ? publishedAt : ingestedAt;
}

/**
 * Writes one copy: creates the story or merges into it (the canonical copy sets title, URL and
 * cluster; the text, with its topics and entities, is replaced by a longer copy or by a new version
 * of the copy it came from), then records the source. Every statement is an upsert on a unique key
 * or a guarded update, so writing the same copy again changes nothing.
 */
export async function writeStory(db: SqlExecutor, w: StoryWrite): Promise<StoryWriteResult> {
  const s = w.story;
  const src = w.source;
  const text = s.text;
  const topicsJson = JSON.stringify(s.topics);
  const entitiesJson = JSON.stringify(s.entities);
  const sortAt = sortTime(s.publishedAt, w.ingestedAt);
  const created =
    (await db.run(
      `INSERT INTO stories (id, cluster_id, title, url, canonical_url, summary, text, text_len, text_key, published_at, sort_at, ingested_at, updated_at, topics, entities)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
      [w.storyId, w.clusterId, s.title, s.url, s.canonicalUrl, s.summary, text, text.length, src.itemKey, s.publishedAt, sortAt, w.ingestedAt, w.ingestedAt, topicsJson, entitiesJson],
    )) > 0;
  let textReplaced = false;
  if (!created) {
    if (w.canonical) {
      await db.run(`UPDATE stories SET title = ?, url = ?, canonical_url = ?, cluster_id = ?, published_at = ? WHERE id = ?`, [
        s.title, s.url, s.canonicalUrl, w.clusterId, s.publishedAt, w.storyId,
      ]);
    }
    textReplaced =
      (await db.run(
        `UPDATE stories SET summary = ?, text = ?, text_len = ?, text_key = ?, topics = ?, entities = ?, updated_at = ?
         WHERE id = ? AND text <> ? AND (text_len < ? OR text_key = ?)`,
        [s.summary, text, text.length, src.itemKey, topicsJson, entitiesJson, w.ingestedAt, w.storyId, text, text.length, src.itemKey],
      )) > 0;
  }
  const sourceAdded =
    (await db.run(
      `INSERT INTO story_sources (item_key, story_id, feed_id, feed_url, guid, url, canonical_url, title, published_at, is_canonical, match, similarity, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (item_key) DO NOTHING`,
      [src.itemKey, w.storyId, src.feedId, src.feedUrl, src.guid, src.url, src.canonicalUrl, src.title, src.publishedAt, w.canonical ? 1 : 0, src.match, src.similarity, w.ingestedAt],
    )) > 0;
  if (created || textReplaced) await replaceLabels(db, w.storyId, s.topics, s.entities, created);
  return { itemKey: src.itemKey, storyId: w.storyId, created, sourceAdded, textReplaced };
}

/** Topic and entity rows for filtering: replaced with the text they were read from (one INSERT each). */
async function replaceLabels(db: SqlExecutor, storyId: string, topics: StoryTopic[], entities: StoryEntities, fresh: boolean): Promise<void> {
  if (!fresh) {
    await db.run('DELETE FROM story_topics WHERE story_id = ?', [storyId]);
    await db.run('DELETE FROM story_entities WHERE story_id = ?', [storyId]);
  }
  const topicRows = new Map(topics.map((t) => [t.id, t.score]));
  if (topicRows.size) {
    const params: SqlParam[] = [];
    for (const [id, score] of topicRows) params.push(storyId, id, score);
    await db.run(`INSERT INTO story_topics (story_id, topic_id, score) VALUES ${rows(topicRows.size, 3)} ON CONFLICT DO NOTHING`, params);
  }
  const entityRows = new Map<string, [string, string]>();
  for (const [kind, list] of Object.entries(entities) as Array<[string, Array<{ name: string }>]>) {
    for (const e of list ?? []) {
      const key = entityKey(e.name);
      if (key) entityRows.set(`${kind}\u0000${key}`, [kind, e.name]);
    }
  }
  if (entityRows.size) {
    const params: SqlParam[] = [];
    for (const [k, [kind, name]] of entityRows) params.push(storyId, kind, name, k.slice(kind.length + 1));
    await db.run(`INSERT INTO story_entities (story_id, kind, name, name_key) VALUES ${rows(entityRows.size, 4)} ON CONFLICT DO NOTHING`, params);
  }
}

/** `(?, ?), (?, ?)` for a multi-row VALUES list. */
function rows(count: number, width: number): string {
  const one = `(${new Array(width).fill('?').join(', ')})`;
  return new Array(count).fill(one).join(', ');
}

/** Loads the sources of many stories in one query, canonical first, then in arrival order. */
export async function selectSources(db: SqlExecutor, storyIds: string[]): Promise<Map<string, StorySource[]>> {
  const byStory = new Map<string, StorySource[]>(storyIds.map((id) => [id, []]));
  if (storyIds.length === 0) return byStory;
  const rows = await db.all(
    `SELECT story_id, feed_url, url, title, published_at FROM story_sources WHERE story_id IN (${storyIds.map(() => '?').join(', ')})
     ORDER BY is_canonical DESC, seq ASC`,
    storyIds,
  );
  for (const r of rows) {
    byStory.get(String(r.story_id))?.push({
      feedUrl: String(r.feed_url),
      url: r.url === null ? null : String(r.url),
      title: String(r.title),
      publishedAt: r.published_at === null ? null : String(r.published_at),
    });
  }
  return byStory;
}

export function toStory(row: SqlRow, sources: StorySource[]): Story {
  return {
    id: String(row.id),
    clusterId: String(row.cluster_id),
    title: String(row.title),
    url: row.url === null ? null : String(row.url),
    summary: String(row.summary),
    publishedAt: row.published_at === null ? null : String(row.published_at),
    ingestedAt: String(row.ingested_at),
    topics: JSON.parse(String(row.topics)) as StoryTopic[],
    entities: JSON.parse(String(row.entities)) as StoryEntities,
    sources,
  };
}

