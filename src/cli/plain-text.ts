import { cleanStoryText } from '../dedup/clean-text.js';

/** Plain text as HTML text (the CLI's inputs are plain text; the ingest code reads feed HTML). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * A plain-text story cleaned as the ingest worker cleans a feed item before classifying it:
 * boilerplate lines dropped, a repeated headline and repeated paragraphs kept once.
 */
export function cleanPlainStory(title: string, text: string): { title: string; text: string } {
  const cleaned = cleanStoryText({ title: escapeHtml(title), contentHtml: escapeHtml(text) });
  return { title: cleaned.title, text: cleaned.text };
}
