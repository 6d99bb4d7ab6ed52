import { isUtf8 } from 'node:buffer';
import { detectCharset } from './detect-charset.js';
import { cleanXmlChars } from './html-entities.js';
import { decodeWith, getDecoder } from './decode-with.js';

/** The text of a body and how it was read. */
export interface DecodedBody {
  text: string;
  /** Lower-case WHATWG label (`utf-8`, `windows-1251`, `utf-32le`...). */
  encoding: string;
  /** Constant notes on what was wrong with the declared charset; empty when nothing was. */
  notes: string[];
}

/**
 * Decodes the bytes of a feed. Charset from the BOM, then the HTTP Content-Type, then the byte pattern
 * of UTF-16/32 without BOM, then the XML prolog, then detection for undeclared non-UTF-8 bytes.
 * A declaration the bytes contradict (UTF-8 declared, Latin-1 bytes; Latin-1 declared, UTF-8 bytes)
 * loses to the bytes. Characters illegal in XML are dropped; C1 controls are read as windows-1252.
 */
export function decodeBody(body: Uint8Array, contentType?: string | null): DecodedBody {
  const notes: string[] = [];
  const bom = sniffBom(body);
  if (bom) return finishDecoding(decodeWith(bom.encoding, body.subarray(bom.length)), bom.encoding, notes);

  // A UTF-16/32 byte pattern beats any label: a label saying otherwise cannot be right.
  const wide = sniffWideEncoding(body);
  if (wide) return finishDecoding(decodeWith(wide, body), wide, notes);
  const header = readContentTypeCharset(contentType, notes);
  if (header && !isWideEncoding(header)) return decodeDeclared(body, header, notes);

  const prolog = readPrologCharset(body, notes);
  if (prolog && !isWideEncoding(prolog)) return decodeDeclared(body, prolog, notes);

  if (hasIso2022Escape(body)) return finishDecoding(decodeWith('iso-2022-jp', body), 'iso-2022-jp', notes);
  if (isUtf8(body)) return finishDecoding(decodeWith('utf-8', body), 'utf-8', notes);
  return decodeUndeclared(body, notes, 'undeclared charset');
}

function decodeDeclared(body: Uint8Array, encoding: string, notes: string[]): DecodedBody {
  if (encoding === 'utf-8') {
    if (isUtf8(body)) return finishDecoding(decodeWith('utf-8', body), 'utf-8', notes);
    return decodeUndeclared(body, notes, 'declared utf-8 but bytes are not');
  }
  // Latin-1 declared over valid UTF-8 multi-byte text: the declaration is the mistake (common in CMS output).
  if (encoding === 'windows-1252' && hasHighBytes(body) && isUtf8(body)) {
    notes.push('declared charset contradicted by utf-8 bytes');
    return finishDecoding(decodeWith('utf-8', body), 'utf-8', notes);
  }
  return finishDecoding(decodeWith(encoding, body), encoding, notes);
}

/** Bytes that are not valid UTF-8 and carry no usable declaration. */
function decodeUndeclared(body: Uint8Array, notes: string[], why: string): DecodedBody {
  let invalid = 0;
  const valid = walkUtf8(body, () => invalid++);
  if (valid > invalid) {
    // Mostly UTF-8 with a few stray single-byte characters: keep the UTF-8, read the strays as windows-1252.
    notes.push(`${why}; invalid utf-8 bytes read as windows-1252`);
    return finishDecoding(decodeMixedUtf8(body), 'utf-8', notes);
  }
  const detected = detectCharset(body);
  notes.push(`${why}; detected ${detected}`);
  return finishDecoding(decodeWith(detected, body), detected, notes);
}

function finishDecoding(text: string, encoding: string, notes: string[]): DecodedBody {
  return { text: cleanXmlChars(text), encoding, notes };
}

const BOMS: ReadonlyArray<{ bytes: readonly number[]; encoding: string }> = [
  { bytes: [0x00, 0x00, 0xfe, 0xff], encoding: 'utf-32be' },
  { bytes: [0xff, 0xfe, 0x00, 0x00], encoding: 'utf-32le' },
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8' },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be' },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le' },
];

function sniffBom(body: Uint8Array): { encoding: string; length: number } | null {
  for (const bom of BOMS) {
    if (bom.bytes.every((b, i) => body[i] === b)) return { encoding: bom.encoding, length: bom.bytes.length };
  }
  return null;
}

/**
 * UTF-16/32 without a BOM: ASCII-compatible charsets never hold NUL bytes, so where the first bytes have
 * NULs at every other (or three of four) positions, the text is wide (the XML spec's appendix F, made
 * tolerant of leading whitespace).
 */
