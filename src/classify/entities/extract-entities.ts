import { TOKEN_FLAGS, type TokenizedText } from '../tokenize.js';
import { AMBIGUOUS_PLACES, PLACES_ALSO_PERSON_NAMES } from './cities-regions.js';
import { getGazetteerIndex, type GazetteerEntry, type GazetteerIndex, type PlaceInfo } from './gazetteer-index.js';
import { NOT_ACRONYMS, ORGANIZATION_HEADS, ORGANIZATION_SUFFIXES } from './organizations.js';
import { GIVEN_NAMES, NOT_NAME_WORDS, PERSON_TITLES } from './person-names.js';

/**
 * Places, people and organisations of a story from the gazetteers plus rules on capitalised runs:
 * a run after a title word ("President", "coach") or starting with a given name is a person, a run
 * ending in "Corp"/"Ministry"/... or opening "Ministry of ..." is an organisation, an unknown
 * acronym is an organisation. Surnames and titled surnames ("President Pezeshkian") are joined to
 * the full name found elsewhere in the story. Names that are also places or people (Jordan,
 * Georgia, Chad, Turkey) are settled by the words around them.
 */
export interface EntityPlace {
  name: string;
  count: number;
  kind: PlaceInfo['kind'];
  country?: string;
}

export interface ExtractedEntities {
  places: EntityPlace[];
  people: Array<{ name: string; count: number }>;
  organizations: Array<{ name: string; count: number }>;
}

interface Tally {
  count: number;
  first: number;
}

interface Scan {
  tokens: TokenizedText;
  index: GazetteerIndex;
  places: Map<string, Tally & { place: PlaceInfo }>;
  /** Mentions of places that are also people's names, by word, to hand over to a person if one turns up. */
  personLikePlaces: Array<{ word: string; place: string }>;
  people: Map<string, Tally>;
  organizations: Map<string, Tally>;
  singles: Array<{ word: string; titled: boolean; pos: number }>;
  /** Acronyms defined in the story ("Atomic Energy Organization of Iran (AEOI)") -> full name. */
  acronyms: Map<string, string>;
  lowerCounts: Map<string, number> | null;
}

const CONNECTORS = new Set(['de', 'da', 'van', 'von', 'der', 'den', 'bin', 'al', 'el', 'la', 'le', 'du', 'dos', 'ibn']);
const ORG_CONNECTORS = new Set(['of', 'for', 'and', 'the', 'on']);
const SAID = new Set(['said', 'says', 'told', 'added', 'explained', 'wrote', 'who', 'whose', 'stated', 'argued']);
const ACRONYM = /^[A-Z][A-Z0-9&]{1,5}$/;

export function extractEntities(tokens: TokenizedText, index: GazetteerIndex = getGazetteerIndex()): ExtractedEntities {
  const scan: Scan = { tokens, index, places: new Map(), personLikePlaces: [], people: new Map(), organizations: new Map(), singles: [], acronyms: new Map(), lowerCounts: null };
  const { words, titleEnd, titleAllCaps } = tokens;
  const titleCased = isTitleCased(tokens);
  let i = 0;
  while (i < words.length) {
    const inTitle = i < titleEnd;
    if (inTitle && titleAllCaps) {
      const m = matchAt(index.byUpperFirstWord, words, tokens.flags, i);
      if (m) addPlaceMention(scan, m, i);
      i += m ? m.words.length : 1;
      continue;
    }
    const m = index.firstCodes[words[i]!.charCodeAt(0)] === 1 ? matchAt(index.byFirstWord, words, tokens.flags, i) : null;
    if (m && !(m.target.type === 'place' && PLACES_ALSO_PERSON_NAMES.has(words[i]!) && m.words.length === 1 && inPersonRun(scan, i))) {
      if (m.target.type === 'place') addPlaceMention(scan, m, i);
      else tally(m.target.type === 'person' ? scan.people : scan.organizations, m.target.name, i);
      i += m.words.length;
      continue;
    }
    if (!isCapitalised(words[i]!)) {
      i += 1;
      continue;
    }
    const end = findRunEnd(scan, i);
    if (!(inTitle && titleCased)) i = classifyRun(scan, i, end);
    else i = end;
  }
  resolveSingles(scan);
  return {
    places: sortTallies(scan.places).map(([, t]) => (t.place.country ? { name: t.place.name, count: t.count, kind: t.place.kind, country: t.place.country } : { name: t.place.name, count: t.count, kind: t.place.kind })),
    people: sortTallies(scan.people).map(([name, t]) => ({ name, count: t.count })),
    organizations: sortTallies(scan.organizations).map(([name, t]) => ({ name, count: t.count })),
  };
}

