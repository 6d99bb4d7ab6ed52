import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WebhookFilter, WebhookRecord } from '../../../src/model.js';
import type { NewWebhook, StoryQuery, StoryStore, StoryWrite, WebhookOutcome } from '../../../src/store/story-store.js';
import { storeBackends } from '../../helpers/store-backends.js';
import { storyWrite } from '../../helpers/story-write.js';

const backends = storeBackends('webhooks');

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const NO_FILTER: WebhookFilter = { topic: [], entity: null, q: null, feed: null, category: null, language: [] };

/** A story with these topics and places, published on 2025-01-1<i> (so a higher i is newer). */
function write(i: number, topicIds: string[], places: string[] = ['Iran']): StoryWrite {
  return storyWrite({ id: `s${i}`, name: String(i), text: `Text of story ${i} about gas`, publishedAt: `2025-01-1${i}T08:00:00.000Z`, topics: topicIds, places });
}

/** A record as addWebhook returns it before any delivery. */
function fresh(url: string, filter: WebhookFilter, secret: string | null): WebhookRecord {
  return {
    id: expect.any(Number) as unknown as number,
    url,
    filter,
    includeText: false,
    secret,
    status: 'active',
    disabledReason: null,
    delivered: 0,
    failed: 0,
    lastDeliveryAt: null,
    lastStatus: null,
    lastErrorCode: null,
    lastErrorMessage: null,
    createdAt: expect.stringMatching(ISO) as unknown as string,
  };
}

const T1 = '2025-03-01T10:00:00.000Z';
const T2 = '2025-03-01T10:05:00.000Z';
const T3 = '2025-03-01T10:10:00.000Z';
const ok = (at: string, status = 200): WebhookOutcome => ({ ok: true, at, status });
const retried = (at: string, status: number | null = 503, code = 'WEBHOOK_STATUS', message = `receiver answered ${status}`): WebhookOutcome => ({ ok: false, at, status, code, message, final: false });
const failedFinally = (at: string, status: number | null = 500, code = 'WEBHOOK_STATUS', message = `receiver answered ${status}`): WebhookOutcome => ({ ok: false, at, status, code, message, final: true });
const gone = (at: string): WebhookOutcome => ({ ok: false, at, status: 410, code: 'WEBHOOK_GONE', message: 'receiver answered 410 Gone', final: true, disable: true });

type Counters = Pick<WebhookRecord, 'status' | 'disabledReason' | 'delivered' | 'failed' | 'lastDeliveryAt' | 'lastStatus' | 'lastErrorCode' | 'lastErrorMessage'>;

