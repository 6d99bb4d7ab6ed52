import { describe, expect, it } from 'vitest';
import { decodeBody } from '../../../src/parse/decode-body.js';
import { parseFeed } from '../../../src/parse/parse-feed.js';
import { TEXTS } from '../../fixtures/feeds/charsets/generate.js';
import { bytes, fixture } from './fixtures.js';

const RU = TEXTS.russian;
const ZH = TEXTS.chineseSimplified;
const TW = TEXTS.chineseTraditional;
const JA = TEXTS.japanese;
const KO = TEXTS.korean;
const WE = TEXTS.western;

describe('charset decoding of feeds', () => {
  it.each([
    // file, content-type, encoding, title, first item title, recovered
    ['windows-1251-undeclared.xml', null, 'windows-1251', RU, true],
    ['koi8-r-undeclared.xml', null, 'koi8-r', RU, true],
    ['koi8-r-declared.xml', null, 'koi8-r', RU, false],
    ['gb18030-undeclared.xml', null, 'gb18030', ZH, true],
    ['gb2312-declared.xml', null, 'gbk', ZH, false],
    ['big5-undeclared.xml', null, 'big5', TW, true],
    ['shift_jis-undeclared.xml', null, 'shift_jis', JA, true],
    ['euc-jp-undeclared.xml', null, 'euc-jp', JA, true],
    ['euc-kr-undeclared.xml', null, 'euc-kr', KO, true],
    ['windows-1252-undeclared.xml', null, 'windows-1252', WE, true],
    ['iso-8859-1-declared-cp1252-bytes.xml', null, 'windows-1252', WE, false],
    ['utf-8-declared-latin1-bytes.xml', null, 'windows-1252', WE, true],
    ['latin1-declared-utf-8-bytes.xml', null, 'utf-8', WE, true],
    ['windows-1251-header-only.xml', 'application/rss+xml; charset=windows-1251', 'windows-1251', RU, false],
    ['utf-8-bom.xml', null, 'utf-8', JA, false],
    ['utf-16le-bom.xml', null, 'utf-16le', KO, false],
    ['utf-16be-no-bom.xml', null, 'utf-16be', RU, false],
    ['utf-32le-bom.xml', null, 'utf-32le', ZH, false],
  ])('%s (content-type %s) reads as %s', (file, contentType, encoding, text, recovered) => {
    const feed = parseFeed(fixture(`charsets/${file}`), { contentType });
    expect(feed.encoding).toBe(encoding);
    expect(feed.recovered).toBe(recovered);
    expect(feed.feed.title).toBe(text.title);
    expect(feed.items.map((i) => i.title)).toEqual(text.items.map(([title]) => title));
    expect(feed.items[0]!.summary).toBe(text.items[0][1].replace(/&/g, '&amp;'));
  });

  it.each([
    ['BOM beats header and prolog', [0xef, 0xbb, 0xbf], 'text/xml; charset=windows-1251', '<?xml version="1.0" encoding="koi8-r"?><r/>', 'utf-8'],
    ['header beats prolog', [], 'text/xml; charset="KOI8-R"', '<?xml version="1.0" encoding="windows-1251"?><r/>', 'koi8-r'],
    ['prolog when no header', [], null, "<?xml version='1.0' encoding='ISO-8859-5'?><r/>", 'iso-8859-5'],
    ['unknown header label falls through to the prolog', [], 'text/xml; charset=bogus', '<?xml version="1.0" encoding="windows-1251"?><r/>', 'windows-1251'],
    ['unknown prolog label falls back to detection', [], null, '<?xml version="1.0" encoding="invalid"?><r/>', 'utf-8'],
    ['us-ascii is windows-1252', [], 'text/xml; charset=us-ascii', '<r/>', 'windows-1252'],
    ['ISO-2022-JP by its escape sequences', [], null, '<r>\u001b$B$3$s$K$A$O\u001b(B</r>', 'iso-2022-jp'],
  ])('%s', (_name, bom, contentType, doc, encoding) => {
    expect(decodeBody(Buffer.concat([Buffer.from(bom), Buffer.from(doc, 'latin1')]), contentType).encoding).toBe(encoding);
  });

  it('reads windows-1252 code points in ISO-8859-1 feeds and in numeric references', () => {
    const body = Buffer.concat([Buffer.from('<?xml version="1.0" encoding="iso-8859-1"?><rss><channel><title>don'), Buffer.from([0x92]), Buffer.from('t &#147;quote&#148; &#128;</title></channel></rss>')]);
    expect(parseFeed(body).feed.title).toBe('don’t “quote” €');
  });

  it('reads C1 controls in UTF-8 text as windows-1252 and drops characters illegal in XML', () => {
    const feed = parseFeed(bytes('<rss><channel><title>don\u0092t\u0001 \u0000stop&#0;&#x1F;&#xFFFE;</title></channel></rss>'));
    expect(feed.feed.title).toBe('don’t stop');
  });

  it('keeps UTF-8 and reads stray invalid bytes as windows-1252 in mostly-UTF-8 documents', () => {
    const body = Buffer.concat([Buffer.from('<rss><channel><title>Zürich ünd Köln, caf'), Buffer.from([0xe9]), Buffer.from('</title></channel></rss>')]);
    const feed = parseFeed(body);
    expect(feed).toMatchObject({ encoding: 'utf-8', recovered: true, feed: { title: 'Zürich ünd Köln, café' } });
  });

  it('decodes UTF-32 big-endian without a BOM', () => {
    const text = '<rss><channel><title>Привет</title></channel></rss>';
    const body = Buffer.alloc(text.length * 4);
    [...text].forEach((ch, i) => body.writeUInt32BE(ch.codePointAt(0)!, i * 4));
    expect(parseFeed(body)).toMatchObject({ encoding: 'utf-32be', feed: { title: 'Привет' } });
  });
});
