import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ClusterInput } from '../../../src/dedup/cluster-features.js';
import { FEATURE_WEIGHTS, extractClusterFeatures } from '../../../src/dedup/cluster-features.js';
import { resolveClusterSettings } from '../../../src/dedup/cluster-settings.js';
import { cleanStoryText } from '../../../src/dedup/clean-text.js';
import { CLUSTER_STOPWORDS as STOPWORDS, featureKey, stemWord } from '../../../src/dedup/cluster-words.js';
import { WORD_VARIANTS } from '../../../src/dedup/word-variants.js';

/**
 * The definition the character-code reader must follow, written plainly with regular expressions
 * and strings (as extractClusterFeatures was before it was made fast): same keys, weights, order.
 */
/** A variant's stem → the stem of the word it counts as (word-variants.ts). */
const VARIANT_STEM = new Map(WORD_VARIANTS.map(([variant, as]) => [stemWord(variant), stemWord(as)]));
const variantOf = (stem: string) => VARIANT_STEM.get(stem) ?? stem;

function referenceFeatures(input: ClusterInput, maxFeatures: number, leadWords: number): Array<[number, number]> {
  const TOKEN = /(\d[\d,.]*\d|\d)|(\p{L}[\p{L}\p{M}]*(?:['’]\p{L}+)?)/gu;
  const SENTENCE_END = /[.!?:;\n—–]\s*["'“”‘’(\[]*\s*$/;
  const tokenize = (text: string, inTitle: boolean, max: number) => {
    const out: Array<{ text: string; isNumber: boolean; initial: boolean; inTitle: boolean }> = [];
    let last = 0;
    for (const m of text.matchAll(TOKEN)) {
      if (out.length >= max) break;
      const initial = out.length === 0 || SENTENCE_END.test(text.slice(last, m.index));
      out.push({ text: m[0], isNumber: m[1] !== undefined, initial, inTitle });
      last = (m.index ?? 0) + m[0].length;
    }
    return out;
  };
  const base = (w: string) => w.toLowerCase().replace(/['’]s$/, '').replace(/['’]/g, '');
  const tokens = [...tokenize(input.title, true, Number.POSITIVE_INFINITY), ...tokenize(input.text, false, leadWords)];
  const names = new Set<string>();
  for (const t of tokens) {
    if (t.isNumber || t.inTitle) continue;
    const lower = base(t.text);
    if (STOPWORDS.has(lower) || lower.length < 2) continue;
    const allCaps = t.text.length >= 2 && t.text === t.text.toUpperCase() && t.text !== t.text.toLowerCase();
    if (allCaps || (!t.initial && /^\p{Lu}/u.test(t.text))) names.add(lower);
  }
  const weights = new Map<number, number>();
  const add = (key: number, w: number) => weights.set(key, Math.max(w, weights.get(key) ?? 0));
  for (const t of tokens) {
    if (t.isNumber) {
      const digits = t.text.replace(/[,.]/g, '');
      if (digits.length >= 2) add(featureKey(digits, '#'), t.inTitle ? FEATURE_WEIGHTS.titleNumber : FEATURE_WEIGHTS.number);
      continue;
    }
    const lower = base(t.text);
    if (STOPWORDS.has(lower)) continue;
    if (names.has(lower)) add(featureKey(lower, 'n'), t.inTitle ? FEATURE_WEIGHTS.titleName : FEATURE_WEIGHTS.name);
    else if (lower.length >= 3 && stemWord(lower).length >= 3) add(featureKey(variantOf(stemWord(lower)), 'w'), t.inTitle ? FEATURE_WEIGHTS.titleWord : FEATURE_WEIGHTS.word);
  }
  return [...weights.entries()].sort((a, b) => b[1] - a[1]).slice(0, maxFeatures);
}

const FIXTURES = fileURLToPath(new URL('../../fixtures/dedup/', import.meta.url));

const TRICKY: Array<[string, string, string]> = [
  ['possessives and apostrophes', "Putin's and Pezeshkian’s treaty", "Iran's President Masoud Pezeshkian's visit: Putin’s view. Don't, won't, rock'n'roll, O'Brien, JAMES'S."],
  ['capitals, sentence starts, quotes', 'NATO WARNS', '“The Kremlin said.” (Reuters) Moscow — Officials in Lima: “Arequipa is hit.” [Update] NATO and the EU. A B C.'],
  ['numbers with separators', 'Quake kills 1,200', 'At 5.9 magnitude, 12,000 homes and 3 schools; 2025. Figures: 1.2.3, 04, 7., 9,, 10,5.'],
  ['non-ASCII letters and marks', 'Ünïcödé Straße', 'Émile Zola’s café in Zürich; naïve Ærø, ΑΘΗΝΑ, Москва сказала, 東京 visit; e\u0301galite\u0301 𝒜lpha.'],
  ['stems and stopwords', 'Treaties signed', 'The exercises, signing, signed treaties; studies status gas buses discuss is was ended gaming.'],
  ['British and American spellings, synonyms', 'Defence pact organised', 'The defences, organising, organisation and travelled; labour, Labour Party, neighbouring centres; the accord and pacts.'],
  ['empty text', '', ''],
];

describe('spelling variants', () => {
  const settings = resolveClusterSettings();
  const words = (title: string) => extractClusterFeatures({ storyId: 's', title, text: '', publishedAt: null }, settings).features.map((f) => f.key).sort();
  it.each([
    ['defence pact organised', 'defense treaty organized'],
    ['travelled to the theatre centre', 'traveled to the theater center'],
    ['labour minister criticises privatisation', 'labor minister criticizes privatization'],
    ['neighbouring harbours', 'neighboring harbors'],
  ])('%j counts as %j', (uk, us) => {
    expect(words(uk)).toEqual(words(us));
  });
});

describe('extractClusterFeatures reads words as the regular-expression definition does', () => {
  const settings = resolveClusterSettings();
  it.each(TRICKY)('%s', (_name, title, text) => {
    const input = { storyId: 's', title, text, publishedAt: null };
    const got = extractClusterFeatures(input, settings).features.map((f) => [f.key, f.weight]);
    expect(got).toEqual(referenceFeatures(input, settings.maxFeatures, settings.leadWords));
  });

  it.each(readdirSync(FIXTURES).filter((f) => f.endsWith('.html')))('fixture %s', (file) => {
    const cleaned = cleanStoryText({ title: file, contentHtml: readFileSync(`${FIXTURES}${file}`, 'utf8') });
    const input = { storyId: 's', title: cleaned.title, text: cleaned.text, publishedAt: null };
    const got = extractClusterFeatures(input, settings).features.map((f) => [f.key, f.weight]);
    expect(got).toEqual(referenceFeatures(input, settings.maxFeatures, settings.leadWords));
  });
});

describe('news agencies', () => {
  it('are not what an event is about: datelines and sign-offs of wire copy give no feature', () => {
    const settings = resolveClusterSettings();
    const fp = extractClusterFeatures(
      { storyId: 'wire', title: 'Owens and Minor raises dividend', text: 'RICHMOND, Va. (Reuters) - Owens and Minor Inc raised its quarterly dividend, AP and AFP reported. Reuter', publishedAt: null },
      settings,
    );
    const keys = new Set(fp.features.map((f) => f.key));
    for (const agency of ['reuters', 'reuter', 'ap', 'afp']) {
      expect(keys.has(featureKey(agency, 'n')), agency).toBe(false);
      expect(keys.has(featureKey(stemWord(agency), 'w')), agency).toBe(false);
    }
    expect(keys.has(featureKey('owens', 'n')) || keys.has(featureKey('richmond', 'n'))).toBe(true);
  });
});
