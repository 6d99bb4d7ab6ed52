import { describe, expect, it } from 'vitest';
import type { FeedItem } from '../../../src/model.js';
import { toIngestItems } from '../../../src/pipeline/ingest-item.js';
import { searchTerms } from '../../../src/store/story-query.js';

const item = (over: Partial<FeedItem>): FeedItem => ({ guid: 'g1', url: 'https://a.example/1?utm_source=x', title: 'T', summary: '', contentHtml: '', publishedAt: null, author: null, categories: [], ...over });

describe('toIngestItems', () => {
  it('composes decomposed text (NFC), so one article in either form is one spelling for dedup and search', () => {
    const composed = 'Le café de Montréal ferme';
    const [nfd] = toIngestItems(1, [item({ title: composed.normalize('NFD'), summary: `<p>${composed.normalize('NFD')}</p>`, contentHtml: composed.normalize('NFD'), author: 'Zoë'.normalize('NFD'), categories: ['Économie'.normalize('NFD')] })], { maxItemChars: 1000 });
    expect(nfd).toMatchObject({ title: composed, summary: `<p>${composed}</p>`, contentHtml: composed, author: 'Zoë', categories: ['Économie'] });
    expect(searchTerms('café'.normalize('NFD')).all).toEqual(['café']);
  });

  it('replaces lone surrogates, which JSON consumers and the stores take differently', () => {
    const [one] = toIngestItems(1, [item({ title: 'Oil \ud800 surge', summary: 'a\udc00b' })], { maxItemChars: 1000 });
    expect(one).toMatchObject({ title: 'Oil \ufffd surge', summary: 'a\ufffdb' });
  });

  it('keys items by feed and guid, canonical URL without tracking parameters, one copy of a repeated guid', () => {
    const items = toIngestItems(7, [item({ title: 'new' }), item({ title: 'old' })], { maxItemChars: 1000 });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ key: '7:g1', title: 'new', canonicalUrl: 'https://a.example/1' });
  });
});
