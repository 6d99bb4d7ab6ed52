import { DedupInputError } from './dedup-errors.js';

/**
 * Every limit of the duplicate detector, each with its default. Workers sharing one index must
 * use the same fingerprint settings (marked *), or they will not find each other's copies.
 */
export interface DedupSettings {
  /** Index entries are found for at least this long after they were written (default 7 days). */
  windowSec: number;
  /** The window is cut into this many generations; entries live window..window*(1+1/n) (default 2). */
  generations: number;
  /** Estimated Jaccard of word 5-shingles at or above which two texts are one story (default 0.8). */
  nearThreshold: number;
  /** Share of the shorter text's shingles found in the longer one to count as a copy (default 0.9). */
  containThreshold: number;
  /** A contained copy must open like the longer text's paragraph 1, 2, ... or 1 + leadSkip (default 2). */
  leadSkip: number;
  /** The shorter text needs this many shingles for a containment match (default 25)... */
  minContainedShingles: number;
  /** ...or this many when the two titles agree (titleOverlap): a one-sentence teaser of the article under its headline (default 6). */
  minTitledLeadShingles: number;
  /** Below this many shingles a text is short: it merges only with a text of agreeing title (default 20). */
  shortShingles: number;
  /** Jaccard of the title words two short texts need to merge (default 0.5). */
  titleOverlap: number;
  /**
   * Jaccard of the title words with which a headline item (a text under minTitledLeadShingles:
   * a headline alone, or with a line that says nothing) joins a story (default 0.8).
   */
  headlineOverlap: number;
  /** * Title keys a headline item is found by, 0: headline items never join (default 4). */
  headlineKeys: number;
  /** * Title words, function words aside, a headline needs for title keys ("Live updates" has none; default 4). */
  headlineWords: number;
  /** Below this many words the exact-text key includes the title (default 25). */
  shortWords: number;
  /** * LSH bands (default 10). */
  bands: number;
  /** * Rows per band (default 4). */
  rows: number;
  /** * Values kept in the bottom-k sketch of each text (default 256). */
  sketchSize: number;
  /** * Paragraph starts indexed for containment candidates (default 6). */
  passageKeys: number;
  /** * Words in a passage key (default 8). */
  passageWords: number;
  /** * Title words kept for the short-text guard and the title keys (default 32: a Chinese or Japanese headline counts each character). */
  titleWords: number;
  /** Candidates verified per text at most (default 32). */
  maxCandidates: number;
  /** Member texts per story a new copy must relate to, the first ones kept (default 8). */
  storyMembers: number;
  /** Texts remembered per LSH band or passage key, newest kept (default 4). */
  maxDocsPerKey: number;
  /** A copy is "fuller" when it has this many times the words of the stored text (default 1.1). */
  fullerRatio: number;
  /** Words of a text looked at, the rest ignored (default 20,000). */
  maxWords: number;
}

export const DEFAULT_DEDUP_SETTINGS: Readonly<DedupSettings> = Object.freeze({
  windowSec: 7 * 24 * 3600,
  generations: 2,
  nearThreshold: 0.8,
  containThreshold: 0.9,
  leadSkip: 2,
  minContainedShingles: 25,
  minTitledLeadShingles: 6,
  shortShingles: 20,
  titleOverlap: 0.5,
  headlineOverlap: 0.8,
  headlineKeys: 4,
  headlineWords: 4,
  shortWords: 25,
  bands: 10,
  rows: 4,
  sketchSize: 256,
  passageKeys: 6,
  passageWords: 8,
  titleWords: 32,
  maxCandidates: 32,
  storyMembers: 8,
  maxDocsPerKey: 4,
  fullerRatio: 1.1,
  maxWords: 20_000,
});

const LIMITS: Readonly<Record<keyof DedupSettings, readonly [number, number]>> = {
  windowSec: [60, 366 * 24 * 3600],
  generations: [1, 16],
  nearThreshold: [0.05, 1],
  containThreshold: [0.05, 1],
  leadSkip: [0, 64],
  minContainedShingles: [1, 100_000],
  minTitledLeadShingles: [1, 100_000],
  shortShingles: [0, 100_000],
  titleOverlap: [0, 1],
  headlineOverlap: [0.05, 1],
  headlineKeys: [0, 16],
  headlineWords: [1, 64],
  shortWords: [0, 100_000],
  bands: [1, 64],
  rows: [1, 16],
  sketchSize: [8, 4096],
  passageKeys: [0, 64],
  passageWords: [3, 64],
  titleWords: [1, 64],
  maxCandidates: [1, 1000],
  storyMembers: [1, 64],
  maxDocsPerKey: [1, 5],
  fullerRatio: [1, 100],
  maxWords: [10, 10_000_000],
};

/** Defaults overlaid with the given values; throws DedupInputError (DEDUP_BAD_SETTING) when out of range. */
export function resolveDedupSettings(overrides: Partial<DedupSettings> = {}): DedupSettings {
  return resolveNumericSettings('dedup', DEFAULT_DEDUP_SETTINGS, LIMITS, overrides);
}

/**
 * Numeric settings: `defaults` overlaid with the defined `overrides`, each checked against its
 * [min, max]; an unknown name or a value out of range throws DEDUP_BAD_SETTING naming it.
 */
export function resolveNumericSettings<T extends { [K in keyof T]: number }>(
  kind: string,
  defaults: Readonly<T>,
  limits: Readonly<Record<keyof T, readonly [number, number]>>,
  overrides: Partial<T>,
): T {
  const out: T = { ...defaults };
  for (const [name, value] of Object.entries(overrides) as Array<[keyof T & string, unknown]>) {
    if (value === undefined) continue;
    const range = limits[name];
    if (!range) throw new DedupInputError('DEDUP_BAD_SETTING', `unknown ${kind} setting ${name}`, { setting: name });
    if (typeof value !== 'number' || !Number.isFinite(value) || value < range[0] || value > range[1]) {
      throw new DedupInputError('DEDUP_BAD_SETTING', `${kind} setting ${name} must be a number in [${range[0]}, ${range[1]}]`, { setting: name, value });
    }
    out[name] = value as T[keyof T & string];
  }
  return Object.freeze(out);
}
