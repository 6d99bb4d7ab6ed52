import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OpmlError } from '../../../src/opml/errors.js';
import { NEWSFEED_OPML_NS, parseOpml, type OpmlFeed } from '../../../src/opml/parse-opml.js';
import { decodeEntities } from '../../../src/opml/scan-xml-tags.js';
import { escapeXml, writeOpml } from '../../../src/opml/write-opml.js';

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../../fixtures/opml/${name}`, import.meta.url)), 'utf8');
const feed = (url: string, title: string | null, categories: string[] = [], siteUrl: string | null = null): OpmlFeed => ({ url, title, siteUrl, categories });

describe('parseOpml', () => {
  it.each<[string, OpmlFeed[]]>([
    [
      'nested.opml',
      [
        feed('https://wire.example/world.rss', 'Wire Desk', ['World'], 'https://wire.example/'),
        feed('https://gulf.example/feed', 'Gulf Times', ['World/Middle East', 'Energy/Oil', 'Favourites'], 'https://gulf.example'),
        feed('https://lab.example/atom.xml', 'Lab Notes', ['Tech/AI/Research']),
        feed('https://top.example/rss', 'Top level'),
      ],
    ],
    [
      'feedly.opml',
      [
        feed('http://foreign.example/rss.xml', 'Foreign Desk', ['Diplomacy'], 'http://foreign.example'),
        feed('https://treaties.example/feed/', 'Treaty Watch', ['Diplomacy', 'Energy'], 'https://treaties.example'),
        feed('https://pipelines.example/rss', 'Pipeline News', ['Energy'], 'https://pipelines.example/'),
      ],
    ],
    [
      'variants.opml',
      [
        feed('https://lemonde.example/rss?a=1&b=2', 'Le Monde édition', ['News & Politics'], 'https://lemonde.example/'),
        feed('https://resume.example/feed', 'Résumé', ['News & Politics']),
        feed('https://single.example/rss', 'Single quoted', ['News & Politics'], 'https://single.example'),
        feed('https://nbsp.example/feed', 'NBSP title', ['News & Politics']),
        feed('http://oldscheme.example/rss', 'Old scheme', ['Podcasts']),
        feed('https://feedhttps.example/rss', 'Feed https', ['Podcasts']),
        feed('https://urlattr.example/rss', 'Url attribute', ['Podcasts']),
        feed('https://spaced.example/rss', 'Spaced title'),
        feed('https://untitled.example/rss', null),
        feed('https://inside.example/rss', 'Inside unclosed', ['Unclosed folder']),
      ],
    ],
  ])('%s', (name, expected) => {
    expect(parseOpml(fixture(name))).toEqual(expected);
  });

  it.each([
    ['an RSS feed', fixture('not-opml.xml'), '<rss>'],
    ['an HTML page', fixture('html-page.html'), '<html>'],
    ['empty input', '', 'no element'],
    ['plain text', 'hello, world', 'no element'],
    ['JSON', '{"feeds": []}', 'no element'],
  ])('refuses %s with OPML_INVALID', (_name, text, mention) => {
    let caught: unknown;
    try {
      parseOpml(text);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(OpmlError);
    expect((caught as OpmlError).code).toBe('OPML_INVALID');
    expect((caught as OpmlError).retryable).toBe(false);
    expect((caught as OpmlError).message).toContain(mention);
  });

  it.each([
    ['an OPML without body', '<opml version="2.0"><head/></opml>', []],
    ['a namespaced root', '<x:opml xmlns:x="urn:x"><body><outline xmlUrl="https://a.example/"/></body></x:opml>', [feed('https://a.example/', null)]],
    ['duplicates differing in host case', '<opml><body><outline text="A" xmlUrl="https://A.example/rss"/><outline text="B" xmlUrl="https://a.example/rss"/></body></opml>', [feed('https://A.example/rss', 'A')]],
    ['an outline with an empty xmlUrl as a folder', '<opml><body><outline text="F" xmlUrl=""><outline xmlUrl="https://f.example/"/></outline></body></opml>', [feed('https://f.example/', null, ['F'])]],
    ['a feed nested in a feed', '<opml><body><outline text="D"><outline text="P" xmlUrl="https://p.example/"><outline text="C" xmlUrl="https://c.example/"/></outline></outline></body></opml>', [feed('https://p.example/', 'P', ['D']), feed('https://c.example/', 'C', ['D'])]],
  ])('reads %s', (_name, text, expected) => {
    expect(parseOpml(text)).toEqual(expected);
  });
});

describe('writeOpml', () => {
  it('round-trips the fixtures', () => {
    for (const name of ['nested.opml', 'feedly.opml', 'variants.opml']) {
      const feeds = parseOpml(fixture(name));
      const again = parseOpml(writeOpml(feeds));
      const byUrl = (a: OpmlFeed, b: OpmlFeed) => a.url.localeCompare(b.url);
      expect([...again].sort(byUrl)).toEqual([...feeds].sort(byUrl));
    }
  });

  it('writes folders, titles, urls and escapes', () => {
    const text = writeOpml(
      [
        feed('https://a.example/rss?x=1&y=2', 'Tom & "Jerry" <3', ['World/Europe', 'Favourites'], 'https://a.example/'),
        feed('https://b.example/rss', null, ['World']),
      ],
      { title: 'Mine & yours', dateCreated: new Date('2025-01-17T10:00:00Z') },
    );
    expect(text).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0">',
        '  <head>',
        '    <title>Mine &amp; yours</title>',
        '    <dateCreated>Fri, 17 Jan 2025 10:00:00 GMT</dateCreated>',
        '  </head>',
        '  <body>',
        '    <outline text="World" title="World">',
        '      <outline text="Europe" title="Europe">',
        '        <outline type="rss" text="Tom &amp; &quot;Jerry&quot; &lt;3" title="Tom &amp; &quot;Jerry&quot; &lt;3" xmlUrl="https://a.example/rss?x=1&amp;y=2" htmlUrl="https://a.example/" category="Favourites"/>',
        '      </outline>',
        '      <outline type="rss" text="https://b.example/rss" xmlUrl="https://b.example/rss"/>',
        '    </outline>',
        '  </body>',
        '</opml>',
        '',
      ].join('\n'),
    );
  });

  it('carries full text in its own namespaced attribute, and reads a FreshRSS full-content selector as full text on', () => {
    const text = writeOpml([{ ...feed('https://a.example/rss', 'A', []), fullText: true }, feed('https://b.example/rss', 'B', [])]);
    expect(text).toContain(`<opml version="2.0" xmlns:newsfeed="${NEWSFEED_OPML_NS}">`);
    expect(text).toContain('<outline type="rss" text="A" title="A" xmlUrl="https://a.example/rss" newsfeed:fullText="true"/>');
    expect(text).toContain('<outline type="rss" text="B" title="B" xmlUrl="https://b.example/rss"/>');
    expect(parseOpml(text)).toEqual([{ ...feed('https://a.example/rss', 'A', []), fullText: true }, feed('https://b.example/rss', 'B', [])]);
    expect(writeOpml([feed('https://b.example/rss', 'B', [])])).toContain('<opml version="2.0">');
    const freshRss = `<opml version="2.0" xmlns:frss="https://freshrss.org/opml"><body>
      <outline text="C" xmlUrl="https://c.example/rss" frss:cssFullContent="article .body"/>
      <outline text="D" xmlUrl="https://d.example/rss" frss:cssFullContent=""/>
      <outline text="E" xmlUrl="https://e.example/rss" newsfeed:fullText="false"/></body></opml>`;
    expect(parseOpml(freshRss).map((f) => [f.title, f.fullText ?? false, f.fullTextSelector ?? null])).toEqual([
      ['C', true, 'article .body'],
      ['D', false, null],
      ['E', false, null],
    ]);
  });

  it('carries a full-text selector, and drops a FreshRSS selector this project cannot apply (full text stays on)', () => {
    const withSelector = { ...feed('https://a.example/rss', 'A', []), fullText: true, fullTextSelector: 'div[itemprop="articleBody"] > p' };
    const text = writeOpml([withSelector]);
    expect(text).toContain('newsfeed:fullTextSelector="div[itemprop=&quot;articleBody&quot;] &gt; p"');
    expect(parseOpml(text)).toEqual([withSelector]);
    const freshRss = '<opml version="2.0"><body><outline text="C" xmlUrl="https://c.example/rss" frss:cssFullContent="article p:not(.ad)" frss:cssFullContentFilter=".ad"/></body></opml>';
    expect(parseOpml(freshRss)).toEqual([
      {
        ...feed('https://c.example/rss', 'C', []),
        fullText: true,
        warnings: [
          'full-text selector left out (pseudo-classes (":…") are not supported at character 10 of "article p:not(.ad)" (type, .class, #id, [attr=value], descendant and > combinators, comma lists)); the reader heuristic finds the article',
          'FreshRSS cssFullContentFilter is not supported: left out',
        ],
      },
    ]);
  });

  it('reads the settings under whatever prefix the document binds to their namespace, and skips FreshRSS scraper outlines', () => {
    const text = `<opml version="2.0" xmlns:nf="${NEWSFEED_OPML_NS}" xmlns:f="https://freshrss.org/opml"><body>
      <outline text="A" xmlUrl="https://a.example/rss" nf:fullText="true" nf:blockRule="^ad:" nf:keepRule="(x+)+"/>
      <outline text="B" xmlUrl="https://b.example/rss" f:cssFullContent=".body"/>
      <outline text="S" type="HTML+XPath" xmlUrl="https://s.example/news" f:xPathItem="//article"/></body></opml>`;
    const [a, b, scraper] = parseOpml(text);
    expect(a).toMatchObject({ fullText: true, blockRule: '^ad:', warnings: [expect.stringContaining('keep rule: a repeated group')] });
    expect(a!.keepRule).toBeUndefined();
    expect(b).toMatchObject({ fullText: true, fullTextSelector: '.body' });
    expect(scraper).toMatchObject({ url: 'https://s.example/news', unsupported: 'a FreshRSS HTML+XPath scraper outline, not a feed' });
  });

  it('takes a selector alone as full text on, and no frss: attribute when the document binds frss to another namespace', () => {
    const text = `<opml version="2.0" xmlns:frss="urn:not-freshrss"><body>
      <outline text="A" xmlUrl="https://a.example/rss" newsfeed:fullTextSelector=".story-body"/>
      <outline text="B" xmlUrl="https://b.example/rss" frss:cssFullContent=".body"/></body></opml>`;
    const [a, b] = parseOpml(text);
    expect(a).toMatchObject({ fullText: true, fullTextSelector: '.story-body' });
    expect(b!.fullText).toBeUndefined();
  });

  it.each([
    ['a\u0000b\u0008c', 'abc'],
    ['tab\there', 'tab&#9;here'],
    ["it's", 'it&apos;s'],
    ['lone \ud800 surrogate', 'lone  surrogate'],
    ['emoji 📰', 'emoji 📰'],
  ])('escapeXml(%j) = %j', (input, expected) => {
    expect(escapeXml(input)).toBe(expected);
  });

  it('round-trips arbitrary titles, urls and category paths', () => {
    const segment = fc.string({ minLength: 1, maxLength: 12 }).map((s) => s.replace(/[\s/,]+/g, ' ').trim()).filter((s) => s !== '');
    const text = fc.string({ maxLength: 30 }).map((s) => s.replace(/\s+/g, ' ').trim());
    const arbFeed = fc.record({
      url: fc.webUrl(),
      title: fc.option(text.filter((t) => t !== ''), { nil: null }),
      siteUrl: fc.option(fc.webUrl(), { nil: null }),
      categories: fc.uniqueArray(fc.array(segment, { minLength: 1, maxLength: 3 }).map((p) => p.join('/')), { maxLength: 3 }),
    });
    fc.assert(
      fc.property(fc.uniqueArray(arbFeed, { selector: (f) => new URL(f.url).href, maxLength: 8 }), (feeds) => {
        const expected = feeds.map((f) => ({ ...f, title: f.title === f.url ? null : f.title }));
        const again = parseOpml(writeOpml(feeds));
        const byUrl = (a: OpmlFeed, b: OpmlFeed) => a.url.localeCompare(b.url);
        expect([...again].sort(byUrl)).toEqual([...expected].sort(byUrl));
      }),
      { numRuns: 200 },
    );
  });
});

describe('decodeEntities', () => {
  it.each([
    ['a &amp; b', 'a & b'],
    ['&lt;&gt;&quot;&apos;', '<>"\''],
    ['&#233;&#xE9;&#XE9;', 'ééé'],
    ['&eacute;&Eacute;&nbsp;', 'éÉ\u00a0'],
    ['&unknown; &#0; &#xD800;', '&unknown; &#0; &#xD800;'],
    ['&amp;amp;', '&amp;'],
  ])('%j -> %j', (input, expected) => {
    expect(decodeEntities(input)).toBe(expected);
  });
});
