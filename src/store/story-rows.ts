import type { Story, StoryEntities, StorySource, StoryTopic } from '../model.js';
import { maskCredentials } from '../normalize/mask-credentials.js';
import type { SqlExecutor, SqlParam, SqlRow } from './sql-db.js';
import type { StoryWrite, StoryWriteResult } from './story-store.js';

/** Lower-cased, accent-free key for entity lookups ("Zürich" and "zurich" meet). */
export function entityKey(name: string): string {
  return name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().trim();
}

/** Lower-case words that join a surname to what comes before it ("von der Leyen", "da Silva", "bin Salman"). */
const SURNAME_PARTICLES = new Set(['de', 'da', 'das', 'do', 'dos', 'di', 'del', 'della', 'van', 'von', 'der', 'den', 'ter', 'bin', 'ibn', 'al', 'el', 'la', 'le', 'du', 'st']);
/** Words after a surname that are not the surname ("Martin Luther King Jr"). */
const NAME_SUFFIXES = new Set(['jr', 'jr.', 'sr', 'sr.', 'ii', 'iii', 'iv']);

/**
 * The surname keys of a person's name, for `s:` labels: a full name ("Vladimir Putin") is also
 * found by its last word ("putin"), by the last part of a hyphenated last word ("Bashar al-Assad"
 * → "al-assad", "assad") and with its particles ("Ursula von der Leyen" → "von der leyen",
 * "leyen"). One-word names have none (their `e:` label is the name). Keys shorter than 3 characters
 * are left out: two-letter surnames ("Kim Jong Un" → "un") would answer for UN, US, EU.
 * A pure function of the name, so the labels of a stored story can always be recomputed exactly.
 */
export function personSurnames(name: string): string[] {
  const words = entityKey(name).split(/\s+/).filter(Boolean);
  while (words.length > 2 && NAME_SUFFIXES.has(words[words.length - 1]!)) words.pop();
  if (words.length < 2) return [];
  const last = words[words.length - 1]!;
  const keys = new Set<string>([last]);
  const hyphen = last.lastIndexOf('-');
  if (hyphen > 0) keys.add(last.slice(hyphen + 1));
  let start = words.length - 1;
  while (start > 1 && SURNAME_PARTICLES.has(words[start - 1]!)) start -= 1;
  if (start < words.length - 1) keys.add(words.slice(start).join(' '));
  return [...keys].filter((k) => k.replace(/[^\p{L}\p{N}]/gu, '').length >= 3);
}

/**
 * The label rows of a story: its topics (`t:<id>`), its places, people and organisations by full
 * name (`e:<entityKey(name)>`, kind-agnostic) and its people by surname (`s:<surname key>`, see
 * personSurnames; a separate namespace, so the place "Jordan" and the surname of "Michael Jordan"
 * stay distinct labels even though the entity filter asks for both), and its language (`l:<code>`).
 */
export function storyLabels(topics: StoryTopic[], entities: StoryEntities, language: string | null = null): string[] {
  const labels = new Set<string>();
  for (const t of topics) labels.add(`t:${t.id}`);
  if (language) labels.add(`l:${language}`);
  for (const list of [entities.places, entities.people, entities.organizations]) {
    for (const e of list ?? []) {
      const key = entityKey(e.name);
      if (key) labels.add(`e:${key}`);
    }
  }
  for (const p of entities.people ?? []) for (const surname of personSurnames(p.name)) labels.add(`s:${surname}`);
  for (const key of placeCountryKeys(entities.places)) labels.add(`e:${key}`);
  return [...labels];
}

/** The countries of a story's cities and regions ("Moscow" → russia): the entity filter on a country finds them. */
export function placeCountryKeys(places: ReadonlyArray<{ country?: unknown }> | undefined): string[] {
  const keys: string[] = [];
  for (const p of places ?? []) {
    if (typeof p?.country !== 'string') continue;
    const key = entityKey(p.country);
    if (key && !keys.includes(key)) keys.push(key);
  }
  return keys;
}

/**
 * When a story sorts: its publication time, never later than when we first stored it (a date in
 * the future sorts at its first store). A later version of the canonical copy with another date
 * moves it (writeStory).
 */
function sortTime(publishedAt: string | null, ingestedAt: string): string {
  return publishedAt && publishedAt < ingestedAt ? publishedAt : ingestedAt;
}