function matchAt(map: Map<string, GazetteerEntry[]>, words: string[], flags: Uint8Array, i: number): GazetteerEntry | null {
  const list = map.get(words[i]!);
  if (!list) return null;
  for (const entry of list) {
    const len = entry.words.length;
    if (i + len > words.length) continue;
    let ok = true;
    for (let k = 1; k < len && ok; k += 1) ok = words[i + k] === entry.words[k] && (flags[i + k]! & TOKEN_FLAGS.sentenceStart) === 0;
    if (ok) return entry;
  }
  return null;
}

function addPlaceMention(scan: Scan, entry: GazetteerEntry, i: number): void {
  if (entry.target.type !== 'place') return;
  let place: PlaceInfo | undefined = entry.target.place;
  const senses = entry.words.length === 1 ? AMBIGUOUS_PLACES.get(place.name) : undefined;
  if (senses && entry.words[0] === place.name) {
    const chosen = chooseSense(scan, senses);
    place = chosen === '' ? undefined : scan.index.placeByName.get(chosen);
    if (!place) return;
  }
  const t = scan.places.get(place.name);
  if (t) t.count += 1;
  else scan.places.set(place.name, { count: 1, first: i, place });
  if (PLACES_ALSO_PERSON_NAMES.has(scan.tokens.words[i]!)) scan.personLikePlaces.push({ word: scan.tokens.words[i]!, place: place.name });
}

function chooseSense(scan: Scan, senses: ReadonlyArray<{ place: string; cues: readonly string[] }>): string {
  if (!scan.lowerCounts) {
    scan.lowerCounts = new Map();
    for (const w of scan.tokens.lower) scan.lowerCounts.set(w, (scan.lowerCounts.get(w) ?? 0) + 1);
  }
  let best = senses[0]!.place;
  let bestScore = 0;
  for (const sense of senses) {
    let score = 0;
    for (const cue of sense.cues) score += scan.lowerCounts.get(cue) ?? 0;
    if (score > bestScore) {
      best = sense.place;
      bestScore = score;
    }
  }
  return best;
}

/** True when the word at `i` sits beside a given name or another unknown capitalised name. */
function inPersonRun(scan: Scan, i: number): boolean {
  const { words, flags } = scan.tokens;
  const joinedBefore = i > 0 && (flags[i]! & (TOKEN_FLAGS.punctuationBefore | TOKEN_FLAGS.sentenceStart)) === 0;
  if (joinedBefore && GIVEN_NAMES.has(words[i - 1]!)) return true;
  const next = i + 1;
  if (next >= words.length || (flags[next]! & (TOKEN_FLAGS.punctuationBefore | TOKEN_FLAGS.sentenceStart)) !== 0) return false;
  if ((flags[i]! & TOKEN_FLAGS.possessive) !== 0) return false;
  const w = words[next]!;
  return isCapitalised(w) && !NOT_NAME_WORDS.has(w) && !scan.index.byFirstWord.has(w) && !ORGANIZATION_SUFFIXES.has(w);
}

function findRunEnd(scan: Scan, start: number): number {
  const { words, flags } = scan.tokens;
  let sawHead = ORGANIZATION_HEADS.has(words[start]!);
  let j = start + 1;
  while (j < words.length) {
    const f = flags[j]!;
    if ((f & TOKEN_FLAGS.sentenceStart) !== 0 || ((f & TOKEN_FLAGS.punctuationBefore) !== 0 && (f & TOKEN_FLAGS.hyphenBefore) === 0)) break;
    if ((flags[j - 1]! & TOKEN_FLAGS.possessive) !== 0) break;
    const w = words[j]!;
    if (isCapitalised(w)) {
      const m = sawHead ? null : matchAt(scan.index.byFirstWord, words, flags, j);
      if (m && !(m.target.type === 'place' && m.words.length === 1 && PLACES_ALSO_PERSON_NAMES.has(w))) break;
      if (ORGANIZATION_HEADS.has(w)) sawHead = true;
      j += 1;
      continue;
    }
    const joinable = CONNECTORS.has(w) || (sawHead && ORG_CONNECTORS.has(w));
    if (joinable && j + 1 < words.length && isCapitalised(words[j + 1]!) && (flags[j + 1]! & TOKEN_FLAGS.punctuationBefore) === 0) {
      j += 1;
      continue;
    }
    break;
  }
  return j;
}

