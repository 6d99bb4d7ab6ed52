import { TOKEN_FLAGS, type TokenizedText } from '../tokenize.js';
import { AMBIGUOUS_PLACES, PLACES_ALSO_PERSON_NAMES } from './cities-regions.js';
import { getGazetteerIndex, type GazetteerEntry, type GazetteerIndex, type PlaceInfo } from './gazetteer-index.js';
import { NOT_ACRONYMS, ORGANIZATION_HEADS, ORGANIZATION_SUFFIXES, PUBLIC_BODY_SUFFIXES, TEAM_NICKNAMES } from './organizations.js';
import { CAPITALISED_TITLES, GIVEN_NAMES, NOT_NAME_WORDS, PERSON_ONLY_VERBS, PERSON_TITLES, REGNAL_TITLES } from './person-names.js';

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
  /** One-word organisation mentions ("Ford"), to hand over to a person of that surname ("Harrison Ford"). */
  orgWords: Array<{ word: string; name: string }>;
  /** Person-like place words seen right before a verb only people do ("Jordan scored"): not the place in this story. */
  personOnlyWords: Set<string> | null;
  /** Runs of two or three unknown capitalised words: people if their last word recurs alone ("Bukayo Saka ... Saka"). */
  candidates: Array<{ name: string; last: string; pos: number }>;
  people: Map<string, Tally>;
  organizations: Map<string, Tally>;
  singles: Array<{ word: string; titled: boolean; pos: number }>;
  /** Lone words said or done like a person's ("Saka scored", "Mr Saka", "Ford, 80,"): what makes an unknown run a person in `candidates`. */
  personishWords: Set<string> | null;
  /** Acronyms defined in the story ("Atomic Energy Organization of Iran (AEOI)") -> full name. */
  acronyms: Map<string, string>;
  lowerCounts: Map<string, number> | null;
}

const CONNECTORS = new Set(['de', 'da', 'van', 'von', 'der', 'den', 'bin', 'al', 'el', 'la', 'le', 'du', 'dos', 'ibn']);
const ORG_CONNECTORS = new Set(['of', 'for', 'and', 'the', 'on']);
const SAID = new Set(['said', 'says', 'told', 'added', 'explained', 'wrote', 'who', 'whose', 'stated', 'argued']);
const ACRONYM = /^[A-Z][A-Z0-9&]{1,5}$/;
const AMERICAS_PARTS: ReadonlySet<string> = new Set(['Latin', 'South', 'North', 'Central', 'Pan', 'Native', 'Meso', 'Anglo', 'Ibero']);
/** Last words of things named after people ("James Webb Space Telescope", "Hubble Space Telescope"). */
const NAMED_THINGS: ReadonlySet<string> = new Set(['Telescope', 'Observatory', 'Rover', 'Probe', 'Spacecraft', 'Satellite', 'Mission', 'Prize', 'Award', 'Trophy', 'Cup', 'Foundation', 'Center', 'Centre', 'Hospital', 'Airport', 'Stadium', 'Arena', 'Bridge', 'Building', 'Library', 'Memorial', 'School', 'Act', 'Doctrine', 'Rule']);