/**
 * Writes one copy: creates the story or merges into it (the canonical copy sets title, URL and
 * cluster; the text, with its topics and entities, is replaced by a longer copy or by a new version
 * of the copy it came from; a promoted copy becomes the canonical one), then records the source. Every statement is an upsert on a unique key
 * or a guarded update, so writing the same copy again changes nothing.
 */
export async function writeStory(db: SqlExecutor, w: StoryWrite): Promise<StoryWriteResult> {
  const s = w.story;
  const src = w.source;
  const text = s.text;
  const topicsJson = JSON.stringify(s.topics);
  const entitiesJson = JSON.stringify(s.entities);
  const language = s.language ?? null;
  // A copy stored already under another story: the dedup index in Redis forgot it (Redis lost its
  // data) and took it for a new story. Nothing is written, so no story without sources appears.
  const [stored] = await db.all('SELECT story_id FROM story_sources WHERE item_key = ?', [src.itemKey]);
  if (stored && String(stored.story_id) !== w.storyId) return { itemKey: src.itemKey, storyId: String(stored.story_id), created: false, sourceAdded: false, textReplaced: false };
  const sortAt = sortTime(s.publishedAt, w.ingestedAt);
  const created =
    (await db.run(
      `INSERT INTO stories (id, cluster_id, title, url, canonical_url, summary, text, text_len, text_key, published_at, sort_at, ingested_at, updated_at, topics, entities, standfirst, language)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
      [w.storyId, w.clusterId, s.title, s.url, s.canonicalUrl, s.summary, text, text.length, src.itemKey, s.publishedAt, sortAt, w.ingestedAt, w.ingestedAt, topicsJson, entitiesJson, s.standfirst ?? '', language],
    )) > 0;
  let textReplaced = false;
  if (!created) {
    if (w.canonical) {
      // A copy that comes back without its date keeps the date known (it would otherwise lose it and jump to the top).
      await db.run(`UPDATE stories SET title = ?, url = ?, canonical_url = ?, cluster_id = ?, published_at = COALESCE(?, published_at) WHERE id = ?`, [
        s.title, s.url, s.canonicalUrl, w.clusterId, s.publishedAt, w.storyId,
      ]);
    } else if (w.promote) {
      await db.run(`UPDATE stories SET title = ?, url = ?, canonical_url = ?, published_at = COALESCE(?, published_at) WHERE id = ?`, [s.title, s.url, s.canonicalUrl, s.publishedAt, w.storyId]);
    }
    // The labels in place are those of the text in place: read them (and lock the row on
    // PostgreSQL) before the text may change, so the old label rows can be removed exactly.
    const lock = db.dialect === 'postgres' ? ' FOR UPDATE' : '';
    const [before] = await db.all(`SELECT topics, entities, language, sort_at, ingested_at, text, text_len, text_key FROM stories WHERE id = ?${lock}`, [w.storyId]);
    // A new date from the canonical copy moves the story in time (never past when it was first
    // stored), with its label rows, so order and since/until follow the publishedAt shown.
    const movedTo = before && (w.canonical || w.promote) && s.publishedAt ? sortTime(s.publishedAt, String(before.ingested_at)) : null;
    if (before && movedTo !== null && movedTo !== String(before.sort_at)) {
      await db.run(`UPDATE stories SET sort_at = ? WHERE id = ?`, [movedTo, w.storyId]);
      await db.run(`UPDATE story_labels SET sort_at = ? WHERE story_id = ? AND sort_at = ?`, [movedTo, w.storyId, String(before.sort_at)]);
      before.sort_at = movedTo;
    }
    if (before && String(before.text) !== text && (Number(before.text_len) < text.length || String(before.text_key) === src.itemKey)) {
      await db.run(`UPDATE stories SET summary = ?, text = ?, text_len = ?, text_key = ?, topics = ?, entities = ?, standfirst = ?, language = ?, updated_at = ? WHERE id = ?`, [
        s.summary, text, text.length, src.itemKey, topicsJson, entitiesJson, s.standfirst ?? '', language, w.ingestedAt, w.storyId,
      ]);
      await deleteLabels(db, w.storyId, before);
      await insertLabels(db, w.storyId, String(before.sort_at), s.topics, s.entities, language);
      textReplaced = true;
    }
  }
  // The same article again under a new guid (a feed that changes guids, or tracking parameters of a
  // guid-less link, on every poll): the feed's source row for that canonical URL is the copy; it
  // shows what the item says now and no second source is added.
  const [sameArticle] =
    !created && src.canonicalUrl !== null
      ? await db.all(`SELECT item_key FROM story_sources WHERE story_id = ? AND feed_url = ? AND canonical_url = ? AND item_key <> ? LIMIT 1`, [w.storyId, src.feedUrl, src.canonicalUrl, src.itemKey])
      : [];
  const sourceAdded =
    !sameArticle &&
    (await db.run(
      `INSERT INTO story_sources (item_key, story_id, feed_id, feed_url, guid, url, canonical_url, title, published_at, is_canonical, match, similarity, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (item_key) DO NOTHING`,
      [src.itemKey, w.storyId, src.feedId, src.feedUrl, src.guid, src.url, src.canonicalUrl, src.title, src.publishedAt, w.canonical ? 1 : 0, src.match, src.similarity, w.ingestedAt],
    )) > 0;
  if (!sourceAdded) {
    // A new version of a copy already recorded (its item changed in its feed): the source shows
    // what the item says now, as the story does.
    await db.run(`UPDATE story_sources SET title = ?, url = ?, canonical_url = ?, published_at = COALESCE(?, published_at) WHERE item_key = ? AND story_id = ?`, [
      src.title, src.url, src.canonicalUrl, src.publishedAt, sameArticle ? String(sameArticle.item_key) : src.itemKey, w.storyId,
    ]);
  }
  if (w.promote && !created && sourceAdded) {
    await db.run(`UPDATE story_sources SET is_canonical = CASE WHEN item_key = ? THEN 1 ELSE 0 END WHERE story_id = ?`, [src.itemKey, w.storyId]);
  }
  if (created) await insertLabels(db, w.storyId, sortAt, s.topics, s.entities, language);
  return { itemKey: src.itemKey, storyId: w.storyId, created, sourceAdded, textReplaced };
}

/** The label rows that let topic and entity filters scan in sort order (one INSERT). */
/**
 * Deletes a story (a row with id, sort_at, topics, entities and language): its label rows by their
 * keys (the labels of its topics, entities and language, as written), its sources (ON DELETE CASCADE) and the row.
 */
export async function deleteStory(db: SqlExecutor, row: SqlRow): Promise<void> {
  const id = String(row.id);
  await deleteLabels(db, id, row);
  await db.run('DELETE FROM story_sources WHERE story_id = ?', [id]);
  await db.run('DELETE FROM stories WHERE id = ?', [id]);
}

/** Deletes the label rows of a story's topics, entities and language as stored in `row` (its topics, entities, language and sort_at columns), by their keys. */
async function deleteLabels(db: SqlExecutor, storyId: string, row: SqlRow): Promise<void> {
  const labels = storyLabels(JSON.parse(String(row.topics)) as StoryTopic[], JSON.parse(String(row.entities)) as StoryEntities, row.language == null ? null : String(row.language));
  if (labels.length) await db.run(`DELETE FROM story_labels WHERE story_id = ? AND sort_at = ? AND label IN (${labels.map(() => '?').join(', ')})`, [storyId, String(row.sort_at), ...labels]);
}

async function insertLabels(db: SqlExecutor, storyId: string, sortAt: string, topics: StoryTopic[], entities: StoryEntities, language: string | null): Promise<void> {
  const labels = storyLabels(topics, entities, language);
  if (labels.length === 0) return;
  const params: SqlParam[] = [];
  for (const label of labels) params.push(label, sortAt, storyId);
  await db.run(`INSERT INTO story_labels (label, sort_at, story_id) VALUES ${rows(labels.length, 3)} ON CONFLICT DO NOTHING`, params);
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
      // Credentials of an authenticated feed stay in the store: sources are shown to every reader.
      feedUrl: maskCredentials(String(r.feed_url)),
      url: r.url === null ? null : String(r.url),
      title: String(r.title),
      publishedAt: r.published_at === null ? null : String(r.published_at),
    });
  }
  return byStory;
}

export function toStory(row: SqlRow, sources: StorySource[], extras: { text?: boolean; language?: boolean } = {}): Story {
  const story: Story = {
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
  if (extras.text) story.text = String(row.text);
  if (extras.language) story.language = row.language == null ? null : String(row.language);
  return story;
}

