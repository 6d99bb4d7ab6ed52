import { describe, expect, it } from 'vitest';
import { decodeStoryState, encodeStoryState, isLeadOf, relateHeadlines, relateTexts } from '../../../src/dedup/decide-story.js';
import { resolveDedupSettings } from '../../../src/dedup/dedup-settings.js';
import { fingerprintStory } from '../../../src/dedup/fingerprint-story.js';

const SETTINGS = resolveDedupSettings();
const base = { itemKey: 'feed1:abc', guid: 'abc', canonicalUrl: null, title: 'A title' };

/** A paragraph of n distinct words, tagged so paragraphs never share words. */
function para(tag: string, n = 30): string {
  return Array.from({ length: n }, (_, i) => `${tag}w${i}`).join(' ');
}

function fp(paragraphs: string[], title = 'A title') {
  return fingerprintStory({ ...base, title, text: paragraphs.join('\n\n') }, SETTINGS);
}

const ARTICLE = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((t) => para(t));

describe('paragraph heads', () => {
  it('hashes the opening words of each of the first passageKeys paragraphs, never past a paragraph end', () => {
    const a = fp(ARTICLE);
    expect(a.paragraphs).toBe(8);
    expect(a.heads).toHaveLength(SETTINGS.passageKeys);
    // Same opening words, different rest: same head.
    const b = fp([`${para('a', 8)} ${para('z', 20)}`]);
    expect(b.heads[0]).toBe(a.heads[0]);
    // A 3-word paragraph's head is its 3 words, whatever follows it.
    const c = fp([para('x', 3), para('y')]);
    const d = fp([para('x', 3), para('q')]);
    expect(c.heads[0]).toBe(d.heads[0]);
    expect(c.heads[1]).not.toBe(d.heads[1]);
  });
});

describe('isLeadOf', () => {
  const article = fp(ARTICLE);
  it.each([
    ['the first two paragraphs', true, ARTICLE.slice(0, 2)],
    ['the first paragraph only', true, ARTICLE.slice(0, 1)],
    ['paragraphs 2-3 (a standfirst skipped)', true, ARTICLE.slice(1, 3)],
    ['paragraphs 3-4 (two leading paragraphs skipped)', true, ARTICLE.slice(2, 4)],
    ['paragraphs 4-5 (too far in)', false, ARTICLE.slice(3, 5)],
    ['paragraphs 1, 3 and 4 (not consecutive)', false, [ARTICLE[0] as string, ARTICLE[2] as string, ARTICLE[3] as string]],
    ['the first paragraph cut after 10 words', true, [para('a', 10)]],
    ['the first paragraph and 3 words of the second', true, [ARTICLE[0] as string, para('b', 3)]],
    ['the first paragraph and 3 other words', true, [ARTICLE[0] as string, para('q', 3)]],
    ['another first paragraph, then the second', false, [para('q'), ARTICLE[1] as string]],
    ['seven paragraphs, the longer has eight', true, ARTICLE.slice(0, 7)],
    ['all eight paragraphs (nothing follows)', false, ARTICLE],
  ])('%s: %s', (_name, expected, paragraphs) => {
    expect(isLeadOf(fp(paragraphs), article, SETTINGS.leadSkip)).toBe(expected);
  });

  it('never takes a one-block text inside another one-block text for a lead', () => {
    const long = fp([ARTICLE.join(' ')]);
    const short = fp([ARTICLE.slice(0, 2).join(' ')]);
    expect(isLeadOf(short, long, SETTINGS.leadSkip)).toBe(false);
    // ...but a one-block teaser of an article with paragraphs is one.
    expect(isLeadOf(short, article, SETTINGS.leadSkip)).toBe(true);
  });

  it('honours leadSkip', () => {
    const second = fp(ARTICLE.slice(1, 3));
    expect(isLeadOf(second, article, 0)).toBe(false);
    expect(isLeadOf(second, article, 1)).toBe(true);
  });
});

