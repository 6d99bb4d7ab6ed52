import { isBoilerplateParagraph, stripDateline, stripTrailingCredit } from './boilerplate.js';
import { htmlToLine, htmlToParagraphs } from './html-paragraphs.js';
import { wordSequenceKey } from './word-hashes.js';

export interface CleanStoryInput {
  title: string;
  /** Sanitised HTML or plain text. */
  summaryHtml?: string;
  /** Sanitised HTML or plain text. */
  contentHtml?: string;
}

export interface CleanedStory {
  /** Plain text on one line. */
  title: string;
  /** The paragraphs joined by a blank line. */
  text: string;
  /** Each paragraph once, boilerplate and in-body copies of the headline removed. */
  paragraphs: string[];
}

export interface CleanSettings {
  /** Longer inputs are cut to this many characters before cleaning (default 1,000,000). */
  maxInputChars?: number;
}

export const DEFAULT_MAX_INPUT_CHARS = 1_000_000;

const HAS_WORD = /[\p{L}\p{N}]/u;

/**
 * Plain story text from a feed item: HTML to paragraphs, boilerplate lines dropped, datelines
 * trimmed, each paragraph kept once and the headline dropped from the body. Summary and content
 * are both cleaned and the longer result is kept. Never throws on strings; non-strings count as
 * empty.
 */
export function cleanStoryText(input: CleanStoryInput, settings: CleanSettings = {}): CleanedStory {
  const maxChars = settings.maxInputChars ?? DEFAULT_MAX_INPUT_CHARS;
  const title = htmlToLine(stripEmphasis(cut(asString(input.title), maxChars)));
  const titleKey = { key: paragraphKey(title), length: title.length };
  const fromSummary = cleanBody(cut(asString(input.summaryHtml), maxChars), titleKey);
  const fromContent = cleanBody(cut(asString(input.contentHtml), maxChars), titleKey);
  const paragraphs = textLength(fromContent) >= textLength(fromSummary) ? fromContent : fromSummary;
  return { title, text: paragraphs.join('\n\n'), paragraphs };
}

/**
 * Repeats are found on the lower-cased paragraph (tags, entities, emphasis and white space are
 * already normalised by then); the headline on its words only (`paragraphKey`), which is computed
 * just for paragraphs about as long as the headline.
 */
function cleanBody(html: string, title: { key: string; length: number }): string[] {
  if (html === '') return [];
  const seen = new Set<string>();
  const out: string[] = [];
  let datelineChecked = false;
  for (const raw of htmlToParagraphs(html)) {
    let paragraph = stripTrailingCredit(stripEmphasis(raw)).trim();
    if (paragraph === '' || isBoilerplateParagraph(paragraph)) continue;
    if (!datelineChecked) {
      datelineChecked = true;
      paragraph = stripDateline(paragraph);
    }
    const key = paragraph.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    if (title.key !== '' && paragraph.length <= title.length * 2 + 20 && paragraphKey(paragraph) === title.key) continue;
    if (!HAS_WORD.test(paragraph)) continue;
    out.push(paragraph);
  }
  return out;
}

/** Lower-case words only (a hash of them): what makes two paragraphs "the same paragraph". */
export function paragraphKey(paragraph: string): string {
  return wordSequenceKey(paragraph);
}

/** `**Headline**`, `__Headline__`, `## Headline` (markdown leaking into plain-text feeds). */
function stripEmphasis(paragraph: string): string {
  const trimmed = paragraph.trim().replace(/^#{1,6}\s+/, '');
  const wrapped = /^(\*\*|__|\*|_)(\S(?:.*\S)?)\1$/s.exec(trimmed);
  return wrapped ? (wrapped[2] as string) : trimmed;
}

function textLength(paragraphs: string[]): number {
  let n = 0;
  for (const p of paragraphs) n += p.length;
  return n;
}

function cut(text: string, maxChars: number): string {
  return text.length > maxChars ? text.slice(0, maxChars) : text;
}

function asString(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
