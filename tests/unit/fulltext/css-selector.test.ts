import { describe, expect, it } from 'vitest';
import { matchesSelector, parseSelector, type SelectorElement } from '../../../src/fulltext/css-selector.js';

/** `tag.a.b#id[k=v]` shorthand for an element: name, then attributes. */
const el = (name: string, attrs: Record<string, string> = {}): SelectorElement => ({ name, attrs: Object.entries(attrs) });
const PATH: SelectorElement[] = [
  el('html'),
  el('body', { class: 'page home' }),
  el('main', { id: 'content' }),
  el('article', { class: 'story featured', itemprop: 'articleBody', 'data-kind': 'news-report' }),
  el('div', { class: 'story-body' }),
];
const DIV = PATH[4]!;
const ANCESTORS = PATH.slice(0, 4);

describe('parseSelector and matchesSelector', () => {
  it.each([
    ['div', true],
    ['*', true],
    ['DIV', true],
    ['.story-body', true],
    ['div.story-body', true],
    ['span.story-body', false],
    ['.story', false],
    ['article .story-body', true],
    ['article > .story-body', true],
    ['main > .story-body', false],
    ['main .story-body', true],
    ['#content div', true],
    ['#content > article > div', true],
    ['body.home main article.featured.story > div', true],
    ['body.away div', false],
    ['[itemprop=articleBody] div', true],
    ['[itemprop="articleBody"] > div', true],
    ["[itemprop='articlebody'] div", false],
    ['[data-kind^=news] div', true],
    ['[data-kind$=report] div', true],
    ['[data-kind*=ws-re] div', true],
    ['[class~=featured] div', true],
    ['[class~=feat] div', false],
    ['[itemprop] div', true],
    ['[hidden] div', false],
    ['p, .story-body', true],
    ['p, span', false],
    ['html body main article div', true],
    ['section div', false],
    ['  article   >   div  ', true],
  ])('%j matches the story body: %s', (selector, expected) => {
    expect(matchesSelector(parseSelector(selector), ANCESTORS, DIV)).toBe(expected);
  });

  it.each([
    ['', 'the selector is empty'],
    ['   ', 'the selector is empty'],
    ['div:first-child', 'pseudo-classes'],
    ['p::before', 'pseudo-classes'],
    ['h1 + p', 'sibling combinator "+"'],
    ['h1 ~ p', 'sibling combinator "~"'],
    ['div >', 'a selector is missing'],
    ['> div', '">" without a selector before it'],
    ['div > > p', '">" without a selector before it'],
    ['div,', 'a selector is missing'],
    [',div', 'a selector is missing'],
    ['[itemprop', 'an attribute selector'],
    ['[x="a]', 'an attribute selector'],
    ['.', 'a name is expected'],
    ['div..x', 'a name is expected'],
    ['div$', 'unexpected character'],
    ['a b c d e f g h i', 'more than 8 compound selectors'],
    ['x'.repeat(501), 'longer than 500 characters'],
  ])('%j is FULLTEXT_SELECTOR_INVALID: %s', (selector, message) => {
    expect(() => parseSelector(selector)).toThrow(expect.objectContaining({ code: 'FULLTEXT_SELECTOR_INVALID', message: expect.stringContaining(message) }));
  });

  it('matches a long chain against a deep path without an exponential search', () => {
    const deep = Array.from({ length: 128 }, () => el('div', { class: 'a' }));
    const selector = parseSelector('div div div div div div div span');
    // Memoised: without it, each of these failing matches would try C(128, 7) ancestor choices.
    for (let i = 0; i < 1000; i += 1) expect(matchesSelector(selector, deep, el('p'))).toBe(false);
    expect(matchesSelector(selector, deep, el('span'))).toBe(true);
  });
});