for (const backend of backends) {
  describe.skipIf(!backend.available)(`webhook subscriptions on ${backend.name}`, () => {
    let store: StoryStore;
    let cleanup: () => Promise<void>;
    beforeEach(async () => ({ store, cleanup } = await backend.open()));
    afterEach(async () => cleanup());

    it.each<[string, NewWebhook['filter'], WebhookFilter]>([
      ['no filter: every story', undefined, NO_FILTER],
      ['an empty filter', {}, NO_FILTER],
      ['topics only', { topic: ['energy', 'trade'] }, { ...NO_FILTER, topic: ['energy', 'trade'] }],
      ['an entity only', { entity: 'Iran' }, { ...NO_FILTER, entity: 'Iran' }],
      ['words only', { q: 'gas pipeline' }, { ...NO_FILTER, q: 'gas pipeline' }],
      ['a feed only', { feed: 'https://news.example/feed.xml' }, { ...NO_FILTER, feed: 'https://news.example/feed.xml' }],
      ['every field', { topic: ['energy'], entity: 'Iran', q: 'gas', feed: '7', category: 'Wires', language: ['en', 'fr'] }, { topic: ['energy'], entity: 'Iran', q: 'gas', feed: '7', category: 'Wires', language: ['en', 'fr'] }],
      ['a category only', { category: 'World/Middle East' }, { ...NO_FILTER, category: 'World/Middle East' }],
      ['nulls given', { topic: [], entity: null, q: null, feed: null }, NO_FILTER],
    ])('adds a subscription with %s and fills the other filter fields with their defaults', async (_name, filter, expected) => {
      const added = await store.addWebhook({ url: 'https://hooks.example/in', filter });
      expect(added).toEqual(fresh('https://hooks.example/in', expected, null));
      expect(Object.keys(added).sort()).toEqual(
        ['createdAt', 'delivered', 'disabledReason', 'failed', 'filter', 'id', 'includeText', 'lastDeliveryAt', 'lastErrorCode', 'lastErrorMessage', 'lastStatus', 'secret', 'status', 'url'].sort(),
      );
      expect(await store.getWebhook(added.id)).toEqual(added);
    });

    it('keeps the secret it is given, and none when none is', async () => {
      const signed = await store.addWebhook({ url: 'https://a.example/hook', secret: 'a-secret-of-24-characters' });
      const unsigned = await store.addWebhook({ url: 'https://b.example/hook', secret: null });
      expect(signed.secret).toBe('a-secret-of-24-characters');
      expect(unsigned.secret).toBeNull();
      expect((await store.getWebhook(signed.id))?.secret).toBe('a-secret-of-24-characters');
    });

    it('lists subscriptions by id, gets one by id, and removes one once', async () => {
      const a = await store.addWebhook({ url: 'https://c.example/hook', filter: { topic: ['sport'] } });
      const b = await store.addWebhook({ url: 'https://a.example/hook' });
      const c = await store.addWebhook({ url: 'https://b.example/hook', filter: { entity: 'Iran' } });
      expect(a.id).toBeLessThan(b.id);
      expect(b.id).toBeLessThan(c.id);
      expect(await store.listWebhooks()).toEqual([a, b, c]);

      expect(await store.getWebhook(b.id)).toEqual(b);
      expect(await store.getWebhook(c.id + 1000)).toBeNull();

      expect(await store.removeWebhook(b.id)).toBe(true);
      expect(await store.removeWebhook(b.id)).toBe(false);
      expect(await store.removeWebhook(c.id + 1000)).toBe(false);
      expect(await store.getWebhook(b.id)).toBeNull();
      expect((await store.listWebhooks()).map((h) => h.id)).toEqual([a.id, c.id]);
    });

    it('lists nothing when there is no subscription', async () => {
      expect(await store.listWebhooks()).toEqual([]);
    });

    it.each<[string, WebhookOutcome[], Counters]>([
      [
        'a delivery counts as delivered with its time and status',
        [ok(T1, 200)],
        { status: 'active', disabledReason: null, delivered: 1, failed: 0, lastDeliveryAt: T1, lastStatus: 200, lastErrorCode: null, lastErrorMessage: null },
      ],
      [
        'deliveries add up, the last one is kept',
        [ok(T1, 200), ok(T2, 204)],
        { status: 'active', disabledReason: null, delivered: 2, failed: 0, lastDeliveryAt: T2, lastStatus: 204, lastErrorCode: null, lastErrorMessage: null },
      ],
      [
        'a failure to be retried keeps the error but is not counted as failed',
        [retried(T1, 503)],
        { status: 'active', disabledReason: null, delivered: 0, failed: 0, lastDeliveryAt: T1, lastStatus: 503, lastErrorCode: 'WEBHOOK_STATUS', lastErrorMessage: 'receiver answered 503' },
      ],
      [
        'a failure with no response (timeout) has no status',
        [retried(T1, null, 'WEBHOOK_TIMEOUT', 'no answer within 10000 ms')],
        { status: 'active', disabledReason: null, delivered: 0, failed: 0, lastDeliveryAt: T1, lastStatus: null, lastErrorCode: 'WEBHOOK_TIMEOUT', lastErrorMessage: 'no answer within 10000 ms' },
      ],
      [
        'the final failure counts as failed',
        [retried(T1, 503), failedFinally(T2, 500)],
        { status: 'active', disabledReason: null, delivered: 0, failed: 1, lastDeliveryAt: T2, lastStatus: 500, lastErrorCode: 'WEBHOOK_STATUS', lastErrorMessage: 'receiver answered 500' },
      ],
      [
        'a delivery after failures clears the last error but keeps the failed count',
        [failedFinally(T1, 500), retried(T2, 502), ok(T3, 202)],
        { status: 'active', disabledReason: null, delivered: 1, failed: 1, lastDeliveryAt: T3, lastStatus: 202, lastErrorCode: null, lastErrorMessage: null },
      ],
      [
        '410 Gone disables the subscription, with the message as the reason',
        [ok(T1), gone(T2)],
        { status: 'disabled', disabledReason: 'receiver answered 410 Gone', delivered: 1, failed: 1, lastDeliveryAt: T2, lastStatus: 410, lastErrorCode: 'WEBHOOK_GONE', lastErrorMessage: 'receiver answered 410 Gone' },
      ],
      [
        'a disabling failure that is not final disables without counting as failed',
        [{ ...gone(T1), final: false }],
        { status: 'disabled', disabledReason: 'receiver answered 410 Gone', delivered: 0, failed: 0, lastDeliveryAt: T1, lastStatus: 410, lastErrorCode: 'WEBHOOK_GONE', lastErrorMessage: 'receiver answered 410 Gone' },
      ],
    ])('records outcomes: %s', async (_name, outcomes, expected) => {
      const hook = await store.addWebhook({ url: 'https://hooks.example/in', filter: { topic: ['energy'] }, secret: 'sixteen-chars-ok' });
      for (const outcome of outcomes) await store.recordWebhookOutcome(hook.id, outcome);
      const after = await store.getWebhook(hook.id);
      expect(after).toEqual({ ...hook, ...expected });
    });

    it('records an outcome on its subscription only, and on an unknown id not at all', async () => {
      const a = await store.addWebhook({ url: 'https://a.example/hook' });
      const b = await store.addWebhook({ url: 'https://b.example/hook' });
      await store.recordWebhookOutcome(a.id, failedFinally(T1));
      await store.recordWebhookOutcome(b.id + 1000, ok(T2));
      expect(await store.getWebhook(b.id)).toEqual(b);
      expect(await store.listWebhooks()).toHaveLength(2);
      expect((await store.getWebhook(a.id))?.failed).toBe(1);
    });

    it('keeps at most 500 characters of an error message', async () => {
      const hook = await store.addWebhook({ url: 'https://hooks.example/in' });
      await store.recordWebhookOutcome(hook.id, retried(T1, 500, 'WEBHOOK_STATUS', 'x'.repeat(2000)));
      expect((await store.getWebhook(hook.id))?.lastErrorMessage).toBe('x'.repeat(500));
    });

    describe('queryStories with ids', () => {
      // s1 energy (Iran), s2 sport (Iran), s3 energy+economy (Russia), s4 sport (Russia), s5 energy (Iran): newest first s5..s1.
      beforeEach(async () => {
        await store.writeStories([write(1, ['energy']), write(2, ['sport']), write(3, ['energy', 'economy'], ['Russia']), write(4, ['sport'], ['Russia']), write(5, ['energy'])]);
      });
      const ids = async (q: Omit<StoryQuery, 'limit'> & { limit?: number }) => (await store.queryStories({ limit: 50, ...q })).stories.map((s) => s.id);

      it.each<[string, Omit<StoryQuery, 'limit'>, string[]]>([
        ['only the listed stories, newest first', { ids: ['s1', 's4', 's2'] }, ['s4', 's2', 's1']],
        ['one story', { ids: ['s3'] }, ['s3']],
        ['an empty list: none', { ids: [] }, []],
        ['ids not stored: none', { ids: ['nope', 's9'] }, []],
        ['stored and unknown ids: the stored ones', { ids: ['nope', 's5'] }, ['s5']],
        ['a repeated id: once', { ids: ['s2', 's2'] }, ['s2']],
        ['topic and ids intersect', { topic: 'energy', ids: ['s1', 's2', 's3', 's4'] }, ['s3', 's1']],
        ['topic and ids with nothing in common', { topic: 'energy', ids: ['s2', 's4'] }, []],
        ['topic and an empty list: none', { topic: 'energy', ids: [] }, []],
        ['several topics and ids', { topic: ['economy', 'sport'], ids: ['s1', 's3', 's4', 's5'] }, ['s4', 's3']],
        ['entity (a union of labels) and ids', { entity: 'Iran', ids: ['s2', 's3', 's5'] }, ['s5', 's2']],
        ['topic, entity and ids', { topic: 'energy', entity: 'Iran', ids: ['s1', 's2', 's3'] }, ['s1']],
        ['words and ids', { q: 'story 4', ids: ['s3', 's4'] }, ['s4']],
      ])('%s', async (_name, query, expected) => {
        expect(await ids(query)).toEqual(expected);
      });

      it('pages the listed stories with a cursor', async () => {
        const p1 = await store.queryStories({ ids: ['s1', 's2', 's3', 's5'], topic: 'energy', limit: 2 });
        expect(p1.stories.map((s) => s.id)).toEqual(['s5', 's3']);
        const p2 = await store.queryStories({ ids: ['s1', 's2', 's3', 's5'], topic: 'energy', limit: 2, cursor: p1.nextCursor });
        expect(p2.stories.map((s) => s.id)).toEqual(['s1']);
        expect(p2.nextCursor).toBeNull();
      });
    });
  });
}

