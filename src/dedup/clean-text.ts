import { isBoilerplateParagraph, stripDateline, stripTrailingCredit } from './boilerplate.js';
import { htmlToLine, htmlToParagraphs } from './html-paragraphs.js';
import { STOPWORDS } from './stopwords.js';
import { hashWords, wordSequenceKey } from './word-hashes.js';

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
  /** The summary's sentences the body does not hold, by paragraph (a standfirst); see storyText. */
  standfirst: string[];
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
 * are both cleaned and the longer result is kept; the summary's sentences that the content does
 * not hold are the standfirst. Never throws on strings; non-strings count as
 * empty.
 */
export function cleanStoryText(input: CleanStoryInput, settings: CleanSettings = {}): CleanedStory {
  const maxChars = settings.maxInputChars ?? DEFAULT_MAX_INPUT_CHARS;
  const title = htmlToLine(stripEmphasis(cut(asString(input.title), maxChars)));
  const titleKey = { key: paragraphKey(title), length: title.length };
  const fromSummary = cleanBody(cut(asString(input.summaryHtml), maxChars), titleKey);
  const fromContent = cleanBody(cut(asString(input.contentHtml), maxChars), titleKey);
  const fromBody = textLength(fromContent) >= textLength(fromSummary);
  const paragraphs = fromBody ? fromContent : fromSummary;
  return { title, text: paragraphs.join('\n\n'), paragraphs, standfirst: fromBody ? standfirstOf(fromSummary, fromContent) : [] };
}

/**
 * What a story is read and stored as: its standfirst, then its text. Deduplication and clustering
 * compare the text alone, so one article carried with and without a standfirst is one story.
 */
export function storyText(cleaned: Pick<CleanedStory, 'text' | 'standfirst'>): string {
  return cleaned.standfirst.length ? [...cleaned.standfirst, cleaned.text].filter(Boolean).join('\n\n') : cleaned.text;
}

/** A summary sentence counts as the body's own when this share of its word triples is in the body. */
const CONTAINED_SHARE = 0.5;
/** Shorter summary sentences ("Analysis", "Live updates") are labels, not a standfirst. */
const STANDFIRST_MIN_WORDS = 5;

/**
 * The summary's sentences that the body does not hold: a standfirst (dek) written apart from the
 * article, as outlets put it in the description beside the full content, is part of the story
 * ("…commitments on defense, technology, energy, and trade"). A summary that is the body's
 * opening, cut or whole, or the body again in other markup, gives nothing, nor do a kicker
 * ("Analysis"), after a standfirst a cut-off lead ("Firefighters battled a blaze thro…"), and a
 * sentence that says the lead again in other words.
 */
function standfirstOf(summary: string[], body: string[]): string[] {
  if (summary.length === 0 || body.length === 0) return [];
  const inBody = wordTriples(body);
  const inLead = contentWords(body.slice(0, 2).join(' '));
  const out: string[] = [];
  for (const paragraph of summary) {
    const own = sentencesOf(paragraph).filter((sentence) => {
      const { triples, words } = wordTriplesOf(sentence);
      if (words < STANDFIRST_MIN_WORDS) return false;
      let found = 0;
      for (const t of triples) if (inBody.has(t)) found += 1;
      return found / triples.size < CONTAINED_SHARE && !rewordsLead(sentence, inLead);
    });
    if (own.length) out.push(own.join(' '));
  }
  return out;
}

/** A sentence most of whose content words the lead (the body's first two paragraphs) has says the lead again in other words. */
const REWORDED_SHARE = 0.6;

function rewordsLead(sentence: string, inLead: Set<string>): boolean {
  const words = contentWords(sentence);
  if (words.size === 0) return false;
  let found = 0;
  for (const w of words) if (inLead.has(w)) found += 1;
  return found / words.size >= REWORDED_SHARE;
}

/** Lower-case words of three letters or more that are not stopwords. */
function contentWords(text: string): Set<string> {
  const out = new Set<string>();
  for (const w of text.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? []) if (!STOPWORDS.has(w)) out.add(w);
  return out;
}

/** A paragraph's sentences: split after . ! ? or … followed by a space. */
function sentencesOf(paragraph: string): string[] {
  return paragraph.split(/(?<=[.!?…]["'”’)]?)\s+(?=\S)/u);
}

function wordTriples(paragraphs: readonly string[]): Set<number> {
  return wordTriplesOf(paragraphs.join('\n\n')).triples;
}

/** Hashes of each run of three words in the text (of one or two words: their run), and its word count. */
function wordTriplesOf(text: string): { triples: Set<number>; words: number } {
  const { hashes, count } = hashWords([text], 200_000);
  const triples = new Set<number>();
  if (count > 0 && count < 3) triples.add(count === 1 ? hashes[0]! : Math.imul(hashes[0]!, 31) ^ hashes[1]!);
  for (let i = 2; i < count; i += 1) triples.add((Math.imul(hashes[i - 2]!, 961) ^ Math.imul(hashes[i - 1]!, 31) ^ hashes[i]!) >>> 0);
  return { triples, words: count };
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