describe('relateTexts', () => {
  const article = fp(ARTICLE);
  it.each([
    ['the same text', 'near', ARTICLE],
    ['one word changed in every other paragraph', 'near', ARTICLE.map((p, i) => (i % 2 === 0 ? p.replace(/w15\b/, 'w15x') : p))],
    ['a two-paragraph summary', 'contained', ARTICLE.slice(0, 2)],
    ['a two-paragraph excerpt from the middle', null, ARTICLE.slice(4, 6)],
    ['a summary with half its words changed', null, [para('a'), para('q')]],
    ['an unrelated text', null, ['p', 'q', 'r'].map((t) => para(t))],
  ])('%s: %s', (_name, expected, paragraphs) => {
    const other = fp(paragraphs);
    expect(relateTexts(other, article, SETTINGS)?.match ?? null).toBe(expected);
    // symmetric
    expect(relateTexts(article, other, SETTINGS)?.match ?? null).toBe(expected);
  });

  it('needs minContainedShingles in the shorter text for containment, or minTitledLeadShingles under an agreeing title', () => {
    const titled = fp(ARTICLE, 'Russia and Iran forge military partnership');
    const tiny = (paragraph: string, title: string) => fp([paragraph], title);
    expect(tiny(para('a', 24), 'x').shingles).toBeLessThan(SETTINGS.minContainedShingles);
    // A one-sentence teaser under the article's headline (or one close to it) is the article's lead.
    expect(relateTexts(tiny(para('a', 24), 'Russia and Iran forge military partnership'), titled, SETTINGS)?.match).toBe('contained');
    expect(relateTexts(tiny(para('a', 12), 'Russia, Iran forge a military partnership'), titled, SETTINGS)?.match).toBe('contained');
    // Under another headline, too short to tell.
    expect(relateTexts(tiny(para('a', 24), 'Oil prices fall as stocks rise'), titled, SETTINGS)).toBeNull();
    // Under the same headline but not a lead (from the middle), or too few words to judge.
    expect(relateTexts(tiny(para('e', 24), 'Russia and Iran forge military partnership'), titled, SETTINGS)).toBeNull();
    const words = SETTINGS.minTitledLeadShingles + 3; // 5-word shingles: words - 4 of them
    expect(relateTexts(tiny(para('a', words), 'Russia and Iran forge military partnership'), titled, SETTINGS)).toBeNull();
    expect(relateTexts(tiny(para('a', words + 1), 'Russia and Iran forge military partnership'), titled, SETTINGS)?.match).toBe('contained');
  });

  it('merges short texts only under agreeing titles', () => {
    const text = ['Qtly div four cts vs four cts prior Pay April 15 Record March 31'];
    expect(relateTexts(fp(text, 'Kenan Transport sets quarterly dividend'), fp(text, 'Kenan Transport Co sets regular quarterly dividend'), SETTINGS)?.match).toBe('near');
    expect(relateTexts(fp(text, 'Kenan Transport sets quarterly dividend'), fp(text, 'Autoclave Engineers quarterly dividend'), SETTINGS)).toBeNull();
  });
});

describe('story state', () => {
  it.each([
    [{ words: 450, members: [] }, '450'],
    [{ words: 450, members: ['0123456789ab'] }, '450:0123456789ab'],
    [{ words: 7, members: ['0123456789ab', 'ba9876543210'] }, '7:0123456789abba9876543210'],
  ])('%j is stored as %s and read back', (state, encoded) => {
    expect(encodeStoryState(state)).toBe(encoded);
    expect(decodeStoryState(encoded)).toEqual(state);
  });
});

describe('relateHeadlines', () => {
  const headline = (title: string, text = '') => fingerprintStory({ ...base, title, text }, SETTINGS);
  const article = fp(ARTICLE, 'Cyclone Mara kills 12 in southern Mozambique');

  it('relates a headline item to a text or another headline item under an agreeing title, with the title words\' Jaccard', () => {
    expect(relateHeadlines(headline('Cyclone Mara kills 12 in southern Mozambique'), article, SETTINGS)).toEqual({ match: 'title', num: 7, den: 7 });
    expect(relateHeadlines(article, headline('Cyclone Mara kills 12 in Mozambique'), SETTINGS)).toEqual({ match: 'title', num: 6, den: 7 });
    expect(relateHeadlines(headline('cyclone mara kills 12 in southern mozambique', 'Read more.'), headline('Cyclone Mara kills 12 in southern Mozambique'), SETTINGS)?.match).toBe('title');
  });

  it('does not relate headlines that say the opposite, and does relate two forms of one word', () => {
    const approve = headline('Senate approves budget bill after all-night session in Washington');
    expect(relateHeadlines(approve, headline('Senate rejects budget bill after all-night session in Washington'), SETTINGS)).toBeNull();
    expect(relateHeadlines(approve, headline('Senate approved budget bill after all-night session in Washington'), SETTINGS)?.match).toBe('title');
    expect(relateHeadlines(headline('Stocks rise sharply as inflation cools in March again today'), headline('Stocks fall sharply as inflation cools in March again today'), SETTINGS)).toBeNull();
  });

  it('needs headlineOverlap, and one of the texts under minTitledLeadShingles', () => {
    expect(relateHeadlines(headline('Cyclone Mara death toll rises in Mozambique'), article, SETTINGS)).toBeNull();
    expect(relateHeadlines(headline('Cyclone Mara kills 12 in southern Mozambique', para('z', 12)), article, SETTINGS)).toBeNull();
    expect(relateHeadlines(fp(ARTICLE.slice(1), 'Cyclone Mara kills 12 in southern Mozambique'), article, SETTINGS)).toBeNull();
    expect(relateHeadlines(headline(''), headline(''), SETTINGS)).toBeNull();
  });
});
