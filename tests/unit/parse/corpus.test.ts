import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../../src/parse/errors.js';
import { parseFeed } from '../../../src/parse/parse-feed.js';
import { CORPORA, listFiles } from './fixtures.js';

/**
 * Every file of ../shared/corpora (feeds written by other projects) gets a result or a ParseError,
 * and every well-formed feedparser document parses. The numbers against targets live in
 * `npm run conformance`; this keeps the guarantee in the test suite.
 */
const present = existsSync(CORPORA);
if (!present) console.warn(`corpus tests skipped: ${CORPORA} is absent (it holds the shared read-only corpora)`);

describe.skipIf(!present)('shared corpora', () => {
  const files = present ? listFiles(CORPORA) : [];

  it('answers every file with a result or a ParseError', () => {
    const unanswered: string[] = [];
    for (const file of files) {
      try {
        parseFeed(readFileSync(file));
      } catch (err) {
        if (!(err instanceof ParseError)) unanswered.push(`${relative(CORPORA, file)}: ${String(err)}`);
      }
    }
    expect(unanswered).toEqual([]);
  });

  it('parses every well-formed feedparser document', () => {
    const failed: string[] = [];
    for (const file of files.filter((f) => relative(CORPORA, f).startsWith('feedparser/tests/wellformed/'))) {
      try {
        parseFeed(readFileSync(file));
      } catch (err) {
        failed.push(`${relative(CORPORA, file)}: ${(err as ParseError).code}`);
      }
    }
    expect(failed).toEqual([]);
  });
});