export function extractEntities(tokens: TokenizedText, index: GazetteerIndex = getGazetteerIndex()): ExtractedEntities {
  const scan: Scan = { tokens, index, places: new Map(), personLikePlaces: [], orgWords: [], personOnlyWords: null, personishWords: null, candidates: [], people: new Map(), organizations: new Map(), singles: [], acronyms: new Map(), lowerCounts: null };
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
    // "Latin American", "South American": a continent's part, not the United States.
    if (m && m.target.type === 'place' && m.target.place.name === 'United States' && m.words.length === 1 && i > 0 && AMERICAS_PARTS.has(words[i - 1]!) && (tokens.flags[i]! & (TOKEN_FLAGS.punctuationBefore | TOKEN_FLAGS.sentenceStart)) === 0) {
      i += 1;
      continue;
    }
    if (m && !(m.target.type === 'place' && PLACES_ALSO_PERSON_NAMES.has(words[i]!) && m.words.length === 1 && inPersonRun(scan, i))) {
      if (m.target.type === 'place') {
        const orgEnd = (inTitle && titleCased) || joinedToName(tokens, i) ? -1 : organizationEnd(scan, i + m.words.length, m.target.place.kind !== 'country');
        if (orgEnd > 0) {
          tally(scan.organizations, joinRun(tokens, i, orgEnd), i);
          if (m.target.place.kind === 'country' || PUBLIC_BODY_SUFFIXES.has(words[orgEnd - 1]!)) addPlaceMention(scan, m, i);
          i = orgEnd;
          continue;
        }
        addPlaceMention(scan, m, i);
      } else if (m.target.type === 'organization') {
        addOrganizationMention(scan, m, i);
        // "General Electric Co", "Exxon Corp": the company form is part of the known name.
        const after = i + m.words.length;
        if (after < words.length && COMPANY_FORMS.has(words[after]!) && (tokens.flags[after]! & (TOKEN_FLAGS.punctuationBefore | TOKEN_FLAGS.sentenceStart)) === 0) i += 1;
      } else tally(scan.people, m.target.name, i);
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
  mergeRegnalNumbers(scan.people);
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
  const word = scan.tokens.words[i]!;
  if (PLACES_ALSO_PERSON_NAMES.has(word)) {
    scan.personLikePlaces.push({ word, place: place.name });
    // "Jordan scored 40 points", "Chad, 36, said": a person, whoever it is, so not the place.
    const { lower, flags } = scan.tokens;
    const next = i + 1;
    const verbNext = next < lower.length && (flags[next]! & (TOKEN_FLAGS.punctuationBefore | TOKEN_FLAGS.sentenceStart)) === 0 && PERSON_ONLY_VERBS.has(lower[next]!);
    if (verbNext || ageAt(scan.tokens, next)) (scan.personOnlyWords ??= new Set()).add(word);
    if (personishAfter(scan.tokens, next)) (scan.personishWords ??= new Set()).add(word);
  }
}

const FUNCTION_WORDS: ReadonlySet<string> = new Set(['The', 'A', 'An', 'In', 'At', 'On', 'For', 'From', 'By', 'With', 'And', 'But', 'As', 'To', 'Of', 'If', 'When', 'After', 'Before', 'While', 'Since', 'Under', 'Over']);

/** A capitalised word other than "The", "In"..., or "of", directly before `i` ("Federal" in "Federal Labour Agency"). */
function joinedToName(tokens: TokenizedText, i: number): boolean {
  if (i === 0 || (tokens.flags[i]! & (TOKEN_FLAGS.punctuationBefore | TOKEN_FLAGS.sentenceStart)) !== 0) return false;
  const w = tokens.words[i - 1]!;
  return w === 'of' || (isCapitalised(w) && !FUNCTION_WORDS.has(w));
}

const COMPANY_FORMS: ReadonlySet<string> = new Set(['Co', 'Corp', 'Corporation', 'Inc', 'Incorporated', 'Ltd', 'Limited', 'plc', 'PLC', 'LLC', 'AG', 'SA', 'NV', 'GmbH']);

/**
 * When the place name ending at `nameEnd` opens a longer organisation name ("Los
 * Angeles Times", "New York Stock Exchange", "Massachusetts Institute of Technology", with `teams`
 * also "Chicago Bulls"), the end of that name, else -1.
 */
function organizationEnd(scan: Scan, nameEnd: number, teams: boolean): number {
  const { words, flags } = scan.tokens;
  let found = -1;
  for (let k = nameEnd; k < words.length && k < nameEnd + 4; k += 1) {
    const f = flags[k]!;
    if ((f & TOKEN_FLAGS.sentenceStart) !== 0 || ((f & TOKEN_FLAGS.punctuationBefore) !== 0 && (f & TOKEN_FLAGS.hyphenBefore) === 0)) break;
    if ((flags[k - 1]! & TOKEN_FLAGS.possessive) !== 0) break;
    const w = words[k]!;
    if (teams && k === nameEnd && TEAM_NICKNAMES.has(w)) return k + 1; // "San Francisco 49ers" too
    if (!isCapitalised(w)) break;
    if (scan.index.byFirstWord.has(w) && matchAt(scan.index.byFirstWord, words, flags, k)) break;
    if (ORGANIZATION_SUFFIXES.has(w)) found = k + 1;
  }
  if (found < 0 || found >= words.length || words[found] !== 'of' || !ORGANIZATION_HEADS.has(words[found - 1]!)) return found;
  // "... Institute of Technology", "US Department of Energy": the "of" part belongs to the name.
  let k = found + 1;
  while (k < words.length && k < found + 4 && isCapitalised(words[k]!) && (flags[k]! & (TOKEN_FLAGS.punctuationBefore | TOKEN_FLAGS.sentenceStart)) === 0) {
    k += 1;
    if ((flags[k - 1]! & TOKEN_FLAGS.possessive) !== 0) break;
  }
  return k > found + 1 ? k : found;
}

const AMAZON_SENSES = [
  { place: 'Amazon rainforest', cues: ['rainforest', 'forest', 'forests', 'deforestation', 'river', 'basin', 'jungle', 'indigenous', 'tribe', 'tribes', 'brazil', 'brazilian', 'peru', 'peruvian', 'colombia', 'ecuador', 'bolivia', 'fires', 'logging', 'trees', 'biodiversity', 'climate', 'cattle', 'ranchers', 'manaus', 'belem'] },
  { place: '', cues: ['shares', 'stock', 'retailer', 'online', 'e', 'commerce', 'warehouse', 'warehouses', 'prime', 'bezos', 'jassy', 'aws', 'cloud', 'alexa', 'kindle', 'customers', 'delivery', 'deliveries', 'seller', 'sellers', 'company', 'nasdaq', 'revenue', 'profit', 'earnings', 'amazon.com'] },
] as const;

/** Counts a gazetteer organisation; "Amazon" in a story about the rainforest is the region instead. */
function addOrganizationMention(scan: Scan, entry: GazetteerEntry, i: number): void {
  if (entry.target.type !== 'organization') return;
  const name = entry.target.name;
  if (name === 'Amazon' && entry.words.length === 1) {
    const { words, lower, flags } = scan.tokens;
    // "the Amazon", "Brazilian Amazon": the region unless the story speaks of the company more.
    const prev = i > 0 && (flags[i]! & (TOKEN_FLAGS.sentenceStart | TOKEN_FLAGS.punctuationBefore)) === 0 ? i - 1 : -1;
    const prevPlace = prev >= 0 && isCapitalised(words[prev]!) && matchAt(scan.index.byFirstWord, words, flags, prev)?.target.type === 'place';
    const regionFirst = prevPlace || (prev >= 0 && lower[prev] === 'the');
    const senses = regionFirst ? AMAZON_SENSES : [AMAZON_SENSES[1], AMAZON_SENSES[0]];
    const chosen = chooseSense(scan, senses);
    if (chosen !== '') {
      const place = scan.index.placeByName.get(chosen)!;
      const t = scan.places.get(place.name);
      if (t) t.count += 1;
      else scan.places.set(place.name, { count: 1, first: i, place });
      return;
    }
  }
  tally(scan.organizations, name, i);
  if (entry.words.length === 1) {
    scan.orgWords.push({ word: entry.words[0]!, name });
    if (personishAfter(scan.tokens, i + 1)) (scan.personishWords ??= new Set()).add(entry.words[0]!);
  }
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
  if (!isCapitalised(w) || NOT_NAME_WORDS.has(w) || ORGANIZATION_SUFFIXES.has(w) || NOT_SURNAMES.has(w) || TEAM_NICKNAMES.has(w)) return false;
  return !scan.index.byFirstWord.has(w) || !matchAt(scan.index.byFirstWord, words, flags, next);
}

/**
 * Capitalised words that follow a place name without making a person of it: landmarks, features,
 * events and agreements ("Jordan Valley", "Paris Agreement", "Sydney Opera House").
 */
const NOT_SURNAMES: ReadonlySet<string> = new Set([
  'Ocean', 'Sea', 'Gulf', 'Bay', 'River', 'Basin', 'Valley', 'Lake', 'Mountains', 'Mountain', 'Desert', 'Island',
  'Islands', 'Strait', 'Peninsula', 'Canal', 'Coast', 'Delta', 'Plateau', 'Highlands', 'Heights', 'Hills', 'Falls',
  'Forest', 'Park', 'Square', 'Street', 'Avenue', 'Road', 'Bridge', 'Airport', 'Station', 'Stadium', 'Arena', 'Hospital',
  'Hotel', 'Tower', 'Centre', 'Center', 'Palace', 'Gate', 'Harbour', 'Harbor', 'Port', 'Opera', 'House', 'Memorial',
  'Monument', 'Museum', 'Zoo', 'Cathedral', 'Mosque', 'Temple', 'Metro', 'Subway', 'Airlines', 'Agreement', 'Accord',
  'Accords', 'Treaty', 'Convention', 'Conventions', 'Protocol', 'Summit', 'Conference', 'Talks', 'Olympics', 'Games',
  'Open', 'Masters', 'Marathon', 'Week', 'Festival', 'Prize', 'Award', 'Awards', 'Cup', 'Declaration', 'Charter',
  'Pact', 'Plan', 'Consensus', 'Principles', 'Agenda', 'Tech', 'Metropolitan', 'Region', 'Province', 'County', 'City',
  'State', 'Times', 'Post', 'Olympic', 'Dream', 'Fashion', 'Motor', 'Stock', 'Orthodox', 'Armed', 'Border',
]);

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
      if (m && !(m.target.type === 'place' && m.words.length === 1 && PLACES_ALSO_PERSON_NAMES.has(w)) && !givenNameBefore(scan, start, j, m)) break;
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

/**
 * "Harrison Ford", "Denzel Washington": a given name directly before a one-word organisation or
 * place name (not a country's demonym or a known person) makes one person's name of both.
 */
function givenNameBefore(scan: Scan, start: number, j: number, m: GazetteerEntry): boolean {
  if (j !== start + 1 || m.words.length !== 1 || m.target.type === 'person' || !GIVEN_NAMES.has(scan.tokens.words[start]!)) return false;
  return m.target.type === 'organization' || m.target.place.kind !== 'country';
}

/** Records what the run [start, end) is; returns where scanning resumes. */
function classifyRun(scan: Scan, start: number, end: number): number {
  const { words, lower, flags } = scan.tokens;
  let s = start;
  while (s < end && (words[s] === 'The' || words[s] === 'A')) s += 1;
  if (s >= end) return end;
  const last = words[end - 1]!;
  // The run's first "of" (one scan serves the organisation tests below).
  let ofAt = -1;
  for (let k = s; k < end; k += 1) {
    if (words[k] === 'of') {
      ofAt = k;
      break;
    }
  }
  // "Law Society of Kenya" (but "Atomic Energy Organization of Iran (AEOI)" is named with its acronym below).
  const acronymFollows = end < words.length && ACRONYM.test(words[end]!) && words[end] === initials(words, s, end);
  const headOf = !acronymFollows && ofAt > s && (ORGANIZATION_HEADS.has(words[ofAt - 1]!) || ORGANIZATION_SUFFIXES.has(words[ofAt - 1]!));
  if (end - s >= 2 && (ORGANIZATION_SUFFIXES.has(last) || (ORGANIZATION_HEADS.has(words[s]!) && ofAt >= 0) || headOf)) {
    tally(scan.organizations, joinRun(scan.tokens, s, end), s);
    // "Law Society of Kenya", "Bank of England": the country after "of" is named too.
    if (ofAt > s && ofAt + 1 < end) {
      const m = matchAt(scan.index.byFirstWord, words, flags, ofAt + 1);
      if (m && m.target.type === 'place' && m.target.place.kind === 'country' && ofAt + 1 + m.words.length === end) addPlaceMention(scan, m, ofAt + 1);
    }
    return end;
  }
  let titled = start > 0 && PERSON_TITLES.has(lower[start - 1]!) && (flags[start]! & TOKEN_FLAGS.sentenceStart) === 0;
  const saidBefore = start > 0 && SAID.has(lower[start - 1]!);
  // Capitalised, only real titles ("President", "Coach"); a sentence's first word may be any title word
  // ("Striker Bukayo Saka"), but alone before a single word it proves nothing ("Star Wars").
  let weakTitle = false;
  while (s < end) {
    const lw = lower[s]!;
    if (CAPITALISED_TITLES.has(lw)) titled = true;
    else if (s === start && (flags[s]! & TOKEN_FLAGS.sentenceStart) !== 0 && PERSON_TITLES.has(lw)) weakTitle = true;
    else if (!NOT_NAME_WORDS.has(words[s]!)) break;
    s += 1;
  }
  if (weakTitle && end - s >= 2) titled = true;
  // "Defense Secretary Lloyd Austin", "Iran's Foreign Minister Abbas Araghchi": drop the words up to the last title.
  for (let k = end - 2; k > s; k -= 1) {
    if (CAPITALISED_TITLES.has(lower[k]!)) {
      s = k + 1;
      titled = true;
      break;
    }
  }
  const length = end - s;
  if (length === 0) return end;
  // "President Tayyip Erdogan": given names in front of a known person are part of that name.
  if (end < words.length && (flags[end]! & (TOKEN_FLAGS.punctuationBefore | TOKEN_FLAGS.sentenceStart)) === 0 && !(flags[end - 1]! & TOKEN_FLAGS.possessive)) {
    const next = scan.index.byFirstWord.has(words[end]!) ? matchAt(scan.index.byFirstWord, words, flags, end) : null;
    if (next && next.target.type === 'person' && length <= 2) return end;
  }
  // "Pope Francis", "King Charles III": the title is part of the name.
  const regnal = s > start && REGNAL_TITLES.has(words[s - 1]!) && (length === 1 || (length === 2 && ROMAN.test(words[s + 1]!)));
  if (regnal) {
    const name = joinRun(scan.tokens, s - 1, end);
    tally(scan.people, name, s - 1);
    return end;
  }
  if (length === 1) {
    const w = words[s]!;
    if (ACRONYM.test(w) && !NOT_ACRONYMS.has(w)) tally(scan.organizations, w, s);
    else if (!(titled && (ORGANIZATION_HEADS.has(w) || ORGANIZATION_SUFFIXES.has(w)))) {
      scan.singles.push({ word: w, titled, pos: s });
      if (titled || personishAfter(scan.tokens, s + 1)) (scan.personishWords ??= new Set()).add(w);
    }
    return end;
  }
  const acronymNext = end < words.length && ACRONYM.test(words[end]!) && words[end] === initials(words, s, end);
  if (acronymNext) {
    const name = joinRun(scan.tokens, s, end);
    tally(scan.organizations, name, s);
    scan.acronyms.set(words[end]!, name);
    return end + 1;
  }
  const saidAfter = end < words.length && (SAID.has(lower[end]!) || PERSON_ONLY_VERBS.has(lower[end]!) || ageAt(scan.tokens, end));
  const first = words[s]!;
  const placeFirstName = PLACES_ALSO_PERSON_NAMES.has(first) && !NOT_SURNAMES.has(words[end - 1]!);
  if (NAMED_THINGS.has(words[end - 1]!)) return end;
  if (length <= 4 && (titled || GIVEN_NAMES.has(first) || placeFirstName || saidBefore || saidAfter)) tally(scan.people, joinRun(scan.tokens, s, end), s);
  else if (length <= 3 && nameLike(scan, s, end)) scan.candidates.push({ name: joinRun(scan.tokens, s, end), last: words[end - 1]!, pos: s });
  return end;
}

/** Right after a name at `i`: "said", "scored", ", 80,". */
function personishAfter(tokens: TokenizedText, i: number): boolean {
  if (i >= tokens.words.length) return false;
  if ((tokens.flags[i]! & (TOKEN_FLAGS.punctuationBefore | TOKEN_FLAGS.sentenceStart)) === 0 && (SAID.has(tokens.lower[i]!) || PERSON_ONLY_VERBS.has(tokens.lower[i]!))) return true;
  return ageAt(tokens, i);
}

const ROMAN = /^(?:I{1,3}|IV|V|VI{1,3}|IX|X|XI{1,3}|XIV|XV|XVI)$/;

/** ", 80," right at `i`: an age after a name ("Harrison Ford, 80, said"). */
function ageAt(tokens: TokenizedText, i: number): boolean {
  if (i >= tokens.words.length || (tokens.flags[i]! & TOKEN_FLAGS.punctuationBefore) === 0 || (tokens.flags[i]! & TOKEN_FLAGS.sentenceStart) !== 0) return false;
  const w = tokens.words[i]!;
  if (w.length > 3 || !/^\d+$/.test(w)) return false;
  const age = Number(w);
  return age >= 5 && age <= 110 && i + 1 < tokens.words.length && (tokens.flags[i + 1]! & TOKEN_FLAGS.punctuationBefore) !== 0;
}

/** Every word of [s, end) could be part of a person's name: no title, heading word, organisation word, feature or acronym. */
function nameLike(scan: Scan, s: number, end: number): boolean {
  const { words } = scan.tokens;
  for (let k = s; k < end; k += 1) {
    const w = words[k]!;
    if (!isCapitalised(w) || NOT_NAME_WORDS.has(w) || NOT_SURNAMES.has(w) || ORGANIZATION_HEADS.has(w) || ORGANIZATION_SUFFIXES.has(w) || TEAM_NICKNAMES.has(w)) return false;
    if (w.length > 1 && w === w.toUpperCase()) return false;
  }
  return true;
}

function resolveSingles(scan: Scan): void {
  if (scan.candidates.length > 0 && scan.personishWords) {
    // "Bukayo Saka ... Saka said": an unknown two- or three-word name whose last word recurs alone as a person's.
    for (const c of scan.candidates) if (scan.personishWords.has(c.last)) tally(scan.people, c.name, c.pos);
  }
  const bySurname = new Map<string, string | null>();
  for (const name of scan.people.keys()) {
    const parts = name.split(/[ -]/);
    if (parts.length < 2) continue;
    const surname = parts.length > 2 && ROMAN.test(parts[parts.length - 1]!) ? parts[parts.length - 2]! : parts[parts.length - 1]!;
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
  // "Jordan Henderson scored ... Jordan was substituted": a place that is the first name of one person in the story is that person.
  const byFirstName = new Map<string, string | null>();
  for (const name of scan.people.keys()) {
    const first = name.split(/[ -]/)[0]!;
    if (first !== name) byFirstName.set(first, byFirstName.has(first) && byFirstName.get(first) !== name ? null : name);
  }
  for (const { word, place } of scan.personLikePlaces) {
    const full = bySurname.get(word) ?? byFirstName.get(word);
    const t = scan.places.get(place);
    if (!t || !(full || scan.personOnlyWords?.has(word))) continue;
    if (full) scan.people.get(full)!.count += 1;
    t.count -= 1;
    if (t.count === 0) scan.places.delete(place);
  }
  // "Harrison Ford ... Ford, 80, said": a one-word organisation that is the surname of a person in the story.
  for (const { word, name } of scan.orgWords) {
    const full = bySurname.get(word);
    const t = scan.organizations.get(name);
    if (!full || !t) continue;
    scan.people.get(full)!.count += 1;
    t.count -= 1;
    if (t.count === 0) scan.organizations.delete(name);
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

/** "King Abdullah" and "King Abdullah II" in one story are one person: the numbered name keeps both counts. */
function mergeRegnalNumbers(people: Map<string, Tally>): void {
  for (const [name, t] of people) {
    const space = name.lastIndexOf(' ');
    if (space < 0 || !ROMAN.test(name.slice(space + 1))) continue;
    const plain = people.get(name.slice(0, space));
    if (!plain) continue;
    t.count += plain.count;
    t.first = Math.min(t.first, plain.first);
    people.delete(name.slice(0, space));
  }
}
