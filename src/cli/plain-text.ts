import { cleanStoryText } from '../dedup/clean-text.js';
import { escapeHtmlText } from '../parse/xml-tree.js';

/**
 * A plain-text story (the CLI's input; the ingest code reads feed HTML) cleaned as the ingest
 * worker cleans a feed item before classifying it: boilerplate lines dropped, a repeated headline
 * and repeated paragraphs kept once.
 */
export function cleanPlainStory(title: string, text: string): { title: string; text: string } {
  const cleaned = cleanStoryText({ title: escapeHtmlText(title), contentHtml: escapeHtmlText(text) });
  return { title: cleaned.title, text: cleaned.text };
}
