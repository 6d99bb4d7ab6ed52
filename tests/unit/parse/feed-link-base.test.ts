import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../../src/parse/parse-feed.js';
import { fixture } from './fixtures.js';

/**
 * Without a document URL (`newsfeed parse FILE` with no --url), what is still relative after
 * xml:base resolves against the feed's own absolute link; a document URL, when given, comes first.
 */
describe('relative URLs without a document URL', () => {
  it.each<[string, string | null, number, Record<string, string>]>([
    // RSS: the channel <link>.
    ['formats/relative-links-rss.xml', null, 0, {
      guid: 'https://news.example.org/2025/01/story-1',
      url: 'https://news.example.org/rel/path',
      summary: '<img src="https://news.example.org/i.png" alt="map"> <a href="https://news.example.org/world/story-2.html">next</a>',
      contentHtml: '<p><a href="https://news.example.org/about">about</a> <img srcset="https://news.example.org/s.png 1x, https://news.example.org/l.png 2x" src="https://news.example.org/l.png"> <a href="https://elsewhere.example.net/x">abs</a></p>',
    }],
    // A relative xml:base resolves against the channel link too.
    ['formats/relative-links-rss.xml', null, 1, { guid: 'story-2', url: 'https://news.example.org/world/sub/page.html', summary: '<img src="https://news.example.org/world/sub/i2.png">' }],
    // An absolute xml:base wins over the channel link.
    ['formats/relative-links-rss.xml', null, 2, { url: 'https://cdn.example.com/base/page.html', summary: '<img src="https://cdn.example.com/base/i3.png">' }],
    // The document URL wins over the channel link.
    ['formats/relative-links-rss.xml', 'https://feeds.example.net/x/feed.xml', 0, {
      guid: 'https://feeds.example.net/2025/01/story-1',
      url: 'https://feeds.example.net/rel/path',
      summary: '<img src="https://feeds.example.net/i.png" alt="map"> <a href="https://feeds.example.net/x/story-2.html">next</a>',
    }],
    ['formats/relative-links-rss.xml', 'https://feeds.example.net/x/feed.xml', 1, { url: 'https://feeds.example.net/x/sub/page.html' }],
    // Atom: the alternate link (not the self link).
    ['formats/relative-links-atom.xml', null, 0, {
      guid: 'https://blog.example.com/posts/1',
      url: 'https://blog.example.com/posts/1',
      summary: '<a href="https://blog.example.com/notes/2">the next one</a>',
      contentHtml: '<img src="https://blog.example.com/i.png">',
    }],
    ['formats/relative-links-atom.xml', null, 1, { url: 'https://blog.example.com/notes/drafts/d1.html', contentHtml: '<img src="https://blog.example.com/notes/drafts/d1.png">' }],
    // Atom with an absolute xml:base on the feed: the base, as before.
    ['formats/xml-base-atom.xml', null, 0, { url: 'http://base.example.com/root/entries/one.html', guid: 'http://base.example.com/ids/1' }],
    // JSON Feed: home_page_url (feed_url when it has one).
    ['formats/relative-links.json', null, 0, { url: 'https://json.example.com/p/1', contentHtml: '<img src="https://json.example.com/i.png"> <a href="https://json.example.com/blog/p/2">next</a>' }],
    ['formats/relative-links.json', null, 1, { url: 'https://json.example.com/blog/elsewhere.html' }],
  ])('%s with url %s, item %i', (file, url, index, expected) => {
    const feed = parseFeed(fixture(file), { url });
    expect(feed.items[index]).toMatchObject(expected);
  });

  it.each([
    ['formats/relative-links-rss.xml', 'https://news.example.org/world/'],
    ['formats/relative-links-atom.xml', 'https://blog.example.com/notes/'],
    ['formats/relative-links.json', 'https://json.example.com/blog/'],
  ])('keeps the feed link of %s as it is', (file, link) => {
    expect(parseFeed(fixture(file)).feed.link).toBe(link);
  });

  it('leaves a link relative to a relative channel link unresolved (no absolute base anywhere)', () => {
    const feed = parseFeed(fixture('formats/relative-rss.xml'));
    expect(feed.items[0]).toMatchObject({ url: null, summary: '<a href="../about">about</a> <img src="//cdn.example.net/i.png">' });
  });
});
