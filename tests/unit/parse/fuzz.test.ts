import { existsSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ParsedFeed } from '../../../src/model.js';
import { ParseError } from '../../../src/parse/errors.js';
import { findUnsafeMarkup } from '../../../src/parse/find-unsafe-markup.js';
import { parseFeed } from '../../../src/parse/parse-feed.js';
import { sanitizeHtml } from '../../../src/parse/sanitize-html.js';
import { CORPORA, FIXTURES, listFiles } from './fixtures.js';

/**
 * Property tests: whatever the bytes, parseFeed gives a result or a ParseError — never another
 * exception, never a hang — and a result always keeps the model's promises. Run counts are bounded so
 * the file takes a few seconds.
 */

/** Our fixtures, plus every 20th corpus file when ../shared/corpora is present. */
const SEEDS: Buffer[] = [
  ...listFiles(FIXTURES).filter((p) => !p.endsWith('.ts')),
  ...(existsSync(CORPORA) ? listFiles(CORPORA).filter((_, i) => i % 20 === 0) : []),
].map((p) => readFileSync(p));

const TOKENS = [
  '<', '>', '&', '"', "'", '/>', '</', ']]>', '<![CDATA[', '<!--', '-->', '<?xml version="1.0" encoding="utf-16"?>', '</item>', '<item>', '<entry>',
  '</channel>', '&amp;', '&nbsp;', '&#xD800;', '&#0;', '&#99999999;', '&undefined;', '<!DOCTYPE r [<!ENTITY a "&a;&a;">]>', '&a;', '\u0000',
  '\ufeff', 'xmlns:p="urn:x"', '<p:q>', 'xml:base="javascript:x"', '<script>', '<a href="javascript:alert(1)">', ' onload=x ', '\ud800',
];

type Mutation = { kind: 'flip' | 'insert' | 'truncate' | 'delete' | 'duplicate'; at: number; len: number; byte: number; token: string };

const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('flip', 'insert', 'truncate', 'delete', 'duplicate'),
  at: fc.nat(),
  len: fc.nat(300),
  byte: fc.integer({ min: 0, max: 255 }),
  token: fc.constantFrom(...TOKENS),
});

function mutate(seed: Buffer, mutations: Mutation[]): Buffer {
  let buf = Buffer.from(seed);
  for (const m of mutations) {
    const at = buf.length === 0 ? 0 : m.at % buf.length;
    if (m.kind === 'flip' && buf.length > 0) buf[at] = m.byte;
    else if (m.kind === 'insert') buf = Buffer.concat([buf.subarray(0, at), Buffer.from(m.token), buf.subarray(at)]);
    else if (m.kind === 'truncate') buf = buf.subarray(0, at);
    else if (m.kind === 'delete') buf = Buffer.concat([buf.subarray(0, at), buf.subarray(at + m.len)]);
    else if (m.kind === 'duplicate') buf = Buffer.concat([buf.subarray(0, at + m.len), buf.subarray(at)]);
  }
  return buf;
}

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Parses; fails the property on anything but a result or a ParseError; checks the result's promises. */
function parseChecked(body: Uint8Array): ParsedFeed | ParseError {
  let feed: ParsedFeed;
  try {
    feed = parseFeed(body, { url: 'https://fuzz.example.com/feed', limits: { maxItems: 200 } });
  } catch (err) {
    if (err instanceof ParseError) return err;
    throw err;
  }
  expect(['rss', 'rdf', 'atom', 'json']).toContain(feed.format);
  expect(typeof feed.encoding).toBe('string');
  expect(feed.recovered).toBe((feed.recoveryNotes?.length ?? 0) > 0);
  for (const item of feed.items) {
    expect(item.guid).not.toBe('');
    if (item.url !== null) expect(item.url).toMatch(/^https?:\/\//);
    if (item.publishedAt !== null) expect(item.publishedAt).toMatch(ISO_UTC);
    expect(findUnsafeMarkup(item.summary)).toBeNull();
    expect(findUnsafeMarkup(item.contentHtml)).toBeNull();
  }
  return feed;
}

describe('parseFeed under fuzzing', () => {
  it('arbitrary bytes give a result or a ParseError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), (body) => {
        parseChecked(body);
      }),
      { numRuns: 3000 },
    );
  });

  it('arbitrary markup-like text gives a result or a ParseError', () => {
    const text = fc.array(fc.oneof(fc.constantFrom(...TOKENS, '<rss>', '<channel>', '<title>', '</title>', '<feed xmlns="http://www.w3.org/2005/Atom">', '{"items":[', '}'), fc.string({ maxLength: 8 })), { maxLength: 60 });
    fc.assert(
      fc.property(text, (parts) => {
        parseChecked(Buffer.from(parts.join(''), 'utf8'));
      }),
      { numRuns: 3000 },
    );
  });

  it('mutated real feeds give a result or a ParseError', () => {
    fc.assert(
      fc.property(fc.nat(SEEDS.length - 1), fc.array(mutation, { minLength: 1, maxLength: 6 }), (index, mutations) => {
        parseChecked(mutate(SEEDS[index]!, mutations));
      }),
      { numRuns: 3000 },
    );
  });

  it('the unsafe-markup check sees what it must', () => {
    expect(findUnsafeMarkup('<img alt="x onerror=" src="a.png">')).toBeNull();
    expect(findUnsafeMarkup('<img src=a.png onerror=x>')).toMatch(/onerror/);
    expect(findUnsafeMarkup('<a href=" java&#x09;script:x">')).toMatch(/script URL/);
    expect(findUnsafeMarkup('<p>x</p><SCRIPT>')).toMatch(/script/i);
    expect(findUnsafeMarkup('<iframe src="https://www.youtube.com/embed/x" sandbox="allow-scripts"></iframe>')).toBeNull();
    expect(findUnsafeMarkup('<iframe src="https://evil.example/">')).toMatch(/iframe/);
    expect(findUnsafeMarkup('<p style="x">')).toMatch(/style/);
  });

  it('sanitised output never carries script, event handlers or script URLs', () => {
    const markup = fc.array(
      fc.oneof(
        fc.constantFrom('<script>', '</script>', '<img src=x onerror=alert(1)>', '<a href="javascript:x">', '<a href=" &#106;avascript:x">', '<svg onload=x>', '<iframe src=javascript:x>', '<style>', '<!--', '-->', '<', '>', '"', "'", '=', ' on', 'click', 'javascript:', '<p', '</a>', '<b>', '<x-y z=1>'),
        fc.string({ maxLength: 6 }),
      ),
      { maxLength: 40 },
    );
    fc.assert(
      fc.property(markup, (parts) => {
        expect(findUnsafeMarkup(sanitizeHtml(parts.join(''), 'https://s.example.com/'))).toBeNull();
      }),
      { numRuns: 4000 },
    );
  });
});
