import { detectLanguage } from '../classify/language/detect-language.js';
import type { SqlDb, SqlDialect, SqlExecutor, SqlParam } from './sql-db.js';
import { personSurnames, placeCountryKeys } from './story-rows.js';

/** A schema step: SQL (`{{…}}` spelled per dialect), or code for data the SQL cannot compute, or both (SQL first). */
export interface Migration {
  version: number;
  name: string;
  sql?: string;
  run?: (tx: SqlExecutor) => Promise<void>;
}

/**
 * Versioned schema. Each migration runs once, in order, inside a transaction, and is recorded in
 * schema_migrations, with `{{…}}` spelled per dialect (see DIALECT); a step may also run code. Times are ISO-8601 UTC
 * text with milliseconds (`2025-01-17T10:00:00.000Z`), which sort as they compare.
 * Never edit a released migration: add the next one.
 */
export const MIGRATIONS: ReadonlyArray<Migration> = [
  {
    version: 1,
    name: 'feeds, stories, sources, labels',
    sql: `
CREATE TABLE feeds (
  id {{id}},
  url TEXT NOT NULL UNIQUE,
  title TEXT,
  site_url TEXT,
  categories TEXT NOT NULL DEFAULT '[]',
  status TEXT NOT NULL DEFAULT 'active',
  etag TEXT,
  last_modified TEXT,
  body_hash TEXT,
  last_polled_at TEXT,
  last_success_at TEXT,
  next_poll_at TEXT,
  last_error_code TEXT,
  last_error_message TEXT,
  error_count INTEGER NOT NULL DEFAULT 0,
  poll_interval_sec INTEGER,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX feeds_next_poll ON feeds (next_poll_at);

CREATE TABLE stories (
  id TEXT PRIMARY KEY,
  cluster_id TEXT NOT NULL,
  title TEXT NOT NULL,
  url TEXT,
  canonical_url TEXT,
  summary TEXT NOT NULL,
  text TEXT NOT NULL,
  text_len INTEGER NOT NULL,
  text_key TEXT NOT NULL,
  published_at TEXT,
  sort_at TEXT NOT NULL,
  ingested_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  topics TEXT NOT NULL DEFAULT '[]',
  entities TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX stories_sort ON stories (sort_at, id);
CREATE INDEX stories_cluster ON stories (cluster_id);

CREATE TABLE story_sources (
  seq {{id}},
  item_key TEXT NOT NULL UNIQUE,
  story_id TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
  feed_id BIGINT,
  feed_url TEXT NOT NULL,
  guid TEXT NOT NULL,
  url TEXT,
  canonical_url TEXT,
  title TEXT NOT NULL,
  published_at TEXT,
  is_canonical INTEGER NOT NULL DEFAULT 0,
  match TEXT NOT NULL,
  similarity DOUBLE PRECISION,
  created_at TEXT NOT NULL
);
CREATE INDEX story_sources_story ON story_sources (story_id);

-- One row per topic ('t:energy') and entity ('e:iran') of a story, keyed so that a label's stories
-- are stored newest-last in sort order: filtering and paging by topic or entity is a range scan,
-- and new stories mostly append.
CREATE TABLE story_labels (
  label TEXT NOT NULL,
  sort_at TEXT NOT NULL,
  story_id TEXT NOT NULL,
  PRIMARY KEY (label, sort_at, story_id)
){{without_rowid}};
`,
  },
  {
    version: 2,
    name: 'surname labels of people (s:)',
    run: (tx) =>
      backfillLabels(tx, (entities) => {
        const labels: string[] = [];
        const people = entities.people;
        if (Array.isArray(people)) for (const p of people) if (p && typeof p.name === 'string') for (const k of personSurnames(p.name)) labels.push(`s:${k}`);
        return labels;
      }),
  },
  {
    version: 3,
    name: 'country labels of cities and regions (e:<country>)',
    run: (tx) => backfillLabels(tx, (entities) => (Array.isArray(entities.places) ? placeCountryKeys(entities.places as Array<{ country?: unknown }>).map((k) => `e:${k}`) : [])),
  },
  {
    version: 4,
    name: 'webhook subscriptions',
    sql: `
CREATE TABLE webhooks (
  id {{id}},
  url TEXT NOT NULL,
  filter TEXT NOT NULL DEFAULT '{}',
  secret TEXT,
  status TEXT NOT NULL DEFAULT 'active',
  disabled_reason TEXT,
  delivered BIGINT NOT NULL DEFAULT 0,
  failed BIGINT NOT NULL DEFAULT 0,
  last_delivery_at TEXT,
  last_status INTEGER,
  last_error_code TEXT,
  last_error_message TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- The stories each subscription was sent (or is being sent), by the dispatch that claimed them:
-- a story is delivered once per subscription, when it first matches (new, or after a fuller text).
CREATE TABLE webhook_stories (
  webhook_id BIGINT NOT NULL,
  story_id TEXT NOT NULL,
  dispatch_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (webhook_id, story_id)
);
CREATE INDEX webhook_stories_created ON webhook_stories (created_at)`,
  },
  {
    version: 5,
    name: 'full text per feed',
    sql: `ALTER TABLE feeds ADD COLUMN full_text INTEGER NOT NULL DEFAULT 0`,
  },
  {
    version: 6,
    name: 'full-text selector per feed',
    sql: `ALTER TABLE feeds ADD COLUMN full_text_selector TEXT`,
  },
  {
    version: 7,
    name: 'label rows by time (trends)',
    sql: `CREATE INDEX story_labels_by_time ON story_labels (sort_at, label)`,
  },
  {
    version: 8,
    name: 'block and keep rules per feed',
    sql: `ALTER TABLE feeds ADD COLUMN block_rule TEXT;
ALTER TABLE feeds ADD COLUMN keep_rule TEXT`,
  },
  {
    version: 9,
    name: 'a fixed poll interval per feed',
    sql: `ALTER TABLE feeds ADD COLUMN fixed_interval_sec INTEGER`,
  },
  {
    version: 10,
    name: "when a feed last brought a new item",
    // Feeds polled before it: their newest stored item stands in (an item a rule or dedup dropped is not known).
    sql: `ALTER TABLE feeds ADD COLUMN last_new_item_at TEXT;
UPDATE feeds SET last_new_item_at = (SELECT MAX(created_at) FROM story_sources WHERE story_sources.feed_id = feeds.id)`,
  },
  {
    version: 11,
    name: "webhook deliveries carrying the stories' text",
    sql: `ALTER TABLE webhooks ADD COLUMN include_text INTEGER NOT NULL DEFAULT 0`,
  },
  {
    version: 12,
    name: "a story's standfirst, kept when a fuller copy without one replaces its text",
    sql: `ALTER TABLE stories ADD COLUMN standfirst TEXT NOT NULL DEFAULT ''`,
  },
  {
    version: 13,
    name: "a story's language (l: labels), read from the stored text of the stories before it",
    sql: `ALTER TABLE stories ADD COLUMN language TEXT`,
    run: backfillLanguages,
  },
];

