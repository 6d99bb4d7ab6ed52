/** Decoding bytes with a known charset: cached WHATWG TextDecoders plus UTF-32, which they lack. */

import { TextDecoder } from 'node:util';

/**
 * windows-1252 bytes 0x80..0x9F (WHATWG Encoding Standard). Written out because Node 20.18.3+'s
 * TextDecoder('windows-1252') takes a Latin-1 fast path that drops or mis-maps them (nodejs/node#60888).
 * The five undefined bytes stay C1 controls, as in the standard.
 */
export const WINDOWS_1252_C1: readonly string[] = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
].map((cp) => String.fromCharCode(cp));

const decoders = new Map<string, TextDecoder>();

export function getDecoder(label: string): TextDecoder {
  let decoder = decoders.get(label);
  if (!decoder) {
    decoder = new TextDecoder(label, { ignoreBOM: true });
    decoders.set(label, decoder);
  }
  return decoder;
}

/** Decodes with a WHATWG label, or UTF-32 (which TextDecoder lacks). Invalid sequences become U+FFFD. */
export function decodeWith(encoding: string, bytes: Uint8Array): string {
  if (encoding === 'utf-32le' || encoding === 'utf-32be') return decodeUtf32(bytes, encoding === 'utf-32le');
  // Buffer's UTF-8 decoder (simdutf) is several times faster than TextDecoder and replaces the same way.
  if (encoding === 'utf-8') return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  if (encoding === 'windows-1252') return decodeWindows1252(bytes);
  return getDecoder(encoding).decode(bytes);
}

/** Latin-1 (Buffer, fast and exact) with the 0x80..0x9F block mapped as windows-1252 maps it. */
function decodeWindows1252(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return /[\u0080-\u009f]/.test(latin1) ? latin1.replace(/[\u0080-\u009f]/g, (ch) => WINDOWS_1252_C1[ch.charCodeAt(0) - 0x80]!) : latin1;
}

function decodeUtf32(bytes: Uint8Array, littleEndian: boolean): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parts: string[] = [];
  let chunk: number[] = [];
  for (let i = 0; i + 3 < bytes.length; i += 4) {
    const cp = view.getUint32(i, littleEndian);
    chunk.push(cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ? 0xfffd : cp);
    if (chunk.length === 4096) {
      parts.push(String.fromCodePoint(...chunk));
      chunk = [];
    }
  }
  parts.push(String.fromCodePoint(...chunk));
  return parts.join('');
}
