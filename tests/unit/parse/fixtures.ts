import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** tests/fixtures/feeds, the parse stage's own fixtures. */
export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/feeds');

/** ../shared/corpora, the read-only corpora of feeds other projects wrote (absent outside this workspace). */
export const CORPORA = join(FIXTURES, '../../../../shared/corpora');

/** Every file under a directory, recursively, sorted. */
export function listFiles(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? listFiles(path) : [path];
    })
    .sort();
}

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