/** Reads the language of every stored story from its title and text (the feed's declaration is not stored), and labels it. */
async function backfillLanguages(tx: SqlExecutor): Promise<void> {
  const page = 500;
  let after = '';
  for (;;) {
    const stories = await tx.all(`SELECT id, sort_at, title, text FROM stories WHERE id > ? ORDER BY id LIMIT ?`, [after, page]);
    if (stories.length === 0) return;
    const byLanguage = new Map<string, string[]>();
    const labels: SqlParam[] = [];
    for (const s of stories) {
      const language = detectLanguage({ title: String(s.title), text: String(s.text) });
      if (!language) continue;
      const ids = byLanguage.get(language) ?? [];
      ids.push(String(s.id));
      byLanguage.set(language, ids);
      labels.push(`l:${language}`, String(s.sort_at), String(s.id));
    }
    for (const [language, ids] of byLanguage) await tx.run(`UPDATE stories SET language = ? WHERE id IN (${ids.map(() => '?').join(', ')})`, [language, ...ids]);
    await insertLabelRows(tx, labels);
    after = String(stories[stories.length - 1]!.id);
  }
}

/**
 * Adds label rows computed from each stored story's entities, in pages of stories by id. Inserts
 * skip rows already there, so running it again changes nothing.
 */
async function backfillLabels(tx: SqlExecutor, labelsOf: (entities: { people?: unknown; places?: unknown }) => string[]): Promise<void> {
  const page = 500;
  let after = '';
  for (;;) {
    const stories = await tx.all(`SELECT id, sort_at, entities FROM stories WHERE id > ? ORDER BY id LIMIT ?`, [after, page]);
    if (stories.length === 0) return;
    const params: SqlParam[] = [];
    for (const s of stories) {
      let entities: { people?: unknown; places?: unknown };
      try {
        entities = JSON.parse(String(s.entities)) as { people?: unknown; places?: unknown };
      } catch {
        continue; // not JSON: the story has no entities to label
      }
      if (!entities || typeof entities !== 'object') continue;
      for (const label of new Set(labelsOf(entities))) params.push(label, String(s.sort_at), String(s.id));
    }
    await insertLabelRows(tx, params);
    after = String(stories[stories.length - 1]!.id);
  }
}

/** Inserts label rows given as flat (label, sort_at, story_id) triples, skipping rows already there. */
async function insertLabelRows(tx: SqlExecutor, params: SqlParam[]): Promise<void> {
  // At most 500 stories × a few labels each; chunks keep the statement under SQLite's 32,766 parameters.
  for (let i = 0; i < params.length; i += 3 * 1000) {
    const chunk = params.slice(i, i + 3 * 1000);
    const values = new Array(chunk.length / 3).fill('(?, ?, ?)').join(', ');
    await tx.run(`INSERT INTO story_labels (label, sort_at, story_id) VALUES ${values} ON CONFLICT DO NOTHING`, chunk);
  }
}

/** Dialect spellings: `{{id}}` an auto-increment key; `{{without_rowid}}` stores a small table in its primary key (SQLite). */
const DIALECT: Record<SqlDialect, Record<string, string>> = {
  sqlite: { id: 'INTEGER PRIMARY KEY AUTOINCREMENT', without_rowid: ' WITHOUT ROWID' },
  postgres: { id: 'BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY', without_rowid: '' },
};

/** Applies the migrations not yet recorded. Safe when several processes start at once. */
export async function migrate(db: SqlDb): Promise<number[]> {
  return db.transaction(async (tx) => {
    // One migrator at a time across processes (SQLite: BEGIN IMMEDIATE already holds the write lock).
    if (tx.dialect === 'postgres') await tx.run('SELECT pg_advisory_xact_lock(72736175)');
    await tx.run('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    const done = new Set((await tx.all<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => Number(r.version)));
    const applied: number[] = [];
    for (const m of MIGRATIONS) {
      if (done.has(m.version)) continue;
      const sql = (m.sql ?? '').replace(/\{\{(\w+)\}\}/g, (_, name: string) => DIALECT[tx.dialect][name] ?? '');
      for (const statement of sql.split(';')) {
        if (statement.trim()) await tx.run(statement);
      }
      if (m.run) await m.run(tx);
      await tx.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [m.version, m.name, new Date().toISOString()]);
      applied.push(m.version);
    }
    return applied;
  });
}
