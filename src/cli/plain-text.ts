import { cleanStoryText } from '../dedup/clean-text.js';
import { escapeHtmlText } from '../parse/xml-tree.js';

/**
 * Bytes of a text file as text: UTF-16 (either byte order) or UTF-8 by its byte-order mark; else
 * UTF-8 when the bytes are UTF-8, and Windows-1252 (Latin-1's superset) when they are not, as an
 * old text file written in Western Europe is. The mark is dropped.
 */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes); // drops a UTF-8 mark
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/**
 * True when `text` (as decodeText read it) came from bytes that are not text: a NUL, or more than
 * 1% (at least 3) of control characters other than whitespace (C0 and C1) and of undecodable bytes.
 */
export function looksBinary(text: string): boolean {
  if (text.includes('\u0000')) return true;
  const odd = text.match(/[\u0001-\u0008\u000e-\u001f\u007f-\u009f\ufffd]/g)?.length ?? 0;
  return odd >= 3 && odd > text.length / 100;
}

/**
 * A plain-text story (the CLI's input; the ingest code reads feed HTML) cleaned as the ingest
 * worker cleans a feed item before classifying it: boilerplate lines dropped, a repeated headline
 * and repeated paragraphs kept once.
 */
export function cleanPlainStory(title: string, text: string): { title: string; text: string } {
  const cleaned = cleanStoryText({ title: escapeHtmlText(title), contentHtml: escapeHtmlText(text) });
  return { title: cleaned.title, text: cleaned.text };
}
