import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sniffMetaCharset } from '../../../src/fulltext/add-full-text.js';
import { extractArticle } from '../../../src/fulltext/extract-article.js';

const page = readFileSync(new URL('../../fixtures/fulltext/news-page.html', import.meta.url), 'utf8');

describe('extractArticle', () => {
  it('keeps the article paragraphs of a news page, in order, and drops the page furniture', () => {
    const article = extractArticle(page)!;
    expect(article).not.toBeNull();
    const blocks = [...article.html.matchAll(/<(p|h2)>(.*?)<\/\1>/g)].map((m) => `${m[1]}: ${m[2]!.split(' ').slice(0, 4).join(' ')}`);
    expect(blocks).toEqual([
      'p: Cyclone Mara made landfall',
      'p: The storm brought winds',
      'p: Rescue teams were searching',
      'h2: Farms flooded before the',
      'p: Aid agencies warned that',
      'p: The government appealed for',
    ]);
    for (const furniture of ['cookies', 'Share this story', 'Related stories', 'Markets rally', 'reader123', 'Copyright', 'dataLayer', 'World']) expect(article.html).not.toContain(furniture);
    expect(article.words).toBeGreaterThan(120);
  });

  it.each([
    ['no article, only navigation', '<html><body><nav><p>Home, World, Business, Sport, Culture, Science and Technology, Health, Travel</p></nav><p>Short.</p></body></html>'],
    ['too short to be an article', '<html><body><article><p>Only one sentence here, far too short for an article body.</p></article></body></html>'],
    ['not HTML at all', 'just some text without any markup'],
    ['empty', ''],
  ])('%s: null', (_name, html) => {
    expect(extractArticle(html)).toBeNull();
  });

  it('counts each Chinese character as a word, and escapes the text it keeps', () => {
    const zh = '<article><p>俄罗斯总统普京与伊朗总统佩泽希齐扬周五在莫斯科签署了为期二十年的全面战略伙伴关系条约，涵盖国防、技术、能源和贸易等领域。</p><p>根据条约，两国将在军事演习、军官培训和国防工业方面加强合作 &lt;b&gt;。</p></article>';
    const article = extractArticle(zh)!;
    expect(article.words).toBeGreaterThan(50);
    expect(article.html).toContain('&lt;b&gt;');
  });
});

describe('sniffMetaCharset', () => {
  it.each([
    ['<html><head><meta charset="windows-1252"><title>x</title>', 'windows-1252'],
    ["<meta http-equiv='Content-Type' content='text/html; charset=ISO-8859-1'>", 'iso-8859-1'],
    ['<meta name="viewport" content="width=device-width"><meta charset=utf-8>', 'utf-8'],
    ['<html><body>no meta</body></html>', null],
  ])('%s → %s', (html, charset) => {
    expect(sniffMetaCharset(new TextEncoder().encode(html))).toBe(charset);
  });
});
