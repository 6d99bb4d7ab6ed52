import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareSketches } from '../../../src/dedup/compare-sketches.js';
import { DedupInputError } from '../../../src/dedup/dedup-errors.js';
import { DEFAULT_DEDUP_SETTINGS, resolveDedupSettings } from '../../../src/dedup/dedup-settings.js';
import { fingerprintStory, isArticleUrl, isGlobalGuid } from '../../../src/dedup/fingerprint-story.js';

const SETTINGS = resolveDedupSettings();
const base = { itemKey: 'feed1:abc', guid: 'abc', canonicalUrl: null, title: 'A title', text: '' };

function words(n: number, offset = 0): string {
  return Array.from({ length: n }, (_, i) => `w${i + offset}`).join(' ');
}

describe('fingerprintStory', () => {
  it('is deterministic and derives the ids from the itemKey', () => {
    const a = fingerprintStory({ ...base, text: words(50) }, SETTINGS);
    const b = fingerprintStory({ ...base, text: words(50) }, SETTINGS);
    expect(a).toEqual(b);
    expect(a.newStoryId).toMatch(/^[0-9a-f]{16}$/);
    expect(a.docId).toBe(a.newStoryId.slice(0, 12));
    expect(fingerprintStory({ ...base, itemKey: 'feed1:abd', text: words(50) }, SETTINGS).newStoryId).not.toBe(a.newStoryId);
  });

  it.each([
    [0, 0, true],
    [3, 1, true],
    [5, 1, true],
    [50, 46, true],
    [300, 296, false],
  ])('a text of %i distinct words has %i shingles (complete sketch: %s)', (n, shingles, complete) => {
    const fp = fingerprintStory({ ...base, text: words(n) }, SETTINGS);
    expect(fp.words).toBe(n);
    // 16-bit shingle values may collide, rarely: allow one.
    expect(fp.shingles).toBeGreaterThanOrEqual(shingles - 1);
    expect(fp.shingles).toBeLessThanOrEqual(shingles);
    expect(fp.complete).toBe(complete);
    expect(fp.sketch.length).toBe(Math.min(fp.shingles, SETTINGS.sketchSize));
    expect([...fp.sketch]).toEqual([...fp.sketch].sort((x, y) => x - y));
    expect(fp.bandLookups).toHaveLength(n === 0 ? 0 : SETTINGS.bands);
  });

  it('reads words case-insensitively and ignores punctuation', () => {
    const a = fingerprintStory({ ...base, text: 'The Cat, sat on the MAT; today.' }, SETTINGS);
    const b = fingerprintStory({ ...base, text: 'the cat sat on the mat today' }, SETTINGS);
    expect(a.textLookup).toBe(b.textLookup);
    expect([...a.sketch]).toEqual([...b.sketch]);
  });

  it('includes the title in the text key of short texts only', () => {
    const short = 'Qtly div four cts vs four cts prior';
    const long = words(40);
    expect(fingerprintStory({ ...base, title: 'A', text: short }, SETTINGS).textLookup).not.toBe(fingerprintStory({ ...base, title: 'B', text: short }, SETTINGS).textLookup);
    expect(fingerprintStory({ ...base, title: 'A', text: long }, SETTINGS).textLookup).toBe(fingerprintStory({ ...base, title: 'B', text: long }, SETTINGS).textLookup);
    expect(fingerprintStory({ ...base, text: '' }, SETTINGS).textLookup).toBeNull();
  });

  it('keys a passage at each paragraph start with enough words', () => {
    const text = [words(20), words(3, 100), words(12, 200), words(9, 300)].join('\n\n');
    const fp = fingerprintStory({ ...base, text }, SETTINGS);
    // starts at word 0, 20, 23 and 35; the last has only 9 words left (>= 8), so four keys
    expect(fp.passageLookups).toHaveLength(4);
    const summary = fingerprintStory({ ...base, text: words(20) }, SETTINGS);
    expect(fp.passageLookups).toContain(summary.passageLookups[0]);
  });

  it('keeps url keys scheme-free and guid keys only for global guids', () => {
    const a = fingerprintStory({ ...base, canonicalUrl: 'https://example.com/a/b', guid: 'urn:uuid:1234-5678' }, SETTINGS);
    const b = fingerprintStory({ ...base, canonicalUrl: 'http://example.com/a/b', guid: '1234' }, SETTINGS);
    expect(a.urlLookup).toBe(b.urlLookup);
    expect(a.guidLookup).not.toBeNull();
    expect(b.guidLookup).toBeNull();
    expect(fingerprintStory({ ...base, canonicalUrl: 'https://example.com/' }, SETTINGS).urlLookup).toBeNull();
  });

  it('names lookup keys by kind and 16 hex digits', () => {
    const fp = fingerprintStory({ ...base, text: words(30) }, SETTINGS);
    expect(fp.itemLookup).toMatch(/^i[0-9a-f]{16}$/);
    for (const key of fp.bandLookups) expect(key).toMatch(/^b[0-9a-f]{16}$/);
    for (const key of fp.passageLookups) expect(key).toMatch(/^p[0-9a-f]{16}$/);
  });
});

