import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** tests/fixtures/feeds, the parse stage's own fixtures. */
export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/feeds');

export function fixture(path: string): Buffer {
  return readFileSync(join(FIXTURES, path));
}

/** UTF-8 bytes of a literal document. */
export function bytes(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** A minimal RSS 2.0 document around channel/item XML. */
export function rss(itemXml: string, channelXml = '<title>T</title>'): Uint8Array {
  return bytes(`<?xml version="1.0"?><rss version="2.0"><channel>${channelXml}<item>${itemXml}</item></channel></rss>`);
}
