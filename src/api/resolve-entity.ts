import { getGazetteerIndex } from '../classify/entities/gazetteer-index.js';
import { tokenizeWords } from '../classify/tokenize.js';
import { entityKey } from '../store/story-rows.js';

/** Lookup key of a name: its words as the classifier splits them, case- and accent-folded ("U.S." → "u s"). */
function nameKey(text: string): string {
  return entityKey(tokenizeWords(text).join(' '));
}

let byKey: Map<string, string[]> | null = null;

/**
 * Every name, alias, abbreviation and demonym of the classifier's gazetteers (places, organisations,
 * well-known people), by lookup key, with the normalised names stories are stored under.
 */
function gazetteerNames(): Map<string, string[]> {
  if (byKey) return byKey;
  const map = new Map<string, string[]>();
  for (const entries of getGazetteerIndex().byFirstWord.values()) {
    for (const entry of entries) {
      const key = entityKey(entry.words.join(' '));
      const t = entry.target;
      const name = t.type === 'place' ? t.place.name : t.name;
      const names = map.get(key);
      if (!names) map.set(key, [name]);
      else if (!names.includes(name)) names.push(name);
    }
  }
  byKey = map;
  return map;
}

/**
 * The `entity` parameter as the names a story may be stored under: the value itself, then the
 * normalised names the classifier gives that spelling, matched case-insensitively ("iranian" →
 * Iran, "U.S." / "America" → United States, "UK" / "Britain" → United Kingdom, "WHO" → World Health
 * Organization, "Putin" → Vladimir Putin, "Xi" → Xi Jinping). The store also matches each name as a
 * person's surname.
 */
export function resolveEntity(value: string): string[] {
  const names = [value.trim()];
  for (const name of gazetteerNames().get(nameKey(value)) ?? []) {
    if (!names.some((n) => entityKey(n) === entityKey(name))) names.push(name);
  }
  return names;
}