describe('isGlobalGuid / isArticleUrl', () => {
  it.each([
    ['https://example.com/2025/01/story', true],
    ['https://example.com/?p=123', true],
    ['https://example.com/', false],
    ['tag:example.com,2025:story-1', true],
    ['urn:uuid:3f2b8c1e-1d2a-4c1b-9b1e-0a1b2c3d4e5f', true],
    ['3f2b8c1e-1d2a-4c1b-9b1e-0a1b2c3d4e5f', true],
    ['123456', false],
    ['story-1', false],
    ['12345678901234567890', false],
  ])('guid %s global: %s', (guid, expected) => {
    expect(isGlobalGuid(guid)).toBe(expected);
  });

  it.each([
    ['https://example.com/a', true],
    ['https://example.com/?id=1', true],
    ['https://example.com/', false],
    ['https://example.com', false],
    [null, false],
  ])('url %s names an article: %s', (url, expected) => {
    expect(isArticleUrl(url)).toBe(expected);
  });
});

describe('compareSketches', () => {
  const sortedSet = fc.uniqueArray(fc.integer({ min: 0, max: 0xffff }), { maxLength: 200 }).map((a) => a.sort((x, y) => x - y));

  it('is exact on complete sketches', () => {
    fc.assert(
      fc.property(sortedSet, sortedSet, (a, b) => {
        const sb = new Set(b);
        const inter = a.filter((x) => sb.has(x)).length;
        const cmp = compareSketches({ sketch: a, complete: true }, { sketch: b, complete: true });
        expect(cmp).toEqual({ inter, union: a.length + b.length - inter, aSample: a.length, bSample: b.length });
      }),
    );
  });

  it('compares truncated sketches on the common sample only', () => {
    const cmp = compareSketches({ sketch: [1, 2, 3, 10], complete: false }, { sketch: [2, 3, 4, 5, 6, 7], complete: false });
    // limit = min(10, 7) = 7: A sample {1,2,3}, B sample {2..7}
    expect(cmp).toEqual({ inter: 2, union: 7, aSample: 3, bSample: 6 });
  });

  it('estimates Jaccard of large sets from bottom-k sketches', () => {
    const settings = resolveDedupSettings();
    const shared = words(600);
    const a = fingerprintStory({ ...base, text: `${shared} ${words(150, 5000)}` }, settings);
    const b = fingerprintStory({ ...base, text: `${shared} ${words(150, 9000)}` }, settings);
    const cmp = compareSketches(a, b);
    // true Jaccard about 596 / (596 + 2 * 150) = 0.665
    expect(cmp.inter / cmp.union).toBeGreaterThan(0.55);
    expect(cmp.inter / cmp.union).toBeLessThan(0.78);
  });
});

describe('resolveDedupSettings', () => {
  it('returns frozen defaults', () => {
    const s = resolveDedupSettings();
    expect(s).toEqual(DEFAULT_DEDUP_SETTINGS);
    expect(Object.isFrozen(s)).toBe(true);
    expect(resolveDedupSettings({ windowSec: 3600, nearThreshold: undefined }).windowSec).toBe(3600);
  });

  it.each([
    [{ windowSec: 0 }],
    [{ nearThreshold: 1.5 }],
    [{ bands: Number.NaN }],
    [{ sketchSize: '256' as unknown as number }],
    [{ nope: 1 } as unknown as Record<string, number>],
  ])('rejects %j with DEDUP_BAD_SETTING', (overrides) => {
    expect(() => resolveDedupSettings(overrides)).toThrow(DedupInputError);
    try {
      resolveDedupSettings(overrides);
    } catch (err) {
      expect(err).toMatchObject({ code: 'DEDUP_BAD_SETTING', retryable: false });
    }
  });
});

describe('title keys of headline items', () => {
  const keys = (title: string, settings = SETTINGS) => fingerprintStory({ ...base, title }, settings).headlineLookups;

  it('gives headlineKeys keys for a title of at least headlineWords content words, the same whatever the case, punctuation or function words', () => {
    const a = keys('Russia and Iran sign 20-year treaty');
    expect(a).toHaveLength(SETTINGS.headlineKeys);
    for (const k of a) expect(k).toMatch(/^h[0-9a-f]{16}$/);
    expect(keys('RUSSIA, IRAN SIGN 20-YEAR TREATY')).toEqual(a);
    expect(keys('Russia and Iran to sign a 20-year treaty')).toEqual(a);
  });

  it('shares most keys between titles differing in one word of several, none between unrelated titles', () => {
    const a = keys('Cyclone Mara kills 12 in southern Mozambique');
    const b = keys('Cyclone Mara kills 12 in Mozambique');
    const c = keys('Parliament passes budget after all-night session');
    expect(a.filter((k) => b.includes(k)).length).toBeGreaterThanOrEqual(1);
    expect(a.filter((k) => c.includes(k))).toEqual([]);
  });

  it('gives none for a title of few content words, or when headlineKeys is 0', () => {
    expect(keys('Live updates')).toEqual([]);
    expect(keys('The latest: what we know')).toEqual([]);
    expect(keys('Russia and Iran sign treaty', resolveDedupSettings({ headlineKeys: 0 }))).toEqual([]);
  });
});
