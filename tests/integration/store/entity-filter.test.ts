import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveEntity } from '../../../src/api/resolve-entity.js';
import type { EntityMention } from '../../../src/model.js';
import { migrate } from '../../../src/store/migrations.js';
import { openPostgresDb } from '../../../src/store/postgres-db.js';
import type { SqlDb } from '../../../src/store/sql-db.js';
import { createSqlStoryStore } from '../../../src/store/sql-story-store.js';
import { openSqliteDb } from '../../../src/store/sqlite-db.js';
import type { StoryQuery, StoryStore, StoryWrite } from '../../../src/store/story-store.js';
import { POSTGRES_URL, postgresAvailable, uniqueName } from '../../helpers/services.js';
import { dropPostgresSchema } from '../../helpers/store-backends.js';

interface Backend { name: string; available: boolean; open: () => Promise<{ db: SqlDb; cleanup: () => Promise<void> }> }

const backends: Backend[] = [
  {
    name: 'sqlite',
    available: true,
    open: async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'newsfeed-entity-'));
      const db = openSqliteDb(path.join(dir, 'test.db'));
      return { db, cleanup: async () => { await db.close(); rmSync(dir, { recursive: true, force: true }); } };
    },
  },
  {
    name: 'postgres',
    available: postgresAvailable,
    open: async () => {
      const schema = uniqueName('entity');
      const db = openPostgresDb(POSTGRES_URL, { schema });
      await db.exec(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      return {
        db,
        cleanup: async () => {
          await db.close();
          await dropPostgresSchema(schema);
        },
      };
    },
  },
];

interface Names { places?: string[]; people?: string[]; organizations?: string[] }

const mentions = (names: string[] = []): EntityMention[] => names.map((name) => ({ name, count: 1 }));

function story(id: string, publishedAt: string, names: Names, topics: string[] = ['politics'], text = `Text of ${id}`): StoryWrite {
  return {
    storyId: id,
    clusterId: id,
    canonical: true,
    ingestedAt: '2025-03-01T00:00:00.000Z',
    story: {
      title: `Story ${id}`,
      url: null,
      canonicalUrl: null,
      summary: '',
      text,
      publishedAt,
      topics: topics.map((t) => ({ id: t, score: 0.8 })),
      entities: { places: mentions(names.places), people: mentions(names.people), organizations: mentions(names.organizations) },
    },
    source: { itemKey: `1:${id}:${text.length}`, feedId: 1, feedUrl: 'https://a.example/feed.xml', guid: id, url: null, canonicalUrl: null, title: id, publishedAt, match: 'new', similarity: null },
  };
}

