import { describe, expect, it } from 'vitest';
import { cutField } from '../../../src/parse/text-construct.js';
import { parseFeed } from '../../../src/parse/parse-feed.js';
import { fixture } from './fixtures.js';

const FEED_URL = 'https://feeds.example.com/feed';

describe('parseFeed formats', () => {
  it.each([
    ['formats/rss-2.0.xml', 'rss', '2.0', 'World Desk & Wires', 'https://news.example.org/', 3],
    ['formats/rss-0.91.xml', 'rss', '0.91', 'Old School News', 'http://oldschool.example.com/', 2],
    ['formats/rss-0.90.rdf', 'rdf', '0.90', 'Netscape Era', 'http://netscape.example.com/', 2],
    ['formats/rss-1.0.rdf', 'rdf', '1.0', 'RDF Site Summary', 'https://rdf.example.net/', 2],
    ['formats/atom-1.0.xml', 'atom', 'atom10', 'Example & Co. Blog', 'https://atom.example.com/blog/', 2],
    ['formats/atom-0.3.xml', 'atom', 'atom03', 'Legacy Atom', 'http://legacy.example.com/', 2],
    ['formats/json-feed-1.1.json', 'json', 'json1.1', 'JSON & Friends', 'https://json.example.com/', 2],
    ['formats/json-feed-1.0.json', 'json', 'json1.0', 'Version one', 'https://v1.example.com/', 1],
  ])('%s is %s %s', (file, format, version, title, link, count) => {
    const feed = parseFeed(fixture(file), { url: FEED_URL });
    expect(feed).toMatchObject({ format, version, recovered: false, feed: { title, link } });
    expect(feed.items).toHaveLength(count);
    for (const item of feed.items) {
      expect(item.guid).not.toBe('');
      if (item.url !== null) expect(item.url).toMatch(/^https?:\/\//);
      if (item.publishedAt !== null) expect(item.publishedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    }
  });

  it('reads every RSS 2.0 item field', () => {
    const feed = parseFeed(fixture('formats/rss-2.0.xml'), { url: FEED_URL });
    expect(feed.feed).toEqual({
      title: 'World Desk & Wires',
      link: 'https://news.example.org/',
      description: 'Stories from the world desk',
      language: null,
      ttlMinutes: 30,
      updatePeriodMinutes: 15,
    });
    expect(feed.items[0]).toEqual({
      guid: 'urn:example:story:1001',
      url: 'https://news.example.org/2025/01/17/treaty',
      title: 'Russia and Iran sign a treaty',
      summary: '<p>The two countries <b>signed</b> a treaty.</p>',
      contentHtml: '<p>Full text of the <a href="https://feeds.example.com/2025/01/17/treaty#more">treaty story</a>.</p>',
      publishedAt: '2025-01-17T10:00:00.000Z',
      author: 'World Desk',
      categories: ['diplomacy', 'energy'],
      language: null,
    });
    expect(feed.items[1]).toMatchObject({ guid: 'https://news.example.org/2025/01/17/markets', url: 'https://news.example.org/2025/01/17/markets', publishedAt: '2025-01-17T13:30:00.000Z', author: 'Business Desk', categories: ['economy'] });
  });

  it.each([
    ['guid', '<guid isPermaLink="false">abc-1</guid><link>http://x.example/1</link>', 'abc-1', 'http://x.example/1'],
    ['permalink guid stands in for the link', '<guid>http://x.example/2</guid>', 'http://x.example/2', 'http://x.example/2'],
    ['non-permalink guid is no link', '<guid isPermaLink="false">http://x.example/3</guid>', 'http://x.example/3', null],
    ['link when no guid', '<link>http://x.example/4</link>', 'http://x.example/4', 'http://x.example/4'],
  ])('item id: %s', (_name, itemXml, guid, url) => {
    const feed = parseFeed(new TextEncoder().encode(`<rss version="2.0"><channel><item><title>t</title>${itemXml}</item></channel></rss>`));
    expect(feed.items[0]).toMatchObject({ guid, url });
  });

  it.each([
    ['rss', '<rss xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0"><channel><item><link>http://feedproxy.google.com/~r/x/1</link><feedburner:origLink>https://publisher.example.com/story</feedburner:origLink></item></channel></rss>'],
    ['atom', '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0"><entry><id>x</id><link href="http://feedproxy.google.com/~r/x/1"/><feedburner:origLink>https://publisher.example.com/story</feedburner:origLink></entry></feed>'],
  ])('prefers FeedBurner\'s original link to its redirect (%s)', (_format, doc) => {
    expect(parseFeed(new TextEncoder().encode(doc)).items[0]!.url).toBe('https://publisher.example.com/story');
  });

  it('falls back to a stable hash of title and content when an item has no id and no link', () => {
    const doc = (title: string) => new TextEncoder().encode(`<rss><channel><item><title>${title}</title><description>d</description></item></channel></rss>`);
    const a = parseFeed(doc('Same')).items[0]!.guid;
    expect(a).toMatch(/^sha256:[0-9a-f]{32}$/);
    expect(parseFeed(doc('Same')).items[0]!.guid).toBe(a);
    expect(parseFeed(doc('Other')).items[0]!.guid).not.toBe(a);
  });

  it('reads Atom text constructs: html title to text, text summary escaped, xhtml content unwrapped and sanitised', () => {
    const feed = parseFeed(fixture('formats/atom-1.0.xml'));
    expect(feed.feed.description).toBe('Notes from the team');
    expect(feed.items[0]).toEqual({
      guid: 'tag:atom.example.com,2025:post-2',
      url: 'https://atom.example.com/blog/posts/release-2',
      title: 'Release 2.0 is out',
      summary: 'Version 2 ships with &lt;faster&gt; parsing.',
      contentHtml: '<p>See the <a href="https://atom.example.com/docs/changelog">changelog</a>.</p><img src="https://atom.example.com/blog/img/chart.png" alt="chart">',
      publishedAt: '2025-01-15T07:00:00.000Z',
      author: 'Jo Writer',
      categories: ['releases', 'software'],
      language: null,
    });
    // Entry without author inherits the feed's; without published, updated is the date.
    expect(feed.items[1]).toMatchObject({ author: 'Team Example', publishedAt: '2025-01-10T00:00:00.000Z', contentHtml: '<p>Hello <a>there</a></p>' });
  });

  it('reads Atom 0.3 base64 and escaped content', () => {
    const feed = parseFeed(fixture('formats/atom-0.3.xml'));
    expect(feed.items.map((i) => i.contentHtml)).toEqual(['<p>Hello <b>world</b></p>', '<p>Escaped</p>']);
    expect(feed.items[0]!.publishedAt).toBe('2004-01-01T18:00:00.000Z');
  });

  it('reads JSON Feed items: ids as strings, external_url, content_text escaped, html sanitised', () => {
    const feed = parseFeed(fixture('formats/json-feed-1.1.json'), { url: FEED_URL });
    expect(feed.items[0]).toEqual({
      guid: '1',
      url: 'https://json.example.com/posts/1',
      title: 'First post',
      summary: 'Short &amp; sweet',
      contentHtml: '<p>Hello <a href="https://feeds.example.com/about">world</a></p>',
      publishedAt: '2025-01-17T09:00:00.000Z',
      author: 'Jay Son',
      categories: ['intro', 'meta'],
      language: null,
    });
    expect(feed.items[1]).toMatchObject({ guid: '2', url: 'https://elsewhere.example.org/story', contentHtml: 'Plain &lt;text&gt; only', author: 'Guest' });
  });

  it('uses the RDF item URI when an item has no link', () => {
    const feed = parseFeed(fixture('formats/rss-1.0.rdf'));
    expect(feed.items[1]).toMatchObject({ guid: 'https://rdf.example.net/b', url: 'https://rdf.example.net/b', contentHtml: '<p>About <em>B</em>.</p>' });
  });

  it('keeps the first maxItems items', () => {
    const items = Array.from({ length: 10 }, (_, i) => `<item><guid>g${i}</guid></item>`).join('');
    const feed = parseFeed(new TextEncoder().encode(`<rss><channel>${items}</channel></rss>`), { limits: { maxItems: 3 } });
    expect(feed.items.map((i) => i.guid)).toEqual(['g0', 'g1', 'g2']);
  });

  it.each([
    ['RSS <language>, an item\'s dc:language', '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>T</title><language> en-gb </language><item><title>a</title><guid>1</guid></item><item><title>b</title><guid>2</guid><dc:language>cy</dc:language></item></channel></rss>', 'en-gb', ['en-gb', 'cy']],
    ['RDF dc:language', '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel rdf:about="x"><title>T</title><dc:language>de</dc:language></channel><item rdf:about="https://a.example/1"><title>a</title></item></rdf:RDF>', 'de', ['de']],
    ['Atom xml:lang on the feed and an entry', '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr-CA"><title>T</title><entry><id>1</id><title>a</title></entry><entry xml:lang="en"><id>2</id><title>b</title></entry></feed>', 'fr-CA', ['fr-CA', 'en']],
    ['JSON Feed language on the feed and an item', JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'T', language: 'ru', items: [{ id: '1', title: 'a' }, { id: '2', title: 'b', language: 'uk' }] }), 'ru', ['ru', 'uk']],
    ['no declaration', '<rss version="2.0"><channel><title>T</title><item><title>a</title><guid>1</guid></item></channel></rss>', null, [null]],
    ['a declaration too long to be a language tag', `<rss version="2.0"><channel><title>T</title><language>${'x'.repeat(40)}</language><item><title>a</title><guid>1</guid></item></channel></rss>`, null, [null]],
  ])('reads the declared language: %s', (_name, body, feedLanguage, itemLanguages) => {
    const feed = parseFeed(Buffer.from(body), { url: FEED_URL });
    expect(feed.feed.language).toBe(feedLanguage);
    expect(feed.items.map((i) => i.language)).toEqual(itemLanguages);
  });

  it.each([
    ['RSS', (i: number) => `<item><title>Item ${i}</title><guid>g${i}</guid></item>`, (items: string) => `<rss version="2.0"><channel><title>Big</title>${items}</channel></rss>`],
    ['Atom', (i: number) => `<entry><id>g${i}</id><title>Item ${i}</title></entry>`, (items: string) => `<feed xmlns="http://www.w3.org/2005/Atom"><title>Big</title>${items}</feed>`],
  ])('stops reading a long %s document at the item past maxItems: the first ones kept, not taken for a cut-off document', (_name, item, doc) => {
    const body = doc(Array.from({ length: 20_000 }, (_, i) => item(i)).join(''));
    const feed = parseFeed(Buffer.from(body), { url: FEED_URL, limits: { maxItems: 10 } });
    expect(feed.items.map((i) => i.guid)).toEqual(Array.from({ length: 10 }, (_, i) => `g${i}`));
    expect(feed.feed.title).toBe('Big');
    expect(feed.recovered).toBe(false);
  });

  const para = '<p>Words <b>bold</b> &amp; <a href="/a">a link</a>.</p>';
  it.each([
    ['RSS description', (html: string) => `<rss version="2.0"><channel><title>T</title><item><guid>1</guid><title>A</title><description><![CDATA[${html}]]></description></item></channel></rss>`, 'summary'],
    ['RSS content:encoded', (html: string) => `<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>T</title><item><guid>1</guid><title>A</title><content:encoded><![CDATA[${html}]]></content:encoded></item></channel></rss>`, 'contentHtml'],
    ['Atom content', (html: string) => `<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><id>1</id><title>A</title><content type="html">${html.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</content></entry></feed>`, 'contentHtml'],
    ['JSON Feed content_html', (html: string) => JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'T', items: [{ id: '1', title: 'A', content_html: html }] }), 'contentHtml'],
  ] as const)('cuts a %s longer than maxFieldChars at a tag boundary before sanitising it', (_name, doc, field) => {
    const html = para.repeat(1000);
    const feed = parseFeed(Buffer.from(doc(html)), { url: FEED_URL, limits: { maxFieldChars: 1000 + 17 } });
    const out = feed.items[0]![field]!;
    // Sanitising makes links absolute: a little longer than what was read.
    const one = parseFeed(Buffer.from(doc(para)), { url: FEED_URL }).items[0]![field]!;
    expect(out.length).toBeGreaterThan(one.length * 15);
    expect(out.length).toBeLessThan(one.length * 30);
    expect(out.startsWith(one)).toBe(true);
    expect(out).not.toMatch(/&lt;|&amp;a?m?p?$/);
    // Without a limit of its own, the field is read whole (1,000,000 characters by default).
    expect(parseFeed(Buffer.from(doc(html)), { url: FEED_URL }).items[0]![field]!.length).toBeGreaterThan(40_000);
  });

  it.each([
    ['<p>abc</p><p>def', 15, '<p>abc</p><p>de'],
    ['<p>abc</p><a href="x">', 15, '<p>abc</p>'],
    ['abc &amp; def', 7, 'abc '],
    ['abc \u{1F600}', 5, 'abc '],
    ['short', 100, 'short'],
  ])('cutField(%j, %i) is %j', (raw, max, cut) => {
    expect(cutField(raw.replace('\\u{1F600}', '\u{1F600}'), max)).toBe(cut);
  });
});
