/**
 * The language a story is written in (ISO 639-1: `en`, `ru`, `zh`), from its text, with the
 * language its feed declares (`<language>`, `xml:lang`, JSON Feed `language`) as a hint: feeds
 * often declare the template's `en-us` whatever they carry, so a clear reading of the text wins;
 * the declaration decides where the text says little (a headline alone), between close languages
 * (Danish and Norwegian, Czech and Slovak, Croatian and Bosnian), and for languages the detector
 * does not know but the script allows.
 *
 * How the text is read: letters are counted by script over the first `SAMPLE_CHARS` characters.
 * A script of one language names it (Greek, Hangul, Thai...); Kana among Han marks Japanese, Han
 * alone Chinese; for the scripts several languages share (Latin, Cyrillic, Arabic, Devanagari),
 * each language's function words (language-profiles.ts) count one each, and its own letters a
 * little. Pure and allocation-light: it runs on every story.
 */
import { LANGUAGE_ALIASES, SCRIPT_LANGUAGE, SCRIPT_RANGES, WORD_PROFILES, type Script } from './language-profiles.js';

export interface LanguageInput {
  title: string;
  text: string;
  /** The feed's or item's declared language tag, as written (`en-US`, `ru`, `English`). */
  declared?: string | null;
  /** The story's words lower-cased, when the caller has them already (the classifier's tokens). */
  lowerWords?: readonly string[];
}

/** Characters of title and text read for the script counts and function words. */
const SAMPLE_CHARS = 3000;
/** Function words looked up at most. */
const SAMPLE_WORDS = 400;
/** A language's own letter counts this much; all its letters together at most LETTER_CAP. */
const LETTER_WEIGHT = 0.25;
const LETTER_CAP = 3;
/** A reading is clear with this many function-word points and this lead over the next language. */
const CLEAR_POINTS = 3;
/** Fewer points than this are no reading at all (one short word: "CO" in a company's name is not Polish). */
const MIN_POINTS = 2;
const CLEAR_LEAD = 1.5;
/** A declaration of a language the detector does not know stands unless the text says this much more. */
const STRONG_POINTS = 8;
/** Close languages: when the text reads as one and the feed declares another of its group, the declaration wins. */
const CLOSE_GROUPS = [['hr', 'bs', 'sr', 'me', 'sl'], ['da', 'no', 'sv'], ['cs', 'sk'], ['id', 'ms'], ['es', 'ca', 'gl', 'pt'], ['ru', 'uk', 'be'], ['bg', 'mk'], ['fi', 'et']];

/** What a function word of one or two letters counts ("a", "to", "co" are words of many languages, and abbreviations). */
const SHORT_WORD_POINTS = 0.5;
/** Function word → the profiles (indexes) it belongs to; own letter (code unit) → the same. */
const WORD_INDEX = new Map<string, number[]>();
const LETTER_INDEX = new Map<number, number[]>();
function addTo<K>(index: Map<K, number[]>, key: K, profile: number): void {
  const list = index.get(key) ?? [];
  if (!list.includes(profile)) list.push(profile);
  index.set(key, list);
}
WORD_PROFILES.forEach((p, i) => {
  for (const w of p.words.split(' ')) addTo(WORD_INDEX, w, i);
  for (const c of p.letters ?? '') addTo(LETTER_INDEX, c.charCodeAt(0), i);
});
/** The script each known language is written in. */
const LANGUAGE_SCRIPT = new Map<string, Script>([
  ...WORD_PROFILES.map((p) => [p.code, p.script] as const),
  ...Object.entries(SCRIPT_LANGUAGE).map(([script, code]) => [code!, script as Script] as const),
  ['zh', 'han'], ['ja', 'kana'], ['bs', 'latin'], ['me', 'latin'], ['sl', 'latin'], ['ms', 'latin'], ['gl', 'latin'],
]);
const SHARED_SCRIPTS = new Set<Script>(WORD_PROFILES.map((p) => p.script));

/** A declared language tag as its primary ISO 639 code (`en-US` → `en`, `eng` → `en`), or null. */
export function normalizeLanguageTag(tag: string | null | undefined): string | null {
  if (!tag) return null;
  const primary = tag.trim().toLowerCase().split(/[-_\s.;,]/)[0] ?? '';
  if (!/^[a-z]{2,8}$/.test(primary)) return null;
  const code = LANGUAGE_ALIASES[primary] ?? primary;
  return code.length === 2 || code.length === 3 ? code : null;
}

/** The scripts as numbers (letters are counted in a typed array: this runs on every story). */
const SCRIPT_NAMES: Script[] = [...new Set(SCRIPT_RANGES.map(([, , script]) => script))];
const SCRIPT_NUMBER = new Map(SCRIPT_NAMES.map((script, k) => [script, k]));
const NUMBERED_RANGES = SCRIPT_RANGES.map(([first, last, script]) => [first, last, SCRIPT_NUMBER.get(script)!] as const);
const LATIN = SCRIPT_NUMBER.get('latin')!;

