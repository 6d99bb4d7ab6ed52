import { describe, expect, it } from 'vitest';
import { PARSE_ERROR_CODES, ParseError } from '../../../src/parse/errors.js';
import { parseFeed } from '../../../src/parse/parse-feed.js';
import { bytes, fixture } from './fixtures.js';

function parseError(run: () => unknown): ParseError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(ParseError);
    return err as ParseError;
  }
  throw new Error('expected a ParseError');
}

describe('recovery of ill-formed feeds', () => {
  it.each([
    ['unescaped-ampersand.xml', 'unescaped &', 'Fish & Chips Daily', { title: 'Salt & vinegar & more', url: 'http://chips.example.com/story?id=7&ref=rss', summary: 'Tom &amp; Jerry; R&amp;D &amp; more' }],
    ['html-entities.xml', 'undeclared HTML entity', 'Café\u00a0Society — news…', { title: '«Naïve» €5 © &undefinedentity;', summary: '<p>é stays escaped</p>' }],
    ['junk-before-root.xml', 'text outside the root element', 'Behind a PHP warning', { title: 'Still here', url: 'http://php.example.com/1' }],
    ['unclosed-tags.xml', 'unclosed element', 'Unclosed', { title: 'Inline HTML', summary: 'Line one<br>line two<p>para</p>' }],
    ['mismatched-case.xml', 'mismatched tag case', 'Case Study', { title: 'Upper', url: 'http://case.example.com/1' }],
    ['truncated.xml', 'unclosed elements at end of document', 'Cut short', { title: 'Complete item', summary: '<p>whole</p>' }],
    ['unquoted-attributes.xml', 'unquoted attribute value', 'Unquoted', { title: 'Entry', url: 'http://unquoted.example.com/1', contentHtml: '<b>bold</b>' }],
    ['undeclared-prefix.xml', 'undeclared namespace prefix', 'Lazy namespaces', { author: 'Pat Prefix', publishedAt: '2025-01-17T10:00:00.000Z', contentHtml: '<p>Body</p>' }],
  ])('%s is recovered (%s)', (file, note, title, firstItem) => {
    const feed = parseFeed(fixture(`recovery/${file}`));
    expect(feed.recovered).toBe(true);
    expect(feed.recoveryNotes).toContain(note);
    expect(feed.feed.title).toBe(title);
    expect(feed.items[0]).toMatchObject(firstItem);
  });

  it('keeps the items after an unclosed field and the partial last item of a truncated feed', () => {
    expect(parseFeed(fixture('recovery/unclosed-tags.xml')).items[1]).toMatchObject({ title: 'Missing end tags', url: 'http://unclosed.example.com/2' });
    expect(parseFeed(fixture('recovery/truncated.xml')).items[1]).toMatchObject({ title: 'Partial item', summary: '<p>the connection dropped in the mid</p>' });
  });

  it('expands internal DTD entities, nested ones included, without calling it a recovery', () => {
    const feed = parseFeed(fixture('recovery/internal-entity.xml'));
    expect(feed).toMatchObject({ recovered: false, feed: { title: 'Entity Gazette', description: 'Entity Gazette at http://entity.example.com' } });
    expect(feed.items[0]!.url).toBe('http://entity.example.com/post/1');
  });

  it.each([
    ['billion-laughs.xml', {}],
    ['billion-laughs.xml', { maxEntityExpansions: 50, maxEntityChars: 1e9 }],
    ['recursive-entity.xml', {}],
  ])('%s stops at the entity limit %j', (file, limits) => {
    expect(parseError(() => parseFeed(fixture(`recovery/${file}`), { limits })).code).toBe(PARSE_ERROR_CODES.ENTITY_LIMIT);
  });

  it('stops quadratic blowup: one large entity referenced many times', () => {
    const value = 'x'.repeat(20_000);
    const refs = '&big;'.repeat(200);
    const doc = `<!DOCTYPE rss [<!ENTITY big "${value}">]><rss><channel><title>${refs}</title></channel></rss>`;
    expect(parseError(() => parseFeed(bytes(doc))).code).toBe(PARSE_ERROR_CODES.ENTITY_LIMIT);
    // Within the limits the same document parses.
    expect(parseFeed(bytes(doc), { limits: { maxFieldChars: 5_000_000, maxEntityChars: 5_000_000 } }).feed.title).toHaveLength(4_000_000);
  });

  it('never loads external entities or DTDs', () => {
    const feed = parseFeed(fixture('recovery/external-entity.xml'));
    expect(feed.feed.title).toBe('Safe[]');
    expect(feed.recoveryNotes).toContain('external entity not loaded');
    expect(JSON.stringify(feed)).not.toMatch(/root:|evil|never-fetched/);
  });

  it('refuses nesting deeper than maxDepth', () => {
    const deep = `<rss><channel>${'<x>'.repeat(300)}</channel></rss>`;
    expect(parseError(() => parseFeed(bytes(deep))).code).toBe(PARSE_ERROR_CODES.TOO_DEEP);
    expect(parseFeed(bytes(deep), { limits: { maxDepth: 1000 } }).format).toBe('rss');
  });

  it('reads a feed wrapped in another element', () => {
    const feed = parseFeed(bytes('<response><body><rss><channel><title>Wrapped</title></channel></rss></body></response>'));
    expect(feed).toMatchObject({ recovered: true, feed: { title: 'Wrapped' } });
    expect(feed.recoveryNotes).toContain('feed element nested inside another element');
  });

  it.each([
    ['<rss><channel><title>a < b</title></channel></rss>', 'a < b', 'unescaped <'],
    ['<rss><channel><title>x</title><item><title>y</title></channel></rss>', 'x', 'unclosed element'],
    ['<rss><channel><title>x</title></channel></rss></rss>', 'x', 'stray end tag'],
    ['<rss><channel><title x="1>x</title></channel></rss>', 'x', 'unterminated attribute value'],
    ['<rss><channel><!-- never closed <title>x</title></channel></rss>', '', 'unterminated comment'],
  ])('%s', (doc, title, note) => {
    const feed = parseFeed(bytes(doc));
    expect(feed.feed.title).toBe(title);
    expect(feed.recoveryNotes).toContain(note);
  });
});

