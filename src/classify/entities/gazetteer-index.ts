import { tokenizeWords } from '../tokenize.js';
import { CITIES, REGIONS } from './cities-regions.js';
import { COUNTRIES } from './countries.js';
import { ORGANIZATIONS } from './organizations.js';
import { KNOWN_PEOPLE } from './person-names.js';

/**
 * One index over every gazetteer: places (with demonyms), organisations and well-known people,
 * keyed by the first word as written, longest name first, so the extractor finds the longest
 * known name at a position with one map lookup ("Papua New Guinea" before "Guinea").
 */
export type PlaceKind = 'country' | 'city' | 'region';

export interface PlaceInfo {
  name: string;
  kind: PlaceKind;
  country?: string;
}

export type GazetteerTarget =
  | { type: 'place'; place: PlaceInfo }
  | { type: 'organization'; name: string }
  | { type: 'person'; name: string };

export interface GazetteerEntry {
  words: string[];
  target: GazetteerTarget;
}

export interface GazetteerIndex {
  /** Keyed by the first word as written. */
  byFirstWord: Map<string, GazetteerEntry[]>;
  /** Places only, keyed by the upper-cased first word, for headlines in capitals. */
  byUpperFirstWord: Map<string, GazetteerEntry[]>;
  /** Every place by its canonical name (senses of ambiguous names included). */
  placeByName: Map<string, PlaceInfo>;
  /** firstCodes[c] = 1 when some `byFirstWord` key starts with UTF-16 code c: other words skip the map lookup. */
  firstCodes: Uint8Array;
}

let shared: GazetteerIndex | null = null;

/** The index of the built-in gazetteers, built once on first use. */
export function getGazetteerIndex(): GazetteerIndex {
  shared ??= buildGazetteerIndex();
  return shared;
}

function pluralDemonym(d: string): string | null {
  return /(s|sh|ch|ese)$/.test(d) ? null : `${d}s`;
}

export function buildGazetteerIndex(): GazetteerIndex {
  const index: GazetteerIndex = { byFirstWord: new Map(), byUpperFirstWord: new Map(), placeByName: new Map(), firstCodes: new Uint8Array(0x10000) };
  const addPlace = (text: string, place: PlaceInfo): void => {
    const words = tokenizeWords(text);
    add(index.byFirstWord, words, { type: 'place', place });
    const single = words.length === 1;
    if (!(single && words[0]!.length <= 2)) add(index.byUpperFirstWord, words.map((w) => w.toUpperCase()), { type: 'place', place });
  };
  for (const [name, aliases, demonyms] of COUNTRIES) {
    const place: PlaceInfo = { name, kind: 'country' };
    index.placeByName.set(name, place);
    for (const text of [name, ...aliases, ...demonyms]) addPlace(text, place);
    for (const d of demonyms) {
      const plural = pluralDemonym(d);
      if (plural) addPlace(plural, place);
    }
  }
  const addRows = (rows: typeof CITIES, kind: PlaceKind): void => {
    for (const [name, country, aliases = []] of rows) {
      const place: PlaceInfo = country ? { name, kind, country } : { name, kind };
      index.placeByName.set(name, place);
      if (name.includes('(')) continue;
      for (const text of [name, ...aliases]) addPlace(text, place);
    }
  };
  addRows(CITIES, 'city');
  addRows(REGIONS, 'region');
  for (const [name, aliases] of ORGANIZATIONS) {
    for (const text of [name, ...aliases]) add(index.byFirstWord, tokenizeWords(text), { type: 'organization', name });
  }
  for (const [name, aliases] of KNOWN_PEOPLE) {
    for (const text of [name, ...aliases]) add(index.byFirstWord, tokenizeWords(text), { type: 'person', name });
  }
  for (const map of [index.byFirstWord, index.byUpperFirstWord]) for (const list of map.values()) list.sort((a, b) => b.words.length - a.words.length);
  for (const key of index.byFirstWord.keys()) index.firstCodes[key.charCodeAt(0)] = 1;
  return index;
}

function add(map: Map<string, GazetteerEntry[]>, words: string[], target: GazetteerTarget): void {
  if (words.length === 0) return;
  const list = map.get(words[0]!);
  const entry = { words, target };
  if (!list) map.set(words[0]!, [entry]);
  else if (!list.some((e) => e.words.join(' ') === words.join(' '))) list.push(entry);
}
