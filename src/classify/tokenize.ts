/**
 * One pass over a story's text that both the topic rules and the entity extractor read: words in
 * their original spelling and lower-cased, plus a flag per word saying what separates it from the
 * previous one. Hand-written character scanning: this runs on every story, so no regex per word.
 */

/** Flags of `TokenizedText.flags`. */
export const TOKEN_FLAGS = {
  /** First word of a sentence, line or the text (capitalisation tells nothing here). */
  sentenceStart: 1,
  /** Something other than spaces (comma, bracket, quote, dash...) separates it from the previous word. */
  punctuationBefore: 2,
  /** Joined to the previous word by a hyphen ("Russian-Iranian"). */
  hyphenBefore: 4,
  /** The word is followed by a possessive 's ("Pezeshkian's"), which was dropped. */
  possessive: 8,
  /** The word has a digit (number shapes of the model features). */
  digit: 16,
} as const;

export interface TokenizedText {
  /** Words as written, possessive 's removed. */
  words: string[];
  /** The same words lower-cased. */
  lower: string[];
  /** FNV-1a hash of each lower-cased word (int32): what the rule index and the model features look up first. */
  hashes: Int32Array;
  /** TOKEN_FLAGS bits per word. */
  flags: Uint8Array;
  /** Words [0, titleEnd) come from the title, the rest from the body. */
  titleEnd: number;
  /** True when the title is written in capitals only (wire headlines): its case tells nothing. */
  titleAllCaps: boolean;
}


/** Letters and digits, including non-ASCII letters (punctuation and symbol blocks excluded). */
export function isWordCode(c: number): boolean {
  if (c < 0x80) return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39);
  if (c < 0xc0) return c === 0xaa || c === 0xb5 || c === 0xba;
  if (c === 0xd7 || c === 0xf7) return false;
  if (c >= 0x2000 && c <= 0x2bff) return false;
  if (c >= 0x3000 && c <= 0x303f) return false;
  if (c >= 0xfe30 && c <= 0xfe4f) return false;
  if (c >= 0xff00 && c <= 0xff0f) return false;
  return true;
}

/** Growing output of the scanner (flags in a byte array, no per-word boxing). */
interface ScanOutput {
  words: string[];
  lower: string[];
  flags: Uint8Array;
  count: number;
}

function isSentenceEnd(c: number): boolean {
  return c === 0x2e || c === 0x21 || c === 0x3f || c === 0x3a || c === 0x3b || c === 0x0a || c === 0x0d || c === 0x2022;
}

function isApostrophe(c: number): boolean {
  return c === 0x27 || c === 0x2019;
}

/** Splits `text` into words, appending them to `out`. */
function scanInto(text: string, out: ScanOutput, startsSentence: boolean): void {
  const n = text.length;
  let i = 0;
  let pendingFlags = startsSentence ? TOKEN_FLAGS.sentenceStart : 0;
  let lastWasSingleCapital = false;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (!isWordCode(c)) {
      if (c !== 0x20 && c !== 0x09) {
        if (isSentenceEnd(c)) {
          // "U.S. President": a period after a lone capital letter ends no sentence.
          if (!(c === 0x2e && lastWasSingleCapital)) pendingFlags |= TOKEN_FLAGS.sentenceStart;
        }
        if (c === 0x2d && i > 0 && i + 1 < n && isWordCode(text.charCodeAt(i - 1)) && isWordCode(text.charCodeAt(i + 1))) {
          pendingFlags |= TOKEN_FLAGS.hyphenBefore;
        }
        pendingFlags |= TOKEN_FLAGS.punctuationBefore;
      }
      i += 1;
      continue;
    }
    const start = i;
    let end = i;
    let possessive = false;
    // Lower-casing allocates: only words with a capital or a non-ASCII letter need it.
    let needsLower = false;
    let digit = 0;
    while (end < n) {
      const d = text.charCodeAt(end);
      if (isWordCode(d)) {
        if (d >= 0x41 && (d <= 0x5a || d >= 0x80)) needsLower = true;
        else if (d <= 0x39) digit = TOKEN_FLAGS.digit;
        end += 1;
        continue;
      }
      if (isApostrophe(d) && end + 1 < n && isWordCode(text.charCodeAt(end + 1))) {
        const after = text.charCodeAt(end + 1);
        if ((after === 0x73 || after === 0x53) && (end + 2 >= n || !isWordCode(text.charCodeAt(end + 2)))) {
          possessive = true;
          break;
        }
        end += 1;
        continue;
      }
      break;
    }
    const word = text.slice(start, end);
    if (out.count === out.flags.length) {
      const grown = new Uint8Array(out.flags.length * 2);
      grown.set(out.flags);
      out.flags = grown;
    }
    out.words.push(word);
    out.lower.push(needsLower ? word.toLowerCase() : word);
    out.flags[out.count] = pendingFlags | digit | (possessive ? TOKEN_FLAGS.possessive : 0);
    out.count += 1;
    lastWasSingleCapital = end - start === 1 && c >= 0x41 && c <= 0x5a;
    pendingFlags = 0;
    i = possessive ? end + 2 : end;
  }
}

function newScanOutput(text: string): ScanOutput {
  return { words: [], lower: [], flags: new Uint8Array(Math.max(16, text.length >>> 3)), count: 0 };
}

/** Tokenises a story: title words first (flagged as a sentence of their own), then the body. */
export function tokenizeStory(title: string, text: string): TokenizedText {
  const acc = newScanOutput(text);
  scanInto(title, acc, true);
  const titleEnd = acc.count;
  scanInto(text, acc, true);
  let titleAllCaps = titleEnd > 0;
  for (let k = 0; k < titleEnd && titleAllCaps; k += 1) {
    const w = acc.words[k]!;
    if (w !== w.toUpperCase()) titleAllCaps = false;
  }
  return { words: acc.words, lower: acc.lower, hashes: hashWords(acc.lower), flags: acc.flags.subarray(0, acc.count), titleEnd, titleAllCaps };
}

/** Lower-cased words of a short string (rule terms, names), split exactly as story text is. */
export function tokenizeLower(text: string): string[] {
  const acc = newScanOutput(text);
  scanInto(text, acc, true);
  return acc.lower;
}

/** Words of a short string in their original spelling (gazetteer names). */
export function tokenizeWords(text: string): string[] {
  const acc = newScanOutput(text);
  scanInto(text, acc, true);
  return acc.words;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a (32 bits) of a string's UTF-16 code units, as a signed int32. */
export function fnv1a(word: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < word.length; i += 1) h = Math.imul(h ^ word.charCodeAt(i), FNV_PRIME);
  return h | 0;
}

function hashWords(lower: string[]): Int32Array {
  const out = new Int32Array(lower.length);
  for (let k = 0; k < lower.length; k += 1) out[k] = fnv1a(lower[k]!);
  return out;
}