function sniffWideEncoding(body: Uint8Array): string | null {
  const n = Math.min(body.length, 64) & ~3;
  const zeros = [0, 0, 0, 0];
  for (let i = 0; i < n; i++) if (body[i] === 0) zeros[i & 3]!++;
  const quarter = n / 4;
  if (quarter === 0 || zeros[0]! + zeros[1]! + zeros[2]! + zeros[3]! === 0) return null;
  const isMostly = (count: number): boolean => count >= quarter * 0.75;
  const isRare = (count: number): boolean => count <= quarter * 0.25;
  const [z0, z1, z2, z3] = zeros as [number, number, number, number];
  if (isMostly(z0) && isMostly(z1) && isMostly(z2) && isRare(z3)) return 'utf-32be';
  if (isRare(z0) && isMostly(z1) && isMostly(z2) && isMostly(z3)) return 'utf-32le';
  if (isMostly(z0) && isMostly(z2) && isRare(z1) && isRare(z3)) return 'utf-16be';
  if (isMostly(z1) && isMostly(z3) && isRare(z0) && isRare(z2)) return 'utf-16le';
  return null;
}

function isWideEncoding(encoding: string): boolean {
  return encoding.startsWith('utf-16') || encoding.startsWith('utf-32');
}

/** Normalises a charset label to its WHATWG name, or null when unknown. */
function normalizeCharset(label: string): string | null {
  const trimmed = label.trim().toLowerCase().replace(/^["']|["']$/g, '');
  if (trimmed === '') return null;
  if (/^(utf-?32|ucs-?4)$/.test(trimmed)) return 'utf-32le';
  if (/^(utf-?32|ucs-?4)-?be$/.test(trimmed)) return 'utf-32be';
  if (/^(utf-?32|ucs-?4)-?le$/.test(trimmed)) return 'utf-32le';
  try {
    const name = getDecoder(trimmed).encoding;
    // WHATWG maps unknown-but-dangerous labels to `replacement`; treat those as unknown.
    return name === 'replacement' ? null : name;
  } catch {
    return null;
  }
}

function readContentTypeCharset(contentType: string | null | undefined, notes: string[]): string | null {
  if (!contentType) return null;
  const match = /;\s*charset\s*=\s*("[^"]*"|[^;\s]*)/i.exec(contentType);
  if (!match?.[1]) return null;
  const charset = normalizeCharset(match[1]);
  if (!charset) notes.push('unknown charset in content-type ignored');
  return charset;
}

function readPrologCharset(body: Uint8Array, notes: string[]): string | null {
  // The prolog is ASCII; read at most the first 1 KiB as Latin-1 to find it.
  const head = Buffer.from(body.buffer, body.byteOffset, Math.min(body.length, 1024)).toString('latin1');
  const match = /^\s*<\?xml\s[^>]*?encoding\s*=\s*(["'])([^"'<>]*)\1/.exec(head);
  if (!match?.[2]) return null;
  const charset = normalizeCharset(match[2]);
  if (!charset) notes.push('unknown charset in xml prolog ignored');
  return charset;
}

function hasHighBytes(body: Uint8Array): boolean {
  for (let i = 0; i < body.length; i++) if (body[i]! >= 0x80) return true;
  return false;
}

/** ISO-2022-JP is 7-bit: only its escape sequences tell it from ASCII. */
function hasIso2022Escape(body: Uint8Array): boolean {
  const esc = body.indexOf(0x1b);
  if (esc === -1 || hasHighBytes(body)) return false;
  return body[esc + 1] === 0x24 && (body[esc + 2] === 0x42 || body[esc + 2] === 0x40);
}

/** Length of the UTF-8 sequence starting at `i`, or 0 when the bytes there are not one. */
function measureUtf8Sequence(bytes: Uint8Array, i: number): number {
  const b = bytes[i]!;
  const len = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
  if (len === 0 || i + len > bytes.length) return 0;
  for (let k = 1; k < len; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return 0;
  const b1 = bytes[i + 1]!;
  if ((b === 0xe0 && b1 < 0xa0) || (b === 0xed && b1 > 0x9f) || (b === 0xf0 && b1 < 0x90) || (b === 0xf4 && b1 > 0x8f)) return 0;
  return len;
}

/** Walks the bytes: returns how many well-formed UTF-8 multi-byte sequences they hold, calls `onInvalid` for each byte that is in none. */
function walkUtf8(bytes: Uint8Array, onInvalid: (at: number) => void): number {
  let valid = 0;
  for (let i = 0; i < bytes.length; ) {
    if (bytes[i]! < 0x80) {
      i++;
      continue;
    }
    const len = measureUtf8Sequence(bytes, i);
    if (len === 0) onInvalid(i++);
    else {
      valid++;
      i += len;
    }
  }
  return valid;
}

/** UTF-8 where valid, each invalid byte read as windows-1252. */
function decodeMixedUtf8(bytes: Uint8Array): string {
  const parts: string[] = [];
  let start = 0;
  walkUtf8(bytes, (at) => {
    parts.push(decodeWith('utf-8', bytes.subarray(start, at)), decodeWith('windows-1252', bytes.subarray(at, at + 1)));
    start = at + 1;
  });
  parts.push(decodeWith('utf-8', bytes.subarray(start)));
  return parts.join('');
}
