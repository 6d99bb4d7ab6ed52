import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../../src/parse/parse-feed.js';
import { fixture } from './fixtures.js';

describe('relative URLs', () => {
  it('resolves links, ids and content URLs against nested xml:base', () => {
    const feed = parseFeed(fixture('formats/xml-base-atom.xml'));
    expect(feed.feed.link).toBe('http://base.example.com/root/home/');
    expect(feed.items[0]).toMatchObject({
      guid: 'http://base.example.com/ids/1',
      url: 'http://base.example.com/root/entries/one.html',
      summary: '<a href="http://base.example.com/root/summaries/s.html">summary link</a>',
      contentHtml: '<img src="http://other.example.org/x/pic.png"> <a href="http://other.example.org/abs">abs</a>',
    });
  });

  it('ignores an xml:base with an unsafe scheme', () => {
    expect(parseFeed(fixture('formats/xml-base-atom.xml')).items[1]!.url).toBe('http://base.example.com/root/two.html');
  });

  it('resolves against the feed URL when the document has no xml:base', () => {
    const feed = parseFeed(fixture('formats/relative-rss.xml'), { url: 'https://feeds.example.com/news/feed.xml' });
    expect(feed.feed.link).toBe('https://feeds.example.com/');
    expect(feed.items[0]).toEqual(
      expect.objectContaining({
        guid: 'https://feeds.example.com/posts/1',
        url: 'https://feeds.example.com/news/posts/1.html',
        summary: '<a href="https://feeds.example.com/about">about</a> <img src="https://cdn.example.net/i.png">',
      }),
    );
  });

  it('leaves url null when a relative link cannot be resolved, and keeps relative content URLs relative', () => {
    const feed = parseFeed(fixture('formats/relative-rss.xml'));
    expect(feed.feed.link).toBeNull();
    expect(feed.items[0]).toMatchObject({ url: null, guid: '/posts/1', summary: '<a href="../about">about</a> <img src="//cdn.example.net/i.png">' });
  });
});
