import type { DedupSettings } from './dedup-settings.js';
import { STOPWORDS } from './stopwords.js';
import { characterPairHashes, distinctLow16, hashHex64, hashValuesHex64, hashWords, mix32, mixInto } from './word-hashes.js';

/** What the index needs to know about one feed item; pure function of the item and settings. */
export interface StoryFingerprint {
  itemKey: string;
  /** 12 hex digits: the item's id inside the index (in LSH and passage postings). */
  docId: string;
  /** 16 hex digits: the storyId the item gets when it starts a new story. */
  newStoryId: string;
  /** Lookup keys `<kind><16 hex>`: fields of the index's generation hash. */
  itemLookup: string;
  guidLookup: string | null;
  urlLookup: string | null;
  textLookup: string | null;
  bandLookups: string[];
  passageLookups: string[];
  /**
   * Title keys (`h`): MinHash pairs of the title's words, function words aside; none when the
   * title has fewer than `headlineWords` of them. Headline items are found by these.
   */
  headlineLookups: string[];
  /**
   * 16-bit hashes of the first `passageWords` words (fewer when the paragraph is shorter) of each
   * of the first `passageKeys` paragraphs, in order: the lead check of the containment path.
   */
  heads: number[];
  /** Paragraphs with at least one word. */
  paragraphs: number;
  words: number;
  /** Distinct shingle values (16-bit) of the text. */
  shingles: number;
  /** The sketch holds every distinct value (shingles <= sketchSize). */
  complete: boolean;
  /** Smallest distinct 16-bit shingle values, ascending (bottom-k). */
  sketch: Uint16Array;
  /** Distinct 16-bit hashes of the title words, ascending. */
  titleHashes: number[];
}

export interface FingerprintInput {
  itemKey: string;
  guid: string;
  canonicalUrl: string | null;
  title: string;
  text: string;
}

const SHINGLE_WORDS = 5;
/** Multiplier of the rolling shingle hash, and its 4th power (the weight of the word leaving). */
const ROLL = 0x01000193;
const ROLL_OUT = Math.imul(Math.imul(ROLL, ROLL), Math.imul(ROLL, ROLL));
const EMPTY_BIN = 2 ** 32;

