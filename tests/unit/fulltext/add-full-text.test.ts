import { readFileSync } from 'node:fs';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { FetchError } from '../../../src/fetch/errors.js';
import { addFullText } from '../../../src/fulltext/add-full-text.js';
import { createMemoryCounters } from '../../../src/metrics/counters.js';
import type { IngestItem } from '../../../src/pipeline/ingest-item.js';

const page = readFileSync(new URL('../../fixtures/fulltext/news-page.html', import.meta.url));
const item = (n: number, url: string | null = `https://news.example/${n}`): IngestItem =>
  ({ key: `1:${n}`, guid: String(n), url, canonicalUrl: url, title: `Item ${n}`, summary: 'A teaser.', contentHtml: '', publishedAt: null, author: null, categories: [], contentHash: String(n) }) as IngestItem;
const settings = { maxPerPoll: 10, minWords: 150, concurrency: 2, budgetMs: 20_000 };

describe('addFullText', () => {
  it('fetches a page linked by two items once, and leaves items without a link or with text of their own', async () => {
    const fetched: string[] = [];
    const counters = createMemoryCounters();
    const long = { ...item(3), contentHtml: `<p>${'word '.repeat(200)}</p>` };
    const out = await addFullText([item(1, 'https://news.example/same'), item(2, 'https://news.example/same'), long, item(4, null)], {
      fetchPage: async (url) => (fetched.push(url), { body: page, contentType: 'text/html; charset=utf-8' }),
      settings, counters, log: pino({ level: 'silent' }),
    });
    expect(fetched).toEqual(['https://news.example/same']);
    expect(out.map((i) => i.contentHtml.startsWith('<p>Cyclone Mara'))).toEqual([true, true, false, false]);
    expect(counters.snapshot().get('articlesFetched|outcome=extracted')).toBe(2);
  });

  it('starts no page after its budget: the rest keep the feed text, counted as skipped', async () => {
    let t = 0;
    const counters = createMemoryCounters();
    const out = await addFullText([item(1), item(2), item(3), item(4)], {
      fetchPage: async () => ((t += 15_000), { body: page, contentType: 'text/html' }),
      settings: { ...settings, concurrency: 1 }, counters, log: pino({ level: 'silent' }), now: () => t,
    });
    expect(out.map((i) => i.contentHtml !== '')).toEqual([true, true, false, false]);
    expect(counters.snapshot().get('articlesFetched|outcome=skipped')).toBe(2);
  });

  it('fetches maxPerPoll pages at most: the items beyond keep the feed text, counted as skipped', async () => {
    const counters = createMemoryCounters();
    const out = await addFullText([item(1), item(2), item(3), item(4), item(5)], {
      fetchPage: async () => ({ body: page, contentType: 'text/html' }),
      settings: { ...settings, maxPerPoll: 3 }, counters, log: pino({ level: 'silent' }),
    });
    expect(out.map((i) => i.contentHtml !== '')).toEqual([true, true, true, false, false]);
    expect(counters.snapshot().get('articlesFetched|outcome=skipped')).toBe(2);
  });

  it('gives the poll up on shutdown (FETCH_ABORTED), and only then', async () => {
    const deps = (code: string) => ({
      fetchPage: async () => {
        throw new FetchError(code as 'FETCH_ABORTED', 'stop');
      },
      settings, counters: createMemoryCounters(), log: pino({ level: 'silent' }),
    });
    await expect(addFullText([item(1)], deps('FETCH_ABORTED'))).rejects.toMatchObject({ code: 'FETCH_ABORTED' });
    expect((await addFullText([item(1)], deps('FETCH_TIMEOUT')))[0]!.contentHtml).toBe('');
  });
});