/** The number of a letter's script, or -1 (not a letter of a known script). */
function scriptNumberOf(c: number): number {
  if (c < 0x250) return LATIN;
  for (const [first, last, k] of NUMBERED_RANGES) if (c >= first && c <= last) return k;
  return -1;
}

/** Letters per script in the sample, and the dominant script (Han and Kana counted together as CJK; a tie goes to the script seen first). */
function countScripts(sample: string): { count: (script: Script) => number; dominant: Script | null } {
  const counts = new Int32Array(SCRIPT_NAMES.length);
  const seen: number[] = [];
  for (let i = 0; i < sample.length; i += 1) {
    const c = sample.charCodeAt(i);
    if (c < 0x41 || (c > 0x5a && c < 0x61) || (c > 0x7a && c < 0xc0)) continue;
    const k = scriptNumberOf(c);
    if (k >= 0 && counts[k]++ === 0) seen.push(k);
  }
  const count = (script: Script) => counts[SCRIPT_NUMBER.get(script)!]!;
  const cjk = count('han') + count('kana');
  let dominant: Script | null = null;
  let best = 0;
  for (const k of seen) {
    const script = SCRIPT_NAMES[k]!;
    const weight = script === 'han' || script === 'kana' ? cjk : counts[k]!;
    if (weight > best) [dominant, best] = [script, weight];
  }
  return { count, dominant };
}

function lowerWordsOf(sample: string): string[] {
  return sample.toLowerCase().split(/[^\p{L}\p{M}·]+/u).filter(Boolean);
}

/** Function-word points per profile of `script`, best first. */
function scoreWords(words: readonly string[], sample: string, script: Script): Array<{ code: string; points: number }> {
  const points = new Float64Array(WORD_PROFILES.length);
  const n = Math.min(words.length, SAMPLE_WORDS);
  for (let k = 0; k < n; k += 1) {
    const word = words[k]!;
    const hits = WORD_INDEX.get(word);
    if (hits) for (const i of hits) points[i] += word.length <= 2 ? SHORT_WORD_POINTS : 1;
  }
  const letters = new Float64Array(WORD_PROFILES.length);
  for (let i = 0; i < sample.length; i += 1) {
    const c = sample.charCodeAt(i);
    const hits = c < 0xc0 ? undefined : LETTER_INDEX.get(c);
    if (hits) for (const j of hits) letters[j] += LETTER_WEIGHT;
  }
  return WORD_PROFILES.map((p, i) => ({ code: p.code, script: p.script, points: points[i]! + Math.min(LETTER_CAP, letters[i]!) }))
    .filter((p) => p.script === script)
    .sort((a, b) => b.points - a.points);
}

function sameGroup(a: string, b: string): boolean {
  return CLOSE_GROUPS.some((g) => g.includes(a) && g.includes(b));
}

/** The story's language (ISO 639-1, or 639-3 where a feed declares one), or null when neither the text nor the feed tells. */
export function detectLanguage(input: LanguageInput): string | null {
  // The text cut before it is joined: a long article is not copied whole to read its start.
  const sample = `${input.title ?? ''}\n${(input.text ?? '').slice(0, SAMPLE_CHARS)}`.slice(0, SAMPLE_CHARS);
  const declared = normalizeLanguageTag(input.declared);
  const { count, dominant } = countScripts(sample);
  if (!dominant) return declared;
  const declaredScript = declared ? LANGUAGE_SCRIPT.get(declared) : undefined;
  // The declaration fits the text's script (a language the detector does not know fits any shared script).
  const fits = declared !== null && (declaredScript === undefined ? SHARED_SCRIPTS.has(dominant) : declaredScript === dominant || (dominant === 'han' && declaredScript === 'kana') || (dominant === 'kana' && declaredScript === 'han'));
  if (dominant === 'han' || dominant === 'kana') {
    const kana = count('kana');
    const detected = kana > 0.05 * (kana + count('han')) ? 'ja' : 'zh';
    return fits && declared === 'ja' && kana > 0 ? 'ja' : detected;
  }
  const single = SCRIPT_LANGUAGE[dominant];
  if (single) return single;
  const words = input.lowerWords ?? lowerWordsOf(sample);
  const ranked = scoreWords(words, sample, dominant);
  const top = ranked[0];
  if (!top || top.points === 0) return fits ? declared : null;
  const second = ranked[1]?.points ?? 0;
  // Clear: well ahead of every language outside its close group (Danish need not beat Norwegian by much).
  const rival = ranked.find((r) => r.code !== top.code && !sameGroup(r.code, top.code))?.points ?? 0;
  const clear = top.points >= CLEAR_POINTS && top.points >= rival * CLEAR_LEAD;
  if (fits) {
    if (declaredScript === undefined) return top.points >= STRONG_POINTS && clear ? top.code : declared;
    if (!clear || sameGroup(top.code, declared!)) return declared;
  }
  return top.points >= MIN_POINTS && top.points > second ? top.code : null;
}
