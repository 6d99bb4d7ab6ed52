import type { FeedRecord, Story } from '../model.js';
import { toIngestError } from '../errors.js';
import { insertFeed, patchFeed, selectFeed, toFeedRecord } from './feed-rows.js';
import { countLabels } from './label-counts.js';
import { migrate } from './migrations.js';
import type { SqlDb } from './sql-db.js';
import { buildStoryQuery, encodeCursor, selectTopClusters } from './story-query.js';
import { deleteStory, selectSources, toStory, writeStory } from './story-rows.js';
import { claimWebhookStories, insertWebhook, recordWebhookOutcome, selectWebhook, toWebhookRecord } from './webhook-rows.js';
import type { StoryStore, StoryWrite, StoryWriteResult } from './story-store.js';

/** The StoryStore over either SQL dialect; `now` is injectable for tests. */
export async function createSqlStoryStore(db: SqlDb, deps: { now?: () => Date } = {}): Promise<StoryStore> {
  const now = () => (deps.now ? deps.now() : new Date()).toISOString();
  await migrate(db);

  const hydrate = async (rows: Array<Record<string, unknown>>, extras: { text?: boolean; language?: boolean } = {}): Promise<Story[]> => {
    const sources = await selectSources(db, rows.map((r) => String(r.id)));
    return rows.map((r) => toStory(r, sources.get(String(r.id)) ?? [], extras));
  };

  return {
    kind: db.dialect,
    close: () => db.close(),

    async addFeed(feed) {
      const created = await insertFeed(db, feed, now());
      const record = await selectFeed(db, 'url', feed.url);
      if (!record) throw new Error(`feed ${feed.url} vanished after insert`);
      return { feed: record, created };
    },
    async importFeeds(feeds) {
      let added = 0;
      await db.transaction(async (tx) => {
        const ts = now();
        for (const feed of feeds) if (await insertFeed(tx, feed, ts)) added++;
      });
      return { added, existing: feeds.length - added };
    },
    async removeFeed(urlOrId) {
      const byId = /^\d+$/.test(urlOrId);
      return (await db.run(`DELETE FROM feeds WHERE ${byId ? 'id' : 'url'} = ?`, [byId ? Number(urlOrId) : urlOrId])) > 0;
    },
    async listFeeds(): Promise<FeedRecord[]> {
      return (await db.all('SELECT * FROM feeds ORDER BY id')).map(toFeedRecord);
    },
    getFeed: (id) => selectFeed(db, 'id', id),
    async feedTitles(urls) {
      if (urls.length === 0) return {};
      const rows = await db.all(`SELECT url, title FROM feeds WHERE url IN (${urls.map(() => '?').join(', ')}) AND title IS NOT NULL AND title <> ''`, urls);
      return Object.fromEntries(rows.map((r) => [String(r.url), String(r.title)]));
    },
    async listFeedSchedule() {
      const rows = await db.all("SELECT id, next_poll_at FROM feeds WHERE status NOT IN ('retired', 'paused')");
      return rows.map((r) => ({ id: Number(r.id), nextPollAt: r.next_poll_at === null ? null : String(r.next_poll_at) }));
    },
    updateFeed: (id, patch) => patchFeed(db, id, patch, now()),

    async writeStories(writes: StoryWrite[]): Promise<StoryWriteResult[]> {
      if (writes.length === 0) return [];
      try {
        return await db.transaction(async (tx) => {
          const results: StoryWriteResult[] = [];
          for (const w of writes) results.push(await writeStory(tx, w));
          return results;
        });
      } catch {
        // One bad copy must not take its batch with it: write each alone and report the failures.
        const results: StoryWriteResult[] = [];
        for (const w of writes) {
          try {
            results.push(await db.transaction((tx) => writeStory(tx, w)));
          } catch (err) {
            const e = toIngestError(err, 'STORE_WRITE_FAILED');
            results.push({ itemKey: w.source.itemKey, storyId: w.storyId, created: false, sourceAdded: false, textReplaced: false, error: { code: e.code, message: e.message } });
          }
        }
        return results;
      }
    },
    async getStory(id) {
      const rows = await db.all('SELECT * FROM stories WHERE id = ?', [id]);
      return rows[0] ? (await hydrate(rows, { text: true, language: true }))[0]! : null;
    },
    async storyTexts(ids, withStandfirst) {
      const out = new Map<string, { text: string; standfirst: string }>();
      if (ids.length === 0) return out;
      const rows = await db.all(`SELECT id, text, standfirst FROM stories WHERE id IN (${ids.map(() => '?').join(', ')}) AND standfirst ${withStandfirst ? "<> ''" : "= ''"}`, ids);
      for (const r of rows) out.set(String(r.id), { text: String(r.text), standfirst: String(r.standfirst ?? '') });
      return out;
    },
    async queryStories(query) {
      const { sql, params } = buildStoryQuery(query, db.dialect);
      const rows = await db.all(sql, params);
      const page = rows.slice(0, query.limit);
      const last = page[page.length - 1];
      const nextCursor = rows.length > query.limit && last ? encodeCursor(String(last.sort_at), String(last.id)) : null;
      return { stories: await hydrate(page, { text: query.withText, language: query.withLanguage }), nextCursor };
    },
    async stats() {
      const [counts] = await db.all('SELECT COUNT(*) AS stories, COUNT(DISTINCT cluster_id) AS clusters FROM stories');
      // ok: the last poll succeeded; failing: it failed; pending: never polled yet; retired: given up; paused: by an operator.
      const feeds = { total: 0, ok: 0, failing: 0, pending: 0, retired: 0, paused: 0 };
      const rows = await db.all(
        "SELECT CASE WHEN status = 'active' AND last_polled_at IS NULL THEN 'pending' ELSE status END AS health, COUNT(*) AS n FROM feeds GROUP BY 1",
      );
      for (const r of rows) {
        const n = Number(r.n);
        feeds.total += n;
        if (r.health === 'active') feeds.ok += n;
        else if (r.health === 'failing' || r.health === 'pending' || r.health === 'retired' || r.health === 'paused') feeds[r.health] += n;
      }
      return { stories: Number(counts?.stories ?? 0), clusters: Number(counts?.clusters ?? 0), feeds };
    },
    topClusters: (query) => selectTopClusters(db, query),
    countLabels: (query) => countLabels(db, query),
    async pruneStories(before, limit) {
      return db.transaction(async (tx) => {
        const rows = await tx.all('SELECT id, sort_at, topics, entities, language FROM stories WHERE sort_at < ? AND ingested_at < ? ORDER BY sort_at, id LIMIT ?', [before, before, limit]);
        for (const r of rows) await deleteStory(tx, r);
        return rows.length;
      });
    },
    addWebhook: (hook) => insertWebhook(db, hook, now()),
    async listWebhooks() {
      return (await db.all('SELECT * FROM webhooks ORDER BY id')).map(toWebhookRecord);
    },
    getWebhook: (id) => selectWebhook(db, id),
    async removeWebhook(id) {
      return db.transaction(async (tx) => {
        await tx.run('DELETE FROM webhook_stories WHERE webhook_id = ?', [id]);
        return (await tx.run('DELETE FROM webhooks WHERE id = ?', [id])) > 0;
      });
    },
    async enableWebhook(id) {
      await db.run("UPDATE webhooks SET status = 'active', disabled_reason = NULL, updated_at = ? WHERE id = ?", [now(), id]);
      return selectWebhook(db, id);
    },
    recordWebhookOutcome: (id, outcome) => recordWebhookOutcome(db, id, outcome, now()),
    claimWebhookStories: (webhookId, storyIds, dispatchId) => claimWebhookStories(db, webhookId, storyIds, dispatchId, now()),
    pruneWebhookStories: (before) => db.run('DELETE FROM webhook_stories WHERE created_at < ?', [before]),
    async topicCounts() {
      // Topic labels are 't:<id>': a range of the label key ('t;' is the next key after every 't:…').
      const rows = await db.all("SELECT label, COUNT(*) AS n FROM story_labels WHERE label >= 't:' AND label < 't;' GROUP BY label");
      return Object.fromEntries(rows.map((r) => [String(r.label).slice(2), Number(r.n)]));
    },
  };
}
