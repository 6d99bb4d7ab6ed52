import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cleanStoryText, storyText } from '../../../src/dedup/clean-text.js';
import { decodeHtmlEntities } from '../../../src/parse/html-entities.js';
import { fixture } from './dedup-table.js';

const SEED = fileURLToPath(new URL('../../../../shared/seed/treaty-article.txt', import.meta.url));
const SEED_HEADLINE = 'Strengthening Alliances: Russia and Iran Forge Military Partnership';

describe('cleanStoryText', () => {
  it.each([
    ['block elements become paragraphs', '<p>One.</p><div>Two.</div><ul><li>Three.</li><li>Four.</li></ul><h2>Five.</h2>', ['One.', 'Two.', 'Three.', 'Four.', 'Five.']],
    ['<br> ends a paragraph, inline tags vanish', 'First <b>line</b><br/>second <a href="x">line</a>', ['First line', 'second line']],
    ['white space collapses', '<p>  a \n\t b\u00a0\u00a0c  </p>', ['a b c']],
    ['entities are decoded', '<p>Tom &amp; Jerry &ldquo;said&rdquo; &#8220;hi&#8221; &#x2014; caf&eacute; &#150; &nbsp;ok &unknown;</p>', ['Tom & Jerry “said” “hi” — café – ok &unknown;']],
    ['escaped markup stays text', '<p>&lt;b&gt;not bold&lt;/b&gt;</p>', ['<b>not bold</b>']],
    ['script and style are dropped', '<p>Text</p><script>alert(1)</script><style>p{}</style><p>Second part.</p>', ['Text', 'Second part.']],
    ['comments are dropped', '<p>A<!-- hidden --> B</p>', ['A B']],
    ['plain text with blank lines', 'Para one\nstill one.\n\nPara two.', ['Para one still one.', 'Para two.']],
    ['plain text with single line breaks', 'Line one.\nLine two.', ['Line one.', 'Line two.']],
    ['bylines are trimmed', '<p>By Jane Doe</p><p>By JANE DOE and John Roe, Reuters | Updated 17 Jan 2025</p><p>Story.</p>', ['Story.']],
    ['a sentence starting with By is kept', '<p>By Tuesday, the river had burst its banks.</p>', ['By Tuesday, the river had burst its banks.']],
    ['wire credits are trimmed', '<p>Text said. (Reporting by A; Editing by B)</p><p>Reporting by C; Editing by D</p><p>Additional reporting by E</p>', ['Text said.']],
    ['agency datelines are trimmed', '<p>MOSCOW, Jan 17 (Reuters) - Russia signed.</p>', ['Russia signed.']],
    ['agency datelines without a place', '<p>(AP) — Iran agreed.</p>', ['Iran agreed.']],
    ['place datelines with a dash', '<p>WASHINGTON — The Senate voted.</p>', ['The Senate voted.']],
    ['only the first paragraph loses a dateline', '<p>MOSCOW (Reuters) - One.</p><p>LONDON (Reuters) - Two.</p>', ['One.', 'LONDON (Reuters) - Two.']],
    ['promotional lines are trimmed', '<p>Story.</p><p>Read more: Other story</p><p>Read more</p><p>Share this</p><p>Share this article</p><p>Click here to subscribe</p><p>Sign up for our newsletter</p><p>Follow us on Twitter</p><p>Advertisement</p><p>Continue reading…</p>', ['Story.']],
    ['"see more" inside a sentence is kept', '<p>See more than 100 people gathered on the square.</p>', ['See more than 100 people gathered on the square.']],
    ['WordPress footers are trimmed', '<p>Story.</p><p>The post Cyclone kills 12 appeared first on Daily Wire Digest.</p>', ['Story.']],
    ['copyright lines are trimmed', '<p>Story.</p><p>© 2025 Reuters. All rights reserved.</p><p>Copyright 2024 The Times</p>', ['Story.']],
    ['a sentence about copyright is kept', '<p>Copyright law was changed last year.</p>', ['Copyright law was changed last year.']],
    ['repeated paragraphs are kept once', '<p>Alpha beta.</p><p>Gamma.</p><p>Alpha beta.</p><p>ALPHA BETA.</p>', ['Alpha beta.', 'Gamma.']],
    ['markdown emphasis around a paragraph is removed', '**Bold headline line**\nBody text here.', ['Bold headline line', 'Body text here.']],
    ['paragraphs without a letter or digit are dropped', '<p>***</p><p>—</p><p>Real.</p>', ['Real.']],
  ])('%s', (_name, html, paragraphs) => {
    const out = cleanStoryText({ title: 'Headline', contentHtml: html });
    expect(out.paragraphs).toEqual(paragraphs);
    expect(out.text).toBe(paragraphs.join('\n\n'));
  });

  it.each([
    ['the headline repeated in the body is dropped', 'Russia and Iran sign treaty', '<p>Russia and Iran sign treaty</p><p>Body.</p><h1>RUSSIA AND IRAN SIGN TREATY!</h1>', ['Body.']],
    ['a body paragraph that only starts like the headline is kept', 'Russia and Iran sign treaty', '<p>Russia and Iran sign treaty in Moscow after two years of talks.</p>', ['Russia and Iran sign treaty in Moscow after two years of talks.']],
    ['the title is plain text', 'Tom &amp; <b>Jerry</b>', '<p>x</p>', ['x']],
  ])('%s', (_name, title, html, paragraphs) => {
    const out = cleanStoryText({ title, contentHtml: html });
    expect(out.paragraphs).toEqual(paragraphs);
  });

  const body = '<p>Russia and Iran signed a 20-year strategic partnership treaty in Moscow on Friday.</p><p>The accord covers defense, technology and energy cooperation between the two countries.</p>';
  const BODY = 'Russia and Iran signed a 20-year strategic partnership treaty in Moscow on Friday.\n\nThe accord covers defense, technology and energy cooperation between the two countries.';
  const DEK = 'The treaty establishes commitments on defense, technology, energy, and trade.';
  it.each([
    ['a standfirst written apart from the body: the standfirst', DEK, [DEK]],
    ['a standfirst then the cut-off lead: the standfirst alone', `${DEK} Russia and Iran signed a 20-year strategic partnership treaty in Mos…`, [DEK]],
    ['two paragraphs, one of them the lead: the other', `<p>${DEK}</p><p>Russia and Iran signed a 20-year strategic partnership treaty in Moscow on Friday.</p>`, [DEK]],
    ["the body's opening, cut with an ellipsis: none", 'Russia and Iran signed a 20-year strategic partnership treaty in…', []],
    ["the body's first paragraph whole: none", 'Russia and Iran signed a 20-year strategic partnership treaty in Moscow on Friday.', []],
    ['the body again with a word changed: none', '<p>Russia and Iran signed a 20-year strategic partnership treaty in Moscow on Friday.</p><p>The accord covers defence, technology and energy cooperation between the two countries.</p>', []],
    ['a kicker: none', 'Analysis', []],
    ['the lead in other words: none', 'On Friday in Moscow, Russia and Iran signed a strategic partnership treaty lasting 20 years.', []],
    ['a label of four words: none', 'Live updates from Moscow', []],
    ['a read-more teaser: none', 'Read more', []],
    ['empty: none', '', []],
  ])('with full content, a summary that is %s', (_name, summaryHtml, standfirst) => {
    const cleaned = cleanStoryText({ title: 'Russia and Iran sign treaty', summaryHtml, contentHtml: body });
    // The text, which deduplication compares, is the body whatever the summary; the story is read and stored with its standfirst.
    expect(cleaned.text).toBe(BODY);
    expect(cleaned.standfirst).toEqual(standfirst);
    expect(storyText(cleaned)).toBe([...standfirst, BODY].join('\n\n'));
  });

  it('uses the longer of summary and content', () => {
    expect(cleanStoryText({ title: 't', summaryHtml: '<p>Short summary.</p>', contentHtml: '<p>Longer content here.</p><p>Two.</p>' }).text).toBe('Longer content here.\n\nTwo.');
    expect(cleanStoryText({ title: 't', summaryHtml: '<p>The full text sits in the summary here.</p>', contentHtml: '<p>Teaser.</p>' }).text).toBe('The full text sits in the summary here.');
    expect(cleanStoryText({ title: 't' }).paragraphs).toEqual([]);
  });

  it('treats non-strings as empty and never throws', () => {
    const out = cleanStoryText({ title: 42 as unknown as string, contentHtml: null as unknown as string });
    expect(out).toEqual({ title: '', text: '', paragraphs: [], standfirst: [] });
  });

  it('cuts inputs past maxInputChars', () => {
    const html = `<p>${'word '.repeat(1000)}</p>`;
    expect(cleanStoryText({ title: 't', contentHtml: html }, { maxInputChars: 100 }).text.length).toBeLessThanOrEqual(100);
  });

  it('reads a syndicated copy and the wire original the same', () => {
    const original = cleanStoryText({ title: 'Cyclone Mara kills 12 in southern Mozambique', contentHtml: fixture('cyclone-original.html') });
    const copy = cleanStoryText({ title: 'At least 12 dead as Cyclone Mara slams Mozambique coast', contentHtml: fixture('cyclone-syndicated.html') });
    expect(original.paragraphs).toHaveLength(7);
    expect(original.paragraphs[0]).toMatch(/^Cyclone Mara tore through/);
    const words = (t: string) => t.toLowerCase().match(/[\p{L}\p{N}]+/gu)?.join(' ');
    expect(words(copy.text)).toBe(words(original.text));
  });

  it.skipIf(!existsSync(SEED))('collapses the seed article: headline and repeated paragraphs once (needs ../shared/seed)', () => {
    const seed = readFileSync(SEED, 'utf8');
    const out = cleanStoryText({ title: SEED_HEADLINE, contentHtml: seed });
    const rawParagraphs = seed.split('\n').filter((l) => l.trim() !== '');
    expect(rawParagraphs).toHaveLength(15);
    expect(out.paragraphs).toHaveLength(8);
    expect(new Set(out.paragraphs).size).toBe(out.paragraphs.length);
    expect(out.text).not.toContain('Strengthening Alliances');
    for (const line of rawParagraphs.slice(3)) expect(out.paragraphs).toContain(line.trim());
    // Under another headline the in-body headline stays, once.
    const other = cleanStoryText({ title: 'Russia, Iran sign 20-year pact', contentHtml: seed });
    expect(other.paragraphs.filter((p) => p.includes('Strengthening Alliances'))).toHaveLength(1);
  });
});

describe('decodeHtmlEntities', () => {
  it.each([
    ['&amp;&lt;&gt;&quot;&apos;', `&<>"'`],
    ['&#65;&#x42;&#X43;', 'ABC'],
    ['&#0;&#xD800;&#x110000;', ''], // characters XML cannot carry are dropped, as the parser does
    ['&#146;&#151;', '’—'],
    ['AT&T &T; &amp', 'AT&T &T; &'],
    ['no entities', 'no entities'],
  ])('%s', (input, expected) => {
    expect(decodeHtmlEntities(input)).toBe(expected);
  });
});
