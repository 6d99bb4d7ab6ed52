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
} as const;

export interface TokenizedText {
  /** Words as written, possessive 's removed. */
  words: string[];
  /** The same words lower-cased. */
  lower: string[];
  /** TOKEN_FLAGS bits per word. */
  flags: Uint8Array;
  /** Words [0, titleEnd) come from the title, the rest from the body. */
  titleEnd: number;
  /** True when the title is written in capitals only (wire headlines): its case tells nothing. */
  titleAllCaps: boolean;
}

const APOSTROPHES = new Set([0x27, 0x2019]);
const SENTENCE_ENDS = new Set([0x2e, 0x21, 0x3f, 0x3a, 0x3b, 0x0a, 0x0d, 0x2022]);

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

/** Splits `text` into words, appending them to `out`. */
function scanInto(text: string, out: { words: string[]; lower: string[]; flags: number[] }, startsSentence: boolean): void {
  const n = text.length;
  let i = 0;
  let pendingFlags = startsSentence ? TOKEN_FLAGS.sentenceStart : 0;
  let lastWasSingleCapital = false;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (!isWordCode(c)) {
      if (c !== 0x20 && c !== 0x09) {
        if (SENTENCE_ENDS.has(c)) {
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
    while (end < n) {
      const d = text.charCodeAt(end);
      if (isWordCode(d)) {
        end += 1;
        continue;
      }
      if (APOSTROPHES.has(d) && end + 1 < n && isWordCode(text.charCodeAt(end + 1))) {
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
    out.words.push(word);
    out.lower.push(word.toLowerCase());
    out.flags.push(pendingFlags | (possessive ? TOKEN_FLAGS.possessive : 0));
    lastWasSingleCapital = word.length === 1 && c >= 0x41 && c <= 0x5a;
    pendingFlags = 0;
    i = possessive ? end + 2 : end;
  }
}

/** Tokenises a story: title words first (flagged as a sentence of their own), then the body. */
export function tokenizeStory(title: string, text: string): TokenizedText {
  const acc = { words: [] as string[], lower: [] as string[], flags: [] as number[] };
  scanInto(title, acc, true);
  const titleEnd = acc.words.length;
  scanInto(text, acc, true);
  let titleAllCaps = titleEnd > 0;
  for (let k = 0; k < titleEnd && titleAllCaps; k += 1) {
    const w = acc.words[k]!;
    if (w !== w.toUpperCase()) titleAllCaps = false;
  }
  return { words: acc.words, lower: acc.lower, flags: Uint8Array.from(acc.flags), titleEnd, titleAllCaps };
}

/** Lower-cased words of a short string (rule terms, names), split exactly as story text is. */
export function tokenizeLower(text: string): string[] {
  const acc = { words: [] as string[], lower: [] as string[], flags: [] as number[] };
  scanInto(text, acc, true);
  return acc.lower;
}

/** Words of a short string in their original spelling (gazetteer names). */
export function tokenizeWords(text: string): string[] {
  const acc = { words: [] as string[], lower: [] as string[], flags: [] as number[] };
  scanInto(text, acc, true);
  return acc.words;
}
