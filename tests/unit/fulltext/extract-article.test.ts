import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sniffMetaCharset } from '../../../src/parse/decode-page.js';
import { parseSelector } from '../../../src/fulltext/css-selector.js';
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
    ['.story-body', ['p: Cyclone Mara made landfall', 'p: The storm brought winds', 'p: Rescue teams were searching', 'h2: Farms flooded before the', 'p: Aid agencies warned that', 'p: The government appealed for']],
    ['article.story', ['p: Cyclone Mara kills 12', 'p: By Ana Costa, 3', 'p: Cyclone Mara made landfall', 'p: The storm brought winds', 'p: Rescue teams were searching', 'h2: Farms flooded before the', 'p: Aid agencies warned that', 'p: The government appealed for']],
    ['.story-body > h2, .byline', ['p: By Ana Costa, 3', 'h2: Farms flooded before the']],
    ['.sidebar', ['h2: Most read', 'p: Markets rally as central', 'p: Football: the league leaders']],
    ['#comments', ['p: Comment by reader123: this']],
  ])('takes what the selector %j names, short paragraphs too, furniture inside it still left out', (selector, expected) => {
    const article = extractArticle(page, { selector: parseSelector(selector) })!;
    expect([...article.html.matchAll(/<(p|h2)>(.*?)<\/\1>/g)].map((m) => `${m[1]}: ${m[2]!.split(' ').slice(0, 4).join(' ')}`)).toEqual(expected);
    expect(article.html).not.toContain('Share this story');
  });

  it('reads the article as without a selector when the selector names nothing on the page', () => {
    expect(extractArticle(page, { selector: parseSelector('.article-content') })).toEqual(extractArticle(page));
  });

  it('finds the article of a page wrapped in one <form> (ASP.NET), and leaves out comment forms', () => {
    const body = Array.from({ length: 4 }, (_, i) => `<p>Paragraph ${i} of the report, which says a good deal about the budget, the ministers, and the vote that comes next week.</p>`).join('');
    const html = `<html><body><form id="aspnetForm" action="/news.aspx"><div class="content">${body}</div><form class="comment-form"><p>Leave a reply: your email address will not be published, required fields are marked.</p><textarea>Your comment text here, as long as it likes to be.</textarea></form></form></body></html>`;
    const article = extractArticle(html)!;
    expect(article.html.match(/<p>/g)).toHaveLength(4);
    expect(article.html).not.toContain('Leave a reply');
    expect(article.html).not.toContain('Your comment');
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

/** A paragraph of the test article, n-th. */
const para = (n: number) => `Paragraph ${n} of the article says something about the storm, the rescue effort and the harvest, in enough words to count.`;
const paras = (from: number, to: number, wrap = (p: string) => `<p>${p}</p>`) => Array.from({ length: to - from + 1 }, (_, k) => wrap(para(from + k))).join('');
const kept = (html: string) => [...(extractArticle(html)?.html ?? '').matchAll(/Paragraph (\d+)/g)].map((m) => Number(m[1]));

describe('extractArticle on common layouts', () => {
  it.each([
    ['one wrapper div per paragraph (BBC style)', `<article>${paras(1, 8, (p) => `<div data-component="text-block"><div><p>${p}</p></div></div>`)}</article>`],
    ['the article split into columns between ad slots (NYT style)', `<section name="articleBody"><div class="StoryBodyCompanionColumn"><div>${paras(1, 3)}</div></div><div class="ad-slot"><p>Advertisement: buy our product today, it is the best product.</p></div><div class="StoryBodyCompanionColumn"><div>${paras(4, 6)}</div></div><div class="StoryBodyCompanionColumn"><div>${paras(7, 8)}</div></div></section>`],
    ['text directly in a div, paragraphs separated by <br><br>', `<div class="content">${Array.from({ length: 8 }, (_, k) => para(k + 1)).join('<br><br>')}</div>`],
    ['a wrapper whose class merely contains a furniture word', `<div id="page" class="site has-sidebar"><div class="story-body js-ads">${paras(1, 8)}</div></div>`],
  ])('%s: every paragraph', (_name, html) => {
    expect(kept(`<html><body>${html}</body></html>`)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('leaves out related posts inside the content and comments marked as articles', () => {
    const html = `<div class="entry-content">${paras(1, 3)}<div id="jp-relatedposts" class="jp-relatedposts"><p>Related: Paragraph 99 of another story you might like, with more words here.</p></div></div>
      <div class="discussion">${Array.from({ length: 6 }, (_, k) => `<article class="comment"><p>Paragraph ${50 + k} is a reader comment, long enough to score like an article paragraph would.</p></article>`).join('')}</div>`;
    expect(kept(`<html><body>${html}</body></html>`)).toEqual([1, 2, 3]);
  });

  it('reads a page of thousands of nested elements and stray close tags (a hostile page) without blowing up', () => {
    const deep = `<html><body>${'<div><p>Some paragraph text that is long enough, with commas, to score.</p>'.repeat(32000)}</body></html>`;
    expect(extractArticle(deep)!.words).toBeGreaterThan(50);
    const stray = `<html><body>${'<div>'.repeat(20000)}${paras(1, 3)}${'</span>'.repeat(200000)}</body></html>`;
    expect(kept(stray)).toEqual([1, 2, 3]);
  });
});
