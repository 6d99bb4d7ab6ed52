import { cleanStoryText } from '../dedup/clean-text.js';
import { escapeHtmlText } from '../parse/xml-tree.js';

/**
 * True when `text` (read as UTF-8) came from bytes that are not text: a NUL, or more than 1% (at
 * least 3) of control characters other than whitespace and of bytes UTF-8 could not decode.
 */
export function looksBinary(text: string): boolean {
  if (text.includes('\u0000')) return true;
  const odd = text.match(/[\u0001-\u0008\u000e-\u001f\u007f\ufffd]/g)?.length ?? 0;
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
