import { describe, expect, it } from 'vitest';
import { applyFeedRules, compileFeedRule } from '../../../src/pipeline/feed-rules.js';

const item = (title: string, extra: { url?: string; author?: string; categories?: string[] } = {}) => ({ title, url: extra.url ?? null, author: extra.author ?? null, categories: extra.categories ?? [] });
const ITEMS = [
  item('Russia and Iran sign treaty', { url: 'https://news.example/world/treaty', categories: ['World'] }),
  item('Sponsored: the best VPNs of 2025', { url: 'https://news.example/partner/vpn' }),
  item('Podcast: the week in energy', { url: 'https://news.example/audio/1', categories: ['Podcasts'] }),
  item('Match report: Arsenal 2-1 Chelsea', { url: 'https://news.example/sport/1', author: 'Sports Desk', categories: ['Sport'] }),
];

describe('applyFeedRules', () => {
  it.each<[string, string | null, string | null, number[]]>([
    ['no rules: every item', null, null, [0, 1, 2, 3]],
    ['a block rule on the title, any case', '^sponsored:', null, [0, 2, 3]],
    ['a block rule on a category', '^podcasts$', null, [0, 1, 3]],
    ['a block rule on the link', '/partner/|/audio/', null, [0, 3]],
    ['a block rule on the author', 'sports desk', null, [0, 1, 2]],
    ['a block rule of words', 'treaty|energy', null, [1, 3]],
    ['a keep rule on a category', null, '^(world|sport)$', [0, 3]],
    ['a keep rule on words of the title', null, '\\b(treaty|energy)\\b', [0, 2]],
    ['both: kept, then not blocked', 'podcast', '\\b(treaty|energy)\\b', [0]],
  ])('%s', (_name, block, keep, expected) => {
    const { kept, blocked } = applyFeedRules(ITEMS, { block: compileFeedRule('block', block), keep: compileFeedRule('keep', keep) });
    expect(kept.map((i) => ITEMS.indexOf(i))).toEqual(expected);
    expect(blocked).toBe(ITEMS.length - expected.length);
  });
});

describe('compileFeedRule', () => {
  it.each([['^(sponsored|advertisement):'], ['\\b(treaty|energy)\\b'], ['^live:?\\s'], ['[(+)]+'], ['\\(a+\\)+'], ['(?:podcast|video)s?\\b'], ['.*sponsored.*'], ['(?=x)y'], ['a{2,5}b{1,3}']])('takes %j', (source) => {
    expect(compileFeedRule('keep', source)).toBeInstanceOf(RegExp);
  });

  it('matches the worst rule it takes on a long field in little time (each field is cut to 500 characters)', () => {
    const rule = compileFeedRule('keep', 'a*a*b')!;
    const item = { title: 'a'.repeat(5000), url: null, author: null, categories: [] };
    expect(applyFeedRules([item], { block: null, keep: rule }).kept).toEqual([]);
  });

  it.each([[''], ['   '], [null], [undefined]])('reads %j as no rule', (source) => {
    expect(compileFeedRule('block', source)).toBeNull();
  });

  it.each([
    ['(unclosed', 'block rule: Invalid regular expression'],
    ['[z-a]', 'block rule: Invalid regular expression'],
    ['x'.repeat(501), 'block rule: longer than 500 characters'],
    ['(a+)+$', 'a repeated group'],
    ['^(\\w+\\s?)*$', 'a repeated group'],
    ['((ab)*c)+', 'a repeated group'],
    ['(x{2,})*', 'a repeated group'],
    // Found by QA: each froze the process for seconds to hours on a title of 30 to 40 characters.
    ['^(a{1,5})+$', 'a repeated group'],
    ['(a|a)*$', 'a repeated group'],
    ['(a|aa)+$', 'a repeated group'],
    ['(.*a){25}', 'a repeated group'],
    ['(a|b|ab)*c', 'a repeated group'],
    ['(?:a|aa)+', 'a repeated group'],
    ['.*.*.*x', 'more than 2 open-ended repetitions'],
    ['.{0,500}.{0,500}.{0,500}x', 'more than 2 open-ended repetitions'],
    ['a?a?a?a?a?a?a?aaaaaaa', 'more than 6 repetitions'],
    ['(a)\\1', 'back-references are not allowed'],
  ])('refuses %j with FEED_RULE_INVALID', (source, message) => {
    expect(() => compileFeedRule('block', source)).toThrow(expect.objectContaining({ code: 'FEED_RULE_INVALID', message: expect.stringContaining(message) }));
  });
});