for (const backend of backends) {
  describe.skipIf(!backend.available)(`webhook story claims and re-enabling on ${backend.name}`, () => {
    let store: StoryStore;
    let cleanup: () => Promise<void>;
    beforeEach(async () => ({ store, cleanup } = await backend.open()));
    afterEach(async () => cleanup());

    it('a story is claimed for a subscription once; a retried dispatch gets its own claims again', async () => {
      const a = await store.addWebhook({ url: 'https://a.example/in' });
      const b = await store.addWebhook({ url: 'https://b.example/in' });
      expect(await store.claimWebhookStories(a.id, ['s1', 's2', 's1'], 'd1')).toEqual(['s1', 's2']);
      expect(await store.claimWebhookStories(a.id, ['s2', 's3'], 'd2')).toEqual(['s3']);
      expect(await store.claimWebhookStories(a.id, ['s3', 's2', 's1'], 'd1')).toEqual(['s2', 's1']);
      expect(await store.claimWebhookStories(b.id, ['s1'], 'd2')).toEqual(['s1']);
      expect(await store.claimWebhookStories(a.id, [], 'd3')).toEqual([]);
    });

    it('forgets claims made before a time, and those of a removed subscription', async () => {
      const a = await store.addWebhook({ url: 'https://a.example/in' });
      await store.claimWebhookStories(a.id, ['s1'], 'd1');
      expect(await store.pruneWebhookStories('2000-01-01T00:00:00.000Z')).toBe(0);
      expect(await store.pruneWebhookStories('2999-01-01T00:00:00.000Z')).toBe(1);
      expect(await store.claimWebhookStories(a.id, ['s1'], 'd2')).toEqual(['s1']);
      expect(await store.removeWebhook(a.id)).toBe(true);
      const again = await store.addWebhook({ url: 'https://a.example/in' });
      // A new id: nothing claimed for it yet.
      expect(await store.claimWebhookStories(again.id, ['s1'], 'd3')).toEqual(['s1']);
      expect(await store.pruneWebhookStories('2999-01-01T00:00:00.000Z')).toBe(1);
    });

    it('turns a disabled subscription back on, keeping its counts', async () => {
      const a = await store.addWebhook({ url: 'https://a.example/in' });
      await store.recordWebhookOutcome(a.id, gone(T1));
      expect(await store.enableWebhook(a.id)).toMatchObject({ status: 'active', disabledReason: null, failed: 1, lastErrorCode: 'WEBHOOK_GONE' });
      expect(await store.enableWebhook(a.id + 100)).toBeNull();
    });
  });
}