/**
 * Inputs built to make a careless reader quadratic (every `&` or quote searching to the end, stacks
 * rescanned). A linear reader finishes each in well under a second; a quadratic one would run into
 * the test timeout instead.
 */
describe('adversarial inputs end', () => {
  const N = 500_000;
  it.each([
    ['bare ampersands', `<rss><channel><title>${'&'.repeat(N)}</title></channel></rss>`],
    ['ampersands without semicolons', `<rss><channel><title>${'&a'.repeat(N / 2)}</title></channel></rss>`],
    ['quotes that never close', `<rss>${'<a b="x> '.repeat(N / 8)}`],
    ['end tags without >', `<rss>${'</a<'.repeat(N / 4)}`],
    ['lone <', `<rss>${'<'.repeat(N)}`],
    ['many attributes', `<rss><a ${'b="c" '.repeat(N / 6)}>`],
    ['escaped markup nesting', `<rss><channel><item><description>${'&lt;b&gt;'.repeat(N / 9)}</description></item></channel></rss>`],
    ['unclosed items', `<rss><channel>${'<item>'.repeat(N / 6)}</channel></rss>`],
    ['unclosed titles', `<rss><channel><item>${'<title>'.repeat(N / 7)}</item></channel></rss>`],
    ['many entity declarations', `<!DOCTYPE rss [${'<!ENTITY e "v">'.repeat(N / 16)}]><rss><channel><title>&e;</title></channel></rss>`],
  ])('%s', (_name, doc) => {
    try {
      expect(parseFeed(bytes(doc)).format).toBe('rss');
    } catch (err) {
      expect(err).toBeInstanceOf(ParseError);
    }
  });
});

describe('coded errors', () => {
  it.each([
    ['not-feeds/empty.xml', PARSE_ERROR_CODES.EMPTY],
    ['not-feeds/whitespace.xml', PARSE_ERROR_CODES.EMPTY],
    ['not-feeds/html-page.html', PARSE_ERROR_CODES.NOT_A_FEED],
    ['not-feeds/opml.xml', PARSE_ERROR_CODES.NOT_A_FEED],
    ['not-feeds/plain.json', PARSE_ERROR_CODES.NOT_A_FEED],
    ['not-feeds/text.txt', PARSE_ERROR_CODES.NOT_A_FEED],
    ['not-feeds/truncated.json', PARSE_ERROR_CODES.MALFORMED],
  ])('%s → %s', (file, code) => {
    const err = parseError(() => parseFeed(fixture(file)));
    expect(err).toMatchObject({ code, retryable: false });
    expect(err.message).not.toBe('');
  });

  it('shows a binary body\'s root "element" printable and short', () => {
    const err = parseError(() => parseFeed(Buffer.from([0x3c, 0x07, 0x3a, 0x66, 0x1b, 0x72, 0x00, 0x3e, ...Buffer.from('<x/>')])));
    expect(err.code).toBe(PARSE_ERROR_CODES.NOT_A_FEED);
    expect(err.message).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    const long = parseError(() => parseFeed(bytes(`<${'a'.repeat(500)}>text</${'a'.repeat(500)}>`)));
    expect(long.message.length).toBeLessThan(120);
  });

  it("names the feed an HTML page links to, so that an operator who added a site's page sees what to add", () => {
    const err = parseError(() => parseFeed(fixture('not-feeds/html-page.html'), { url: 'https://news.example/' }));
    expect(err).toMatchObject({ code: PARSE_ERROR_CODES.NOT_A_FEED, message: 'document is an HTML page; it announces the feed https://news.example/feed.xml', details: { root: 'html', feedLinks: ['https://news.example/feed.xml'] } });
    // A link that only looks like a feed's address is not named: it may be an article about RSS.
    const anchors = parseError(() => parseFeed(bytes('<!DOCTYPE html><html><body><p><a href="/rss-explained">What is RSS?</a></p></body></html>'), { url: 'https://news.example/' }));
    expect(anchors.message).toBe('document is an HTML page');
    const bare = parseError(() => parseFeed(bytes('<!DOCTYPE html><html><body><p>Hello</p></body></html>')));
    expect(bare).toMatchObject({ code: PARSE_ERROR_CODES.NOT_A_FEED, message: 'document is an HTML page', details: { root: 'html' } });
  });

  it('refuses bodies over maxBytes before reading them', () => {
    expect(parseError(() => parseFeed(new Uint8Array(2048), { limits: { maxBytes: 1024 } })).code).toBe(PARSE_ERROR_CODES.TOO_LARGE);
  });

  it('calls random bytes not a feed', () => {
    const random = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 251);
    expect(parseError(() => parseFeed(random)).code).toBe(PARSE_ERROR_CODES.NOT_A_FEED);
  });
});