/** Records what the run [start, end) is; returns where scanning resumes. */
function classifyRun(scan: Scan, start: number, end: number): number {
  const { words, lower, flags } = scan.tokens;
  let s = start;
  while (s < end && (words[s] === 'The' || words[s] === 'A')) s += 1;
  if (s >= end) return end;
  const last = words[end - 1]!;
  if (end - s >= 2 && (ORGANIZATION_SUFFIXES.has(last) || (ORGANIZATION_HEADS.has(words[s]!) && words.slice(s, end).includes('of')))) {
    tally(scan.organizations, joinRun(scan.tokens, s, end), s);
    return end;
  }
  let titled = start > 0 && PERSON_TITLES.has(lower[start - 1]!) && (flags[start]! & TOKEN_FLAGS.sentenceStart) === 0;
  const saidBefore = start > 0 && SAID.has(lower[start - 1]!);
  while (s < end && (PERSON_TITLES.has(lower[s]!) || NOT_NAME_WORDS.has(words[s]!))) {
    if (PERSON_TITLES.has(lower[s]!)) titled = true;
    s += 1;
  }
  const length = end - s;
  if (length === 0) return end;
  if (length === 1) {
    const w = words[s]!;
    if (ACRONYM.test(w) && !NOT_ACRONYMS.has(w)) tally(scan.organizations, w, s);
    else scan.singles.push({ word: w, titled, pos: s });
    return end;
  }
  const acronymNext = end < words.length && ACRONYM.test(words[end]!) && words[end] === initials(words, s, end);
  if (acronymNext) {
    const name = joinRun(scan.tokens, s, end);
    tally(scan.organizations, name, s);
    scan.acronyms.set(words[end]!, name);
    return end + 1;
  }
  const saidAfter = end < words.length && SAID.has(lower[end]!);
  if (length <= 4 && (titled || GIVEN_NAMES.has(words[s]!) || saidBefore || saidAfter)) tally(scan.people, joinRun(scan.tokens, s, end), s);
  return end;
}

function resolveSingles(scan: Scan): void {
  const bySurname = new Map<string, string | null>();
  for (const name of scan.people.keys()) {
    const parts = name.split(/[ -]/);
    const surname = parts[parts.length - 1]!;
    if (parts.length < 2) continue;
    bySurname.set(surname, bySurname.has(surname) && bySurname.get(surname) !== name ? null : name);
  }
  for (const single of scan.singles) {
    const full = bySurname.get(single.word);
    if (full) scan.people.get(full)!.count += 1;
    else if (single.titled && full === undefined && !NOT_NAME_WORDS.has(single.word)) tally(scan.people, single.word, single.pos);
  }
  for (const [acronym, name] of scan.acronyms) {
    const t = scan.organizations.get(acronym);
    if (!t) continue;
    scan.organizations.get(name)!.count += t.count;
    scan.organizations.delete(acronym);
  }
  for (const { word, place } of scan.personLikePlaces) {
    const full = bySurname.get(word);
    const t = scan.places.get(place);
    if (!full || !t) continue;
    scan.people.get(full)!.count += 1;
    t.count -= 1;
    if (t.count === 0) scan.places.delete(place);
  }
}

function tally(map: Map<string, Tally>, name: string, pos: number): void {
  const t = map.get(name);
  if (t) t.count += 1;
  else map.set(name, { count: 1, first: pos });
}

function sortTallies<T extends Tally>(map: Map<string, T>): Array<[string, T]> {
  return [...map].sort((a, b) => b[1].count - a[1].count || a[1].first - b[1].first);
}

function joinRun(tokens: TokenizedText, start: number, end: number): string {
  let out = tokens.words[start]!;
  for (let k = start + 1; k < end; k += 1) out += ((tokens.flags[k]! & TOKEN_FLAGS.hyphenBefore) !== 0 ? '-' : ' ') + tokens.words[k];
  return out;
}

function initials(words: string[], start: number, end: number): string {
  let out = '';
  for (let k = start; k < end; k += 1) if (isCapitalised(words[k]!)) out += words[k]![0];
  return out;
}

export function isCapitalised(word: string): boolean {
  const c = word.charCodeAt(0);
  if (c >= 0x41 && c <= 0x5a) return true;
  if (c < 0xc0) return false;
  const ch = word[0]!;
  return ch !== ch.toLowerCase();
}

/** Headlines in Title Case: their capitals say nothing about names. */
function isTitleCased(tokens: TokenizedText): boolean {
  let long = 0;
  let capital = 0;
  for (let k = 0; k < tokens.titleEnd; k += 1) {
    const w = tokens.words[k]!;
    if (w.length <= 3) continue;
    long += 1;
    if (isCapitalised(w)) capital += 1;
  }
  return long >= 3 && capital / long >= 0.7;
}