for (const backend of backends) {
  describe.skipIf(!backend.available)(`entity filter on ${backend.name}`, () => {
    let db: SqlDb;
    let store: StoryStore;
    let cleanup: () => Promise<void>;
    beforeEach(async () => {
      ({ db, cleanup } = await backend.open());
      store = await createSqlStoryStore(db);
    });
    afterEach(async () => cleanup());

    /** Ids of every story the API's `entity=value` (plus other filters) finds, on one page. */
    const ids = async (value: string, q: Partial<StoryQuery> = {}) =>
      (await store.queryStories({ limit: 50, ...q, entity: resolveEntity(value) })).stories.map((s) => s.id);

    const seed = () =>
      store.writeStories([
        story('a1', '2025-01-01T10:00:00.000Z', { places: ['Iran', 'Russia'], people: ['Vladimir Putin', 'Masoud Pezeshkian', 'Hendrik Quillfeather'] }, ['diplomacy', 'politics']),
        story('a2', '2025-01-02T10:00:00.000Z', { places: ['United States'], people: ['Joe Biden'], organizations: ['World Health Organization'] }, ['health']),
        story('a3', '2025-01-03T10:00:00.000Z', { places: ['United Kingdom', 'Israel'], people: ['Xi Jinping'] }, ['diplomacy', 'politics']),
        story('a4', '2025-01-04T10:00:00.000Z', { places: ['Jordan'], people: ['Michael Jordan'] }, ['sport']),
        story('a5', '2025-01-05T10:00:00.000Z', { places: ['Russia', 'United States'], people: ['Bashar al-Assad', 'Ursula von der Leyen'] }, ['conflict', 'politics']),
        story('a6', '2025-01-06T10:00:00.000Z', { places: ['Iran'] }, ['energy', 'economy']),
      ]);

    it.each([
      ['iranian', ['a6', 'a1']],
      ['Iranian', ['a6', 'a1']],
      ['Iran', ['a6', 'a1']],
      ['Israeli', ['a3']],
      ['Russian', ['a5', 'a1']],
      ['US', ['a5', 'a2']],
      ['U.S.', ['a5', 'a2']],
      ['America', ['a5', 'a2']],
      ['united states', ['a5', 'a2']],
      ['UK', ['a3']],
      ['Britain', ['a3']],
      ['United Kingdom', ['a3']],
      ['WHO', ['a2']],
      ['World Health Organization', ['a2']],
      ['Putin', ['a1']],
      ['putin', ['a1']],
      ['Vladimir Putin', ['a1']],
      ['Pezeshkian', ['a1']],
      // A surname the gazetteers do not know: found by its s: label alone.
      ['Quillfeather', ['a1']],
      ['quillfeather', ['a1']],
      ['Biden', ['a2']],
      ['Xi', ['a3']],
      ['Assad', ['a5']],
      ['al-Assad', ['a5']],
      ['von der Leyen', ['a5']],
      ['Leyen', ['a5']],
      // The place and the surname: one story carrying both labels comes once.
      ['Jordan', ['a4']],
      ['Michael Jordan', ['a4']],
      ['Nobody', []],
    ])('entity=%s finds %j', async (value, expected) => {
      await seed();
      expect(await ids(value)).toEqual(expected);
    });

    it('combines the entity with topics, time and a cursor', async () => {
      await seed();
      expect(await ids('Iranian', { topic: 'diplomacy' })).toEqual(['a1']);
      expect(await ids('Iranian', { topic: 'energy' })).toEqual(['a6']);
      expect(await ids('Iranian', { topic: ['diplomacy', 'energy'] })).toEqual(['a6', 'a1']);
      expect(await ids('US', { topic: ['conflict', 'sport'] })).toEqual(['a5']);
      expect(await ids('Russian', { topic: 'politics', since: '2025-01-02' })).toEqual(['a5']);
      expect(await ids('Putin', { topic: 'sport' })).toEqual([]);
      const first = await store.queryStories({ limit: 1, entity: resolveEntity('Iranian'), topic: ['diplomacy', 'energy'] });
      const rest = await store.queryStories({ limit: 1, entity: resolveEntity('Iranian'), topic: ['diplomacy', 'energy'], cursor: first.nextCursor });
      expect([...first.stories, ...rest.stories].map((s) => s.id)).toEqual(['a6', 'a1']);
      expect(rest.nextCursor).toBeNull();
    });

    it('pages through several labels with no story twice and none missed', async () => {
      // 40 stories, several at the same time (the id breaks ties); each holds Putin as a full name,
      // as a single name, both, or not at all; with the place Russia on some.
      const writes: StoryWrite[] = [];
      const expected: Array<{ id: string; at: string }> = [];
      for (let i = 0; i < 40; i++) {
        const id = `p${String(i).padStart(2, '0')}`;
        const at = `2025-01-${String(1 + Math.floor(i / 3)).padStart(2, '0')}T10:00:00.000Z`;
        const people = [...(i % 4 === 0 || i % 4 === 3 ? ['Vladimir Putin'] : []), ...(i % 4 === 1 || i % 4 === 3 ? ['Putin'] : [])];
        writes.push(story(id, at, { people, places: i % 2 ? ['Russia'] : [] }));
        if (people.length) expected.push({ id, at });
      }
      await store.writeStories(writes);
      expected.sort((a, b) => b.at.localeCompare(a.at) || b.id.localeCompare(a.id));
      for (const limit of [1, 3, 4, 7, 30]) {
        const seen: string[] = [];
        let cursor: string | null = null;
        for (let pages = 0; pages < 100; pages++) {
          const page = await store.queryStories({ limit, entity: resolveEntity('putin'), cursor });
          expect(page.stories.length).toBeLessThanOrEqual(limit);
          seen.push(...page.stories.map((s) => s.id));
          cursor = page.nextCursor;
          if (!cursor) break;
        }
        expect(seen).toEqual(expected.map((e) => e.id));
      }
      // With a topic driving and the entity labels checked beside it, and with the place filter.
      expect(await ids('putin', { topic: 'politics' })).toEqual(expected.map((e) => e.id));
      expect((await ids('Russian')).length).toBe(20);
    });

    it('drops the surname labels with the people of a replaced text', async () => {
      await store.writeStories([story('r1', '2025-01-01T10:00:00.000Z', { people: ['Vladimir Putin'] }, ['politics'], 'Short.')]);
      expect(await ids('Putin')).toEqual(['r1']);
      const longer = story('r1', '2025-01-01T10:00:00.000Z', { people: ['Keir Starmer'] }, ['politics'], 'A much longer text about something else.');
      expect((await store.writeStories([longer]))[0]?.textReplaced).toBe(true);
      expect(await ids('Putin')).toEqual([]);
      expect(await ids('Starmer')).toEqual(['r1']);
      const [row] = await db.all("SELECT COUNT(*) AS n FROM story_labels WHERE story_id = 'r1' AND label LIKE 's:%'");
      expect(Number(row?.n)).toBe(1);
    });

    it('a country finds the stories of its cities and regions, also those stored before migration 3', async () => {
      const placed = (id: string, places: Array<{ name: string; kind: string; country?: string }>): StoryWrite => {
        const w = story(id, '2025-01-02T10:00:00.000Z', {});
        w.story.entities = { places: places.map((p) => ({ ...p, count: 1 })), people: [], organizations: [] } as StoryWrite['story']['entities'];
        return w;
      };
      await store.writeStories([placed('m1', [{ name: 'Moscow', kind: 'city', country: 'Russia' }]), placed('m2', [{ name: 'Russia', kind: 'country' }]), placed('m3', [{ name: 'Tbilisi', kind: 'city', country: 'Georgia' }])]);
      expect((await ids('Russia')).sort()).toEqual(['m1', 'm2']);
      expect(await ids('Moscow')).toEqual(['m1']);
      expect(await ids('Russian')).toEqual(expect.arrayContaining(['m1', 'm2']));
      expect(await ids('Georgia')).toEqual(['m3']);
      // As a store of version 2 holds them: no country rows for cities, migration 3 not recorded.
      await db.run("DELETE FROM story_labels WHERE label = 'e:russia' AND story_id = 'm1'");
      await db.run('DELETE FROM schema_migrations WHERE version = 3');
      expect(await ids('Russia')).toEqual(['m2']);
      expect(await migrate(db)).toEqual([3]);
      expect((await ids('Russia')).sort()).toEqual(['m1', 'm2']);
    });

    it('filters by language (l: labels), alone, several and beside a topic; the language follows a replaced text; migration 13 reads it for stories stored before', async () => {
      const texts: Record<string, [string, string | null]> = {
        en: ['Russia and Iran signed a treaty on defense and energy, officials said after the meeting.', 'en'],
        ru: ['Россия и Иран подписали договор, сообщили официальные лица после встречи в Москве.', 'ru'],
        de: ['Russland und Iran haben einen Vertrag unterzeichnet, wie die Regierung nach dem Treffen mitteilte.', 'de'],
        none: ['2025 — 12:30', null],
      };
      const lang = (id: string, publishedAt: string, topics: string[]) => {
        const w = story(id, publishedAt, {}, topics, texts[id]![0]);
        w.story.language = texts[id]![1];
        return w;
      };
      await store.writeStories([lang('en', '2025-01-01T10:00:00.000Z', ['energy']), lang('ru', '2025-01-02T10:00:00.000Z', ['energy']), lang('de', '2025-01-03T10:00:00.000Z', ['politics']), lang('none', '2025-01-04T10:00:00.000Z', ['politics'])]);
      const byLanguage = async (language: string[], q: Partial<StoryQuery> = {}) => (await store.queryStories({ limit: 50, ...q, language })).stories.map((s) => s.id);
      expect(await byLanguage(['ru'])).toEqual(['ru']);
      expect(await byLanguage(['ru', 'de'])).toEqual(['de', 'ru']);
      expect(await byLanguage(['ru', 'de'], { topic: 'energy' })).toEqual(['ru']);
      expect(await byLanguage(['fr'])).toEqual([]);
      const [shown] = (await store.queryStories({ limit: 1, ids: ['ru'], withLanguage: true })).stories;
      expect(shown!.language).toBe('ru');
      expect((await store.queryStories({ limit: 1, ids: ['ru'] })).stories[0]).not.toHaveProperty('language');
      expect((await store.getStory('none'))!.language).toBeNull();
      // A fuller copy in another language replaces the text, and with it the language.
      const fuller = story('ru', '2025-01-02T10:00:00.000Z', {}, ['energy'], 'Дві країни домовилися поглибити співпрацю у сфері оборони та енергетики, повідомили посадовці після зустрічі в Москві.');
      fuller.story.language = 'uk';
      expect((await store.writeStories([fuller]))[0]?.textReplaced).toBe(true);
      expect(await byLanguage(['ru'])).toEqual([]);
      expect(await byLanguage(['uk'])).toEqual(['ru']);
      // As a store of version 12 holds them: no language column, no l: rows, migration 13 not recorded.
      await db.run("DELETE FROM story_labels WHERE label LIKE 'l:%'");
      await db.run('ALTER TABLE stories DROP COLUMN language');
      await db.run('DELETE FROM schema_migrations WHERE version = 13');
      expect(await migrate(db)).toEqual([13]);
      expect(await byLanguage(['en'])).toEqual(['en']);
      expect(await byLanguage(['uk'])).toEqual(['ru']);
      expect(await byLanguage(['de'])).toEqual(['de']);
      expect((await store.getStory('de'))!.language).toBe('de');
      expect((await store.getStory('none'))!.language).toBeNull();
    });

    it("migration 10 takes a feed's newest stored item as when it last brought one", async () => {
      const { feed } = await store.addFeed({ url: 'https://a.example/feed.xml' }); // feed 1, the sources'
      const { feed: silent } = await store.addFeed({ url: 'https://b.example/feed.xml' });
      await store.writeStories([story('f1', '2025-01-02T10:00:00.000Z', {})]);
      await store.writeStories([{ ...story('f2', '2025-01-03T10:00:00.000Z', {}), ingestedAt: '2025-03-02T00:00:00.000Z' }]);
      // As a store of version 9 holds them: no such column, migration 10 not recorded.
      await db.run('ALTER TABLE feeds DROP COLUMN last_new_item_at');
      await db.run('DELETE FROM schema_migrations WHERE version = 10');
      expect(await migrate(db)).toEqual([10]);
      expect((await store.getFeed(feed.id))!.lastNewItemAt).toBe('2025-03-02T00:00:00.000Z');
      expect((await store.getFeed(silent.id))!.lastNewItemAt).toBeNull();
    });

    it('migration 2 backfills surname labels of stories stored before it, and changes nothing run again', async () => {
      await seed();
      const surnameRows = async () => (await db.all("SELECT label, story_id FROM story_labels WHERE label LIKE 's:%' ORDER BY label, story_id")).map((r) => `${r.label} ${r.story_id}`);
      const written = await surnameRows();
      expect(written).toContain('s:putin a1');
      expect(written).toContain('s:jordan a4');
      // As a store of version 1 holds them: no surname rows, migration 2 not recorded.
      await db.run("DELETE FROM story_labels WHERE label LIKE 's:%'");
      await db.run('DELETE FROM schema_migrations WHERE version = 2');
      expect(await ids('Quillfeather')).toEqual([]);
      expect(await migrate(db)).toEqual([2]);
      expect(await surnameRows()).toEqual(written);
      expect(await ids('Quillfeather')).toEqual(['a1']);
      expect(await migrate(db)).toEqual([]);
      // Run again over rows already there (as after a crash before it was recorded): nothing changes.
      await db.run('DELETE FROM schema_migrations WHERE version = 2');
      expect(await migrate(db)).toEqual([2]);
      expect(await surnameRows()).toEqual(written);
      const reopened = await createSqlStoryStore(db);
      expect((await reopened.queryStories({ limit: 10, entity: 'Leyen' })).stories.map((s) => s.id)).toEqual(['a5']);
    });
  });
}
