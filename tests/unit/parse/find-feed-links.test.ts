import { describe, expect, it } from 'vitest';
import { findFeedLinks } from '../../../src/parse/find-feed-links.js';

const PAGE = 'https://news.example/world/story.html';
const head = (links: string) => `<!DOCTYPE html><html><head><title>News</title>${links}</head><body><p>Text</p></body></html>`;

describe('findFeedLinks', () => {
  it.each([
    ['an RSS autodiscovery link, relative', head('<link rel="alternate" type="application/rss+xml" title="News RSS" href="/feed.xml">'), [['https://news.example/feed.xml', 'News RSS', 'link']]],
    ['an Atom link, relative to the page', head('<link rel="alternate" type="application/atom+xml" href="atom.xml">'), [['https://news.example/world/atom.xml', null, 'link']]],
    ['a JSON Feed link', head('<link rel="alternate" type="application/feed+json" href="https://news.example/feed.json">'), [['https://news.example/feed.json', null, 'link']]],
    ['any case, unquoted, rel with other tokens, a charset parameter', head('<LINK REL="Alternate Feed" TYPE="Application/RSS+XML; charset=utf-8" HREF=/rss>'), [['https://news.example/rss', null, 'link']]],
    ['a <base href>', head('<base href="https://cdn.example/site/"><link rel="alternate" type="application/rss+xml" href="feed">'), [['https://cdn.example/site/feed', null, 'link']]],
    ['a stylesheet, an icon, a canonical link and a translation', head('<link rel="stylesheet" href="a.css"><link rel="icon" href="f.ico"><link rel="canonical" href="/x"><link rel="alternate" hreflang="fr" href="/fr/">'), []],
    ["WordPress's REST API alternate", head('<link rel="alternate" type="application/json" href="https://news.example/wp-json/wp/v2/posts/12">'), []],
    ['a javascript: address', head('<link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">'), []],
    [
      'the comments feed after the site feed',
      head('<link rel="alternate" type="application/rss+xml" title="News &raquo; Comments Feed" href="/comments/feed/"><link rel="alternate" type="application/rss+xml" title="News &raquo; Feed" href="/feed/">'),
      [
        ['https://news.example/feed/', 'News » Feed', 'link'],
        ['https://news.example/comments/feed/', 'News » Comments Feed', 'link'],
      ],
    ],
    [
      'the same feed twice (fragment aside), once',
      head('<link rel="alternate" type="application/rss+xml" href="/feed.xml"><link rel="alternate" type="application/rss+xml" href="/feed.xml#top">'),
      [['https://news.example/feed.xml', null, 'link']],
    ],
    [
      'feed-like anchors after the links, with their text',
      head('<link rel="alternate" type="application/atom+xml" href="/atom.xml">') + '<a href="/about">About</a><a href="/rss/world.xml">World <b>RSS</b></a><a href="https://feeds.example/news">Feeds</a><a href="/news/atomic-energy">Atoms</a><a href="?feed=rss2">RSS 2</a>',
      [
        ['https://news.example/atom.xml', null, 'link'],
        ['https://news.example/rss/world.xml', 'World RSS', 'anchor'],
        ['https://feeds.example/news', 'Feeds', 'anchor'],
        ['https://news.example/world/story.html?feed=rss2', 'RSS 2', 'anchor'],
      ],
    ],
    ['the page itself', head('<link rel="alternate" type="application/rss+xml" href="story.html">'), []],
    ['no head, unclosed tags', '<link rel=alternate type=application/rss+xml href=/f.rss><p>x', [['https://news.example/f.rss', null, 'link']]],
  ])('%s', (_name, html, expected) => {
    expect(findFeedLinks(html, PAGE).map((l) => [l.url, l.title, l.via])).toEqual(expected);
  });

  it('without a page address keeps only absolute links', () => {
    const html = head('<link rel="alternate" type="application/rss+xml" href="/feed.xml"><link rel="alternate" type="application/atom+xml" href="https://a.example/atom">');
    expect(findFeedLinks(html, null).map((l) => l.url)).toEqual(['https://a.example/atom']);
  });

  it('reads at most 50 links and 50 anchors of a page of thousands', () => {
    const many = Array.from({ length: 5000 }, (_, i) => `<link rel="alternate" type="application/rss+xml" href="/f${i}.rss"><a href="/rss/${i}">r</a>`).join('');
    const links = findFeedLinks(head(many), PAGE);
    expect(links.filter((l) => l.via === 'link')).toHaveLength(50);
    expect(links.filter((l) => l.via === 'anchor')).toHaveLength(50);
  });
});
