import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../../src/parse/parse-feed.js';
import { bytes, rss } from './fixtures.js';

function atomEntry(entryXml: string): ReturnType<typeof parseFeed>['items'][number] {
  return parseFeed(bytes(`<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>x</id>${entryXml}</entry></feed>`)).items[0]!;
}

describe('titles are plain text', () => {
  it.each([
    ['plain', 'Plain title', 'Plain title'],
    ['escaped HTML', 'A &lt;b&gt;bold&lt;/b&gt; move', 'A bold move'],
    ['CDATA HTML', '<![CDATA[A <em>CDATA</em> title]]>', 'A CDATA title'],
    ['inline HTML elements', 'An <b>inline</b> title', 'An inline title'],
    ['double-escaped entity', 'Fish &amp;amp; Chips', 'Fish & Chips'],
    ['numeric references', 'It&#8217;s &#x201C;here&#x201D;', 'It’s “here”'],
    ['script in escaped HTML', 'Safe&lt;script&gt;alert(1)&lt;/script&gt; title', 'Safe title'],
    ['whitespace collapsed', '  Line\n\t one  ', 'Line one'],
    ['lone less-than', 'a &lt; b', 'a < b'],
    ['breaks keep words apart', 'one&lt;br&gt;two&lt;p&gt;three', 'one two three'],
    ['an unknown tag-like word kept as text', 'Palmer &lt;stars&gt; for Chelsea', 'Palmer <stars> for Chelsea'],
    ['generics kept as text', 'Use List&lt;T&gt; in Java', 'Use List<T> in Java'],
    ['an unsafe element stripped', 'safe&lt;blink&gt;ly&lt;/blink&gt; done', 'safely done'],
    ['control characters dropped', 'Bell &#x7;here\u0001 and \u007fthere', 'Bell here and there'],
  ])('RSS title with %s', (_name, titleXml, expected) => {
    expect(parseFeed(rss(`<title>${titleXml}</title>`)).items[0]!.title).toBe(expected);
  });

  it.each([
    ['type="text" keeps markup-like text', '<title type="text">Use the &lt;b&gt; tag</title>', 'Use the <b> tag'],
    ['type="html"', '<title type="html">Use &lt;b&gt;bold&lt;/b&gt;</title>', 'Use bold'],
    ['type="xhtml"', '<title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">X<b>H</b>TML</div></title>', 'XHTML'],
    ['no type is text', '<title>a &amp;amp; b</title>', 'a & b'],
  ])('Atom title %s', (_name, xml, expected) => {
    expect(atomEntry(xml).title).toBe(expected);
  });
});

describe('Atom content types', () => {
  it.each([
    ['text', '<content type="text">1 &lt; 2 &amp; &lt;b&gt;</content>', '1 &lt; 2 &amp; &lt;b&gt;'],
    ['text/plain', '<content type="text/plain">plain &lt;i&gt;</content>', 'plain &lt;i&gt;'],
    ['default (text)', '<content>no type &lt;b&gt;</content>', 'no type &lt;b&gt;'],
    ['html', '<content type="html">&lt;p&gt;para&lt;/p&gt;</content>', '<p>para</p>'],
    ['text/html', '<content type="text/html"><![CDATA[<p>cdata</p>]]></content>', '<p>cdata</p>'],
    ['xhtml (div unwrapped)', '<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>x<br/>y</p></div></content>', '<p>x<br>y</p>'],
    ['application/xhtml+xml', '<content type="application/xhtml+xml"><div xmlns="http://www.w3.org/1999/xhtml"><em>e</em></div></content>', '<em>e</em>'],
    ['base64 other type', '<content type="application/octet-stream">PHA+YjY0PC9wPg==</content>', '&lt;p&gt;b64&lt;/p&gt;'],
    ['binary other type', '<content type="image/png">iVBORw0KGgoAAAANSUhEUg==</content>', ''],
    ['out-of-line src', '<content type="text/html" src="http://x.example/c"/>', ''],
    ['xhtml script dropped', '<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><script>x()</script><a href="javascript:x()" onclick="y">a</a></div></content>', '<a>a</a>'],
  ])('%s', (_name, xml, expected) => {
    expect(atomEntry(xml).contentHtml).toBe(expected);
  });
});

describe('control characters are never text', () => {
  it('drops them from a JSON Feed title and content, keeping tabs and line breaks in content', () => {
    const doc = { version: 'https://jsonfeed.org/version/1.1', title: 'T', items: [{ id: '1', title: 'Election\u0007 in Iran counted\ufffe', content_html: '<pre>a\tb\nc\u0008</pre><p>Body\u0007 text</p>' }] };
    const [item] = parseFeed(bytes(JSON.stringify(doc)), { contentType: 'application/feed+json' }).items;
    expect(item!.title).toBe('Election in Iran counted');
    expect(item!.contentHtml).toBe('<pre>a\tb\nc</pre><p>Body text</p>');
  });

  it('drops them from plain-text content and summaries; a C1 control is read as windows-1252, where it names a character', () => {
    const doc = { version: 'https://jsonfeed.org/version/1.1', title: 'T', items: [{ id: '1', title: 'Next\u0085line\u0081', summary: 'S\u0003um', content_text: 'Body\u0003 \uffff\ufffetext & more\u0090' }] };
    const [item] = parseFeed(bytes(JSON.stringify(doc)), { contentType: 'application/feed+json' }).items;
    expect(item!.title).toBe('Next…line');
    expect(item!.summary).toBe('Sum');
    expect(item!.contentHtml).toBe('Body text &amp; more');
  });
});
