import { decodeWith } from './decode-with.js';
import { FREQUENT_HAN, FREQUENT_HANGUL } from './cjk-frequent-chars.js';

type LanguageModel = 'latin' | 'cyrillic' | 'chinese' | 'japanese' | 'korean';

/** The charsets detection chooses between, in order of preference on a tie. */
const DETECTABLE_CHARSETS = [
  { encoding: 'windows-1252', model: 'latin' },
  { encoding: 'windows-1251', model: 'cyrillic' },
  { encoding: 'koi8-r', model: 'cyrillic' },
  { encoding: 'gb18030', model: 'chinese' },
  { encoding: 'big5', model: 'chinese' },
  { encoding: 'shift_jis', model: 'japanese' },
  { encoding: 'euc-jp', model: 'japanese' },
  { encoding: 'euc-kr', model: 'korean' },
] as const satisfies ReadonlyArray<{ encoding: string; model: LanguageModel }>;

const MAX_SAMPLE_BYTES = 64 * 1024;
const MAX_SCAN_BYTES = 4 * 1024 * 1024;

/**
 * Guesses the charset of bytes that are not UTF-8 and declare nothing: decodes the non-ASCII parts with
 * each candidate and keeps the one whose characters look most like running text of its language
 * (lower-case Cyrillic for windows-1251 vs koi8-r, frequent Han characters, kana, Hangul syllables;
 * isolated accented letters for windows-1252). Returns a WHATWG label; windows-1252 when nothing fits.
 */
export function detectCharset(bytes: Uint8Array): string {
  const sample = sampleNonAscii(bytes);
  if (sample.length === 0) return 'windows-1252';
  const meanRun = measureMeanHighByteRun(sample);
  let best: string = 'windows-1252';
  let bestScore = Number.NEGATIVE_INFINITY;
  for (const candidate of DETECTABLE_CHARSETS) {
    const score = scoreText(decodeWith(candidate.encoding, sample), candidate.model, meanRun);
    if (score > bestScore + 1e-9) {
      best = candidate.encoding;
      bestScore = score;
    }
  }
  return best;
}

/**
 * The stretches around non-ASCII bytes, cut at bytes below 0x40 (which no multi-byte charset uses as a
 * trail byte), joined with spaces: markup and ASCII text say nothing about the charset.
 */
function sampleNonAscii(bytes: Uint8Array): Uint8Array {
  const out: number[] = [];
  const end = Math.min(bytes.length, MAX_SCAN_BYTES);
  let i = 0;
  while (i < end && out.length < MAX_SAMPLE_BYTES) {
    if (bytes[i]! < 0x80) {
      i++;
      continue;
    }
    // At most a sample's worth on each side: a stretch without low bytes may be megabytes long.
    let start = i;
    while (start > 0 && bytes[start - 1]! >= 0x40 && i - start < MAX_SAMPLE_BYTES) start--;
    let stop = i;
    while (stop < end && bytes[stop]! >= 0x40 && stop - i < MAX_SAMPLE_BYTES) stop++;
    for (let k = start; k < stop; k++) out.push(bytes[k]!);
    out.push(0x20);
    i = stop + 1;
  }
  return Uint8Array.from(out);
}

function measureMeanHighByteRun(sample: Uint8Array): number {
  let runs = 0;
  let high = 0;
  for (let i = 0; i < sample.length; i++) {
    if (sample[i]! < 0x80) continue;
    high++;
    if (i === 0 || sample[i - 1]! < 0x80) runs++;
  }
  return runs === 0 ? 0 : high / runs;
}

function scoreText(text: string, model: LanguageModel, meanRun: number): number {
  let n = 0;
  let good = 0;
  let bad = 0;
  for (let i = 0; i < text.length; i++) {
    let cp = text.charCodeAt(i);
    if (cp < 0x80) continue;
    if (cp >= 0xd800 && cp <= 0xdbff) {
      cp = text.codePointAt(i)!;
      i++;
    }
    n++;
    if (cp === 0xfffd || (cp >= 0xe000 && cp <= 0xf8ff) || (cp >= 0x80 && cp <= 0x9f)) {
      bad++;
      continue;
    }
    good += WEIGHTS[model](cp);
  }
  if (n === 0) return 0;
  let score = (good - 2 * bad) / n;
  // Accented Latin letters stand alone inside ASCII words; other scripts come in whole words.
  if (model === 'latin' && meanRun > 2) score *= 0.3;
  if (model === 'cyrillic' && meanRun < 1.5) score *= 0.3;
  return score;
}

const isKana = (cp: number): boolean => cp >= 0x3041 && cp <= 0x30ff;
const isHan = (cp: number): boolean => (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf);
const isCjkPunctuation = (cp: number): boolean => (cp >= 0x3000 && cp <= 0x303f) || (cp >= 0xff01 && cp <= 0xff5e);
const isHangul = (cp: number): boolean => cp >= 0xac00 && cp <= 0xd7a3;
const isHalfwidthKana = (cp: number): boolean => cp >= 0xff61 && cp <= 0xff9f;

/** Typography every Western or Cyrillic text uses: nbsp, « », quotes, dashes, ellipsis, €, №, °. */
const COMMON_PUNCTUATION: ReadonlySet<number> = new Set([
  0xa0, 0xa3, 0xa7, 0xa9, 0xab, 0xae, 0xb0, 0xbb, 0x2013, 0x2014, 0x2018, 0x2019, 0x201a, 0x201c, 0x201d, 0x201e, 0x2022, 0x2026, 0x20ac, 0x2116, 0x2122,
]);

const WEIGHTS: Record<LanguageModel, (cp: number) => number> = {
  latin: (cp) => {
    if (cp >= 0xdf && cp <= 0xff && cp !== 0xf7) return 1;
    if (cp >= 0xc0 && cp <= 0xde && cp !== 0xd7) return 0.5;
    return COMMON_PUNCTUATION.has(cp) ? 0.8 : 0;
  },
  cyrillic: (cp) => {
    if ((cp >= 0x430 && cp <= 0x44f) || cp === 0x451) return 1;
    if ((cp >= 0x410 && cp <= 0x42f) || cp === 0x401) return 0.3;
    return COMMON_PUNCTUATION.has(cp) ? 0.8 : 0;
  },
  chinese: (cp) => {
    if (FREQUENT_HAN.has(cp) || isCjkPunctuation(cp)) return 1;
    if (isHan(cp)) return 0.2;
    return isHalfwidthKana(cp) ? -1 : 0;
  },
  japanese: (cp) => {
    if (isKana(cp) || FREQUENT_HAN.has(cp) || isCjkPunctuation(cp)) return 1;
    if (isHan(cp)) return 0.4;
    return isHalfwidthKana(cp) ? 0.3 : 0;
  },
  korean: (cp) => {
    if (FREQUENT_HANGUL.has(cp) || isCjkPunctuation(cp)) return 1;
    if (isHangul(cp)) return 0.4;
    if (FREQUENT_HAN.has(cp)) return 0.3;
    return isHalfwidthKana(cp) ? -1 : 0;
  },
};
