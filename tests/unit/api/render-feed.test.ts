import { describe, expect, it } from 'vitest';
import { renderJsonFeed, renderRss, sourceName, textToHtml } from '../../../src/api/render-feed.js';
import type { Story } from '../../../src/model.js';

const story = (feedUrl: string): Story => ({
  id: 's1',
  clusterId: 's1',
  title: 'Russia and Iran sign treaty',
  url: 'https://outlet-a.example/treaty',
  summary: 'A treaty.',
  publishedAt: '2025-01-17T10:00:00.000Z',
  ingestedAt: '2025-01-17T10:01:00.000Z',
  language: 'en',
  topics: [{ id: 'energy', score: 0.9 }],
  entities: { places: [], people: [], organizations: [] },
  sources: [
    { feedUrl, url: 'https://outlet-a.example/treaty', title: 'Russia and Iran sign treaty', publishedAt: null },
    { feedUrl: 'https://outlet-b.example/rss', url: 'https://outlet-b.example/x', title: 'Copy', publishedAt: null },
  ],
});

const channel = { title: 'newsfeed: Energy', description: 'Stories on Energy', selfUrl: 'https://api.example/api/topics/energy/feed.xml' };

describe('sourceName', () => {
  it.each([
    ['https://outlet-a.example/outlet-a.xml', { 'https://outlet-a.example/outlet-a.xml': 'Outlet A' }, 'Outlet A'],
    ['https://outlet-a.example/outlet-a.xml', { 'https://outlet-a.example/outlet-a.xml': '  ' }, 'outlet-a.example'],
    ['https://outlet-a.example:8443/outlet-a.xml', {}, 'outlet-a.example:8443'],
    ['not a url', {}, 'not a url'],
  ])('names %s', (url, titles, name) => {
    expect(sourceName(url, titles)).toBe(name);
  });
});

describe('renderRss', () => {
  it('names the <source> channel by its feed title, not the story title', () => {
    const xml = renderRss(channel, [story('https://outlet-a.example/outlet-a.xml')], { 'https://outlet-a.example/outlet-a.xml': 'Outlet A & Co' });
    expect(xml).toContain('<source url="https://outlet-a.example/outlet-a.xml">Outlet A &amp; Co</source>');
    expect(xml.match(/<source /g)).toHaveLength(1);
  });

  it('falls back to the feed URL host when the store knows no title', () => {
    const xml = renderRss(channel, [story('https://outlet-a.example/outlet-a.xml')]);
    expect(xml).toContain('<source url="https://outlet-a.example/outlet-a.xml">outlet-a.example</source>');
    expect(xml).not.toContain('>Russia and Iran sign treaty</source>');
  });
});

describe('stored text in the topic feeds', () => {
  it.each([
    ['One paragraph.', '<p>One paragraph.</p>'],
    ['First <b> & co.\n\nSecond\nline.', '<p>First &lt;b&gt; &amp; co.</p><p>Second<br>line.</p>'],
    ['\n\n  \n\n', ''],
  ])('turns %j into HTML paragraphs', (text, html) => {
    expect(textToHtml(text)).toBe(html);
  });

  it('carries the text as content:encoded and content_text, the summary beside it', () => {
    const withText = { ...story('https://outlet-a.example/outlet-a.xml'), text: 'Full text.\n\nMore.' };
    expect(renderRss(channel, [withText])).toContain('<content:encoded>&lt;p&gt;Full text.&lt;/p&gt;&lt;p&gt;More.&lt;/p&gt;</content:encoded>');
    expect(renderJsonFeed(channel, [withText]).items[0]).toMatchObject({ content_text: 'Full text.\n\nMore.', summary: 'A treaty.' });
    const without = story('https://outlet-a.example/outlet-a.xml');
    expect(renderRss(channel, [without])).not.toContain('<content:encoded>');
    expect(renderJsonFeed(channel, [without]).items[0]).toMatchObject({ content_text: 'A treaty.' });
    expect(renderJsonFeed(channel, [without]).items[0]).not.toHaveProperty('summary');
  });
});