export function fingerprintStory(input: FingerprintInput, settings: DedupSettings): StoryFingerprint {
  const storyHash = hashHex64(`item\u0000${input.itemKey}`);
  // hashWords reuses its buffer: the title's hashes are used before the text is hashed.
  // The title's words, and in a script without spaces the pairs of its characters too.
  const titleWords = hashWords([input.title], settings.titleWords);
  const pairs = characterPairHashes(input.title, settings.titleWords);
  const title = pairs.length ? Uint32Array.from([...titleWords.hashes.subarray(0, titleWords.count), ...pairs]) : titleWords.hashes.subarray(0, titleWords.count);
  const titleHashes = distinctLow16(title, title.length);
  const headlineLookups = headlineKeys(title, title.length, settings);
  const stream = hashWords(input.text.split('\n\n'), settings.maxWords);
  const words = stream.count;
  const hashes = stream.hashes;

  const shingleValues = shingleHashes(hashes, words);
  const distinct = distinctTop16(shingleValues, settings.sketchSize);

  let textLookup: string | null = null;
  if (words > 0) {
    if (words >= settings.shortWords) textLookup = hashValuesHex64(hashes, 0, words, 0x74, 't');
    else textLookup = hashValuesHex64([...titleHashes, 0x7fffffff, ...hashes.subarray(0, words)], 0, titleHashes.length + 1 + words, 0x54, 't');
  }

  return {
    itemKey: input.itemKey,
    docId: storyHash.slice(0, 12),
    newStoryId: storyHash,
    itemLookup: hashHex64(`i\u0000${input.itemKey}`, 'i'),
    guidLookup: isGlobalGuid(input.guid) ? hashHex64(input.guid.trim(), 'g') : null,
    urlLookup: isArticleUrl(input.canonicalUrl) ? hashHex64((input.canonicalUrl as string).replace(/^https?:\/\//, ''), 'u') : null,
    textLookup,
    bandLookups: bandKeys(shingleValues, settings),
    passageLookups: passageKeys(hashes, words, stream.paragraphStarts, settings),
    headlineLookups,
    heads: paragraphHeads(hashes, words, stream.paragraphStarts, settings),
    paragraphs: stream.paragraphStarts.length,
    words,
    shingles: distinct.count,
    complete: distinct.count <= settings.sketchSize,
    sketch: distinct.smallest,
    titleHashes,
  };
}

/** Hashes (as hashWords gives them) of the function words, left out of the title keys. */
const FUNCTION_WORD_HASHES: ReadonlySet<number> = new Set([...STOPWORDS].map((w) => hashWords([w], 1).hashes[0] as number));

/**
 * `headlineKeys` keys of the title's distinct content words: key j is the pair of words with
 * the two smallest values under the j-th hash permutation (MinHash, 2 rows per band), so two
 * titles sharing most of their words share a key (Jaccard 0.8: each key with probability ~0.64,
 * one of 4 with ~0.98). None below `headlineWords` content words: "Live updates" finds nothing.
 */
function headlineKeys(words: Uint32Array, count: number, settings: DedupSettings): string[] {
  if (settings.headlineKeys === 0) return [];
  const content: number[] = [];
  for (let i = 0; i < count; i++) {
    const h = words[i] as number;
    if (!FUNCTION_WORD_HASHES.has(h) && !content.includes(h)) content.push(h);
  }
  if (content.length < settings.headlineWords || content.length < 2) return [];
  const keys: string[] = [];
  const pair = new Uint32Array(2);
  for (let j = 0; j < settings.headlineKeys; j++) {
    const seed = Math.imul(j + 1, 0x9e3779b1);
    let first = EMPTY_BIN;
    let second = EMPTY_BIN;
    for (const h of content) {
      const v = mix32(h ^ seed);
      if (v < first) {
        second = first;
        first = v;
      } else if (v < second) second = v;
    }
    pair[0] = first;
    pair[1] = second;
    keys.push(hashValuesHex64(pair, 0, 2, 0x200 + j, 'h'));
  }
  return keys;
}

let shingleBuffer = new Uint32Array(4096);

/**
 * Hashes of word 5-shingles (one shingle of all words when the text has fewer than 5). The result
 * is a view of a buffer reused by the next call: it is consumed before fingerprintStory returns.
 */
function shingleHashes(words: Uint32Array, count: number): Uint32Array {
  if (count === 0) return new Uint32Array(0);
  if (count < SHINGLE_WORDS) {
    let h = 0x3c6ef372;
    for (let i = 0; i < count; i++) h = mixInto(h, words[i] as number);
    return Uint32Array.of(mix32(h ^ count));
  }
  // Rolling polynomial over the word hashes (mod 2^32), avalanched per shingle.
  const n = count - SHINGLE_WORDS + 1;
  if (shingleBuffer.length < n) shingleBuffer = new Uint32Array(Math.max(n, shingleBuffer.length * 2));
  const out = shingleBuffer.subarray(0, n);
  let h = 0;
  for (let j = 0; j < SHINGLE_WORDS; j++) h = (Math.imul(h, ROLL) + (words[j] as number)) | 0;
  out[0] = mix32(h);
  for (let i = 1; i < n; i++) {
    h = (Math.imul((h - Math.imul(words[i - 1] as number, ROLL_OUT)) | 0, ROLL) + (words[i + SHINGLE_WORDS - 1] as number)) | 0;
    out[i] = mix32(h);
  }
  return out;
}

/** Bit set of 16-bit values and a list of the distinct ones, reused (cleared after each use). */
const SEEN16 = new Uint32Array(0x10000 >>> 5);
let distinctBuffer = new Uint16Array(4096);
/** Above this many distinct values, reading the bit set in order beats sorting them. */
const SCAN_FROM = 160;

/** The distinct upper 16 bits of the shingle hashes: how many, and the smallest `keep` ascending. */
function distinctTop16(shingles: Uint32Array, keep: number): { count: number; smallest: Uint16Array } {
  if (distinctBuffer.length < shingles.length) distinctBuffer = new Uint16Array(Math.min(0x10000, shingles.length * 2));
  let count = 0;
  for (let i = 0; i < shingles.length; i++) {
    const v = (shingles[i] as number) >>> 16;
    const w = v >>> 5;
    const bit = 1 << (v & 31);
    const word = SEEN16[w] as number;
    if ((word & bit) === 0) {
      SEEN16[w] = word | bit;
      distinctBuffer[count++] = v;
    }
  }
  const distinct = distinctBuffer.subarray(0, count);
  const take = Math.min(count, keep);
  let smallest: Uint16Array;
  if (count < SCAN_FROM) {
    for (let i = 0; i < count; i++) SEEN16[(distinct[i] as number) >>> 5] = 0;
    distinct.sort();
    smallest = distinct.slice(0, take);
  } else {
    // The set bits in ascending order are the sorted distinct values: read the first `take`.
    smallest = new Uint16Array(take);
    let k = 0;
    for (let w = 0; k < take; w++) {
      let word = SEEN16[w] as number;
      while (word !== 0 && k < take) {
        const low = word & -word;
        smallest[k++] = (w << 5) | (31 - Math.clz32(low));
        word ^= low;
      }
    }
    for (let i = 0; i < count; i++) SEEN16[(distinct[i] as number) >>> 5] = 0;
  }
  return { count, smallest };
}

/**
 * LSH over a one-permutation MinHash (bins by the upper bits of the shingle hash, the minimum hash
 * per bin, empty bins filled from the next non-empty bin to the right): `bands` keys of `rows` bins.
 */
function bandKeys(shingles: Uint32Array, settings: DedupSettings): string[] {
  if (shingles.length === 0) return [];
  const bins = settings.bands * settings.rows;
  const mins = new Float64Array(bins).fill(EMPTY_BIN);
  for (let i = 0; i < shingles.length; i++) {
    // the upper bits pick the bin, the minimum within the bin is the minimum of the hash itself
    const s = shingles[i] as number;
    const bin = ((s >>> 16) * bins) >>> 16;
    if (s < (mins[bin] as number)) mins[bin] = s;
  }
  const filled = new Uint32Array(bins);
  for (let b = 0; b < bins; b++) {
    let j = b;
    let distance = 0;
    while (mins[j] === EMPTY_BIN) {
      j = j + 1 === bins ? 0 : j + 1;
      distance++;
    }
    filled[b] = distance === 0 ? (mins[j] as number) : mix32((mins[j] as number) ^ Math.imul(distance, 0x9e3779b1));
  }
  const keys: string[] = [];
  for (let band = 0; band < settings.bands; band++) {
    keys.push(hashValuesHex64(filled, band * settings.rows, (band + 1) * settings.rows, 0x100 + band, 'b'));
  }
  return keys;
}

/** Keys of the first `passageWords` words from each of the first `passageKeys` paragraph starts. */
function passageKeys(words: Uint32Array, count: number, starts: number[], settings: DedupSettings): string[] {
  const keys = new Set<string>();
  for (const start of starts) {
    if (keys.size >= settings.passageKeys) break;
    if (start + settings.passageWords > count) break;
    keys.add(hashValuesHex64(words, start, start + settings.passageWords, 0x70, 'p'));
  }
  return [...keys];
}

/**
 * A 16-bit hash of the opening words of each of the first `passageKeys` paragraphs (at most
 * `passageWords` words, never past the paragraph's end), in paragraph order.
 */
function paragraphHeads(words: Uint32Array, count: number, starts: number[], settings: DedupSettings): number[] {
  const heads: number[] = [];
  for (let p = 0; p < starts.length && p < settings.passageKeys; p++) {
    const start = starts[p] as number;
    const end = Math.min(start + settings.passageWords, p + 1 < starts.length ? (starts[p + 1] as number) : count);
    let h = 0x68656164;
    for (let i = start; i < end; i++) h = mixInto(h, words[i] as number);
    heads.push(mix32(h ^ (end - start)) >>> 16);
  }
  return heads;
}

/**
 * A guid is matched across feeds only when it is globally unique by construction: a URL that is
 * not a site's front page, a `tag:`/`urn:` IRI, or a long opaque id. Short numbers and slugs repeat
 * between feeds and are left to the per-feed itemKey.
 */
export function isGlobalGuid(guid: string): boolean {
  const g = guid.trim();
  if (g.length < 12) return false;
  if (/^https?:\/\//i.test(g)) {
    try {
      const url = new URL(g);
      return url.pathname.replace(/\/+$/, '') !== '' || url.search.length > 1;
    } catch {
      return false;
    }
  }
  if (/^(?:tag|urn|uuid):/i.test(g)) return true;
  return g.length >= 20 && /^[A-Za-z0-9._:~-]+$/.test(g) && /\d/.test(g) && /[A-Za-z]/.test(g);
}

/** A canonical URL names one article when it has a path or a query (not a bare front page). */
export function isArticleUrl(url: string | null): boolean {
  if (url === null) return false;
  const rest = url.replace(/^https?:\/\/[^/?#]*/i, '');
  return rest !== '' && rest !== '/';
}
