import { hashWords } from './word-hashes.js';

/**
 * Words that turn a headline into its opposite ("lawmakers approve the bill" / "lawmakers reject
 * the bill"): two headlines that differ by such a pair are not one story, however many words they
 * share. Each row: words of one side, words of the other (inflections listed). Written by hand.
 */
const OPPOSITES: ReadonlyArray<readonly [readonly string[], readonly string[]]> = [
  [['approve', 'approves', 'approved', 'approval', 'back', 'backs', 'backed', 'endorse', 'endorses', 'endorsed'], ['reject', 'rejects', 'rejected', 'rejection', 'veto', 'vetoes', 'vetoed', 'block', 'blocks', 'blocked']],
  [['pass', 'passes', 'passed'], ['fail', 'fails', 'failed', 'defeat', 'defeats', 'defeated']],
  [['win', 'wins', 'won', 'beat', 'beats'], ['lose', 'loses', 'lost', 'losing']],
  [['rise', 'rises', 'rose', 'risen', 'up', 'gain', 'gains', 'gained', 'climb', 'climbs', 'climbed', 'jump', 'jumps', 'jumped', 'higher', 'increase', 'increases', 'increased'], ['fall', 'falls', 'fell', 'fallen', 'down', 'drop', 'drops', 'dropped', 'slide', 'slides', 'slid', 'lower', 'decline', 'declines', 'declined', 'decrease', 'decreases', 'decreased']],
  [['raise', 'raises', 'hike', 'hikes', 'hiked'], ['cut', 'cuts', 'lower', 'lowers', 'lowered', 'reduce', 'reduces', 'reduced']],
  [['accept', 'accepts', 'accepted'], ['refuse', 'refuses', 'refused', 'decline', 'declines', 'declined']],
  [['guilty', 'convicted', 'convicts'], ['innocent', 'acquitted', 'acquits', 'cleared']],
  [['impose', 'imposes', 'imposed', 'extend', 'extends', 'extended'], ['lift', 'lifts', 'lifted', 'ease', 'eases', 'eased', 'end', 'ends', 'ended']],
  [['open', 'opens', 'opened', 'reopen', 'reopens', 'reopened'], ['close', 'closes', 'closed', 'shut', 'shuts']],
  [['confirm', 'confirms', 'confirmed'], ['deny', 'denies', 'denied']],
  [['resume', 'resumes', 'resumed', 'start', 'starts', 'started'], ['halt', 'halts', 'halted', 'suspend', 'suspends', 'suspended', 'stop', 'stops', 'stopped']],
];

/** 16-bit title-word hash (as in StoryFingerprint.titleHashes) → row × 2 + side. */
export const OPPOSITE_WORDS: ReadonlyMap<number, number> = (() => {
  const out = new Map<number, number>();
  OPPOSITES.forEach(([a, b], row) => {
    for (const [side, words] of [a, b].entries()) {
      for (const w of words) {
        const h = (hashWords([w], 1).hashes[0] as number) & 0xffff;
        // A word listed on both sides of rows ("lower", "decline") is left out of the later row.
        if (!out.has(h)) out.set(h, row * 2 + side);
      }
    }
  });
  return out;
})();

/** The same map as a Lua table constructor (the dedup script's twin of `OPPOSITE_WORDS`). */
export function oppositeWordsLua(): string {
  return `{${[...OPPOSITE_WORDS].map(([h, v]) => `[${h}]=${v}`).join(',')}}`;
}

/**
 * The words only one title has (ascending 16-bit hashes, as titleHashes) include an opposite pair:
 * a word of one side of a row in `a` and of the other side of the same row in `b`.
 */
export function titlesOppose(a: readonly number[], b: readonly number[]): boolean {
  let i = 0;
  let j = 0;
  let onlyA: number[] | null = null;
  let onlyB: number[] | null = null;
  while (i < a.length || j < b.length) {
    const x = i < a.length ? (a[i] as number) : Number.POSITIVE_INFINITY;
    const y = j < b.length ? (b[j] as number) : Number.POSITIVE_INFINITY;
    if (x === y) {
      i++;
      j++;
    } else if (x < y) {
      const v = OPPOSITE_WORDS.get(x);
      if (v !== undefined) (onlyA ??= []).push(v);
      i++;
    } else {
      const v = OPPOSITE_WORDS.get(y);
      if (v !== undefined) (onlyB ??= []).push(v);
      j++;
    }
  }
  if (!onlyA || !onlyB) return false;
  for (const v of onlyA) if (onlyB.includes(v ^ 1)) return true;
  return false;
}
