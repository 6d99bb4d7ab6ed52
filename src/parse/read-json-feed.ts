import { ParseError, PARSE_ERROR_CODES } from './errors.js';
import type { FeedDraft, ItemDraft } from './finish-feed.js';
import { collapseWhitespace, htmlToText } from './html-to-text.js';
import { parseDate } from './parse-date.js';
import { resolveUrl } from './resolve-url.js';
import { sanitizeHtml } from './sanitize-html.js';
import { cutField, type ReaderLimits } from './text-construct.js';
import { escapeHtmlText } from './xml-tree.js';

type Json = Record<string, unknown>;

/** Reads a JSON Feed 1.0 or 1.1 document. Throws PARSE_MALFORMED for invalid JSON, PARSE_NOT_A_FEED for other JSON. */
export function readJsonFeed(text: string, baseUrl: string | null, limits: ReaderLimits): FeedDraft {
  const { maxItems, maxFieldChars } = limits;
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new ParseError(PARSE_ERROR_CODES.MALFORMED, `invalid JSON: ${(err as Error).message}`, { cause: err });
  }
  if (!isObject(doc)) throw new ParseError(PARSE_ERROR_CODES.NOT_A_FEED, 'JSON document is not a JSON Feed object');
  const version = asString(doc.version);
  if (!/jsonfeed\.org\/version\//.test(version) && !Array.isArray(doc.items)) {
    throw new ParseError(PARSE_ERROR_CODES.NOT_A_FEED, 'JSON document has neither a JSON Feed version nor items');
  }
  const base = baseUrl ?? resolveUrl(asString(doc.feed_url), null) ?? resolveUrl(asString(doc.home_page_url), null);
  const items = Array.isArray(doc.items) ? doc.items.filter(isObject).slice(0, maxItems) : [];
  return {
    format: 'json',
    version: /version\/1\.1/.test(version) ? 'json1.1' : 'json1.0',
    title: htmlToText(cutField(asString(doc.title), maxFieldChars)),
    link: resolveUrl(asString(doc.home_page_url), base),
    description: htmlToText(cutField(asString(doc.description), maxFieldChars)),
    language: asString(doc.language) || null,
    items: items.map((item) => readItem(item, base, readAuthor(doc as Json), maxFieldChars)),
  };
}

function readItem(item: Json, base: string | null, feedAuthor: string | null, maxFieldChars: number): ItemDraft {
  const id = typeof item.id === 'number' ? String(item.id) : asString(item.id).trim();
  const field = (value: unknown) => cutField(asString(value), maxFieldChars);
  const contentHtml = field(item.content_html);
  const contentText = field(item.content_text);
  return {
    id: id || null,
    url: resolveUrl(asString(item.url), base) ?? resolveUrl(asString(item.external_url), base),
    title: htmlToText(field(item.title)),
    summary: escapeHtmlText(collapseWhitespace(field(item.summary))),
    contentHtml: contentHtml ? sanitizeHtml(contentHtml, base) : escapeHtmlText(contentText.trim()),
    publishedAt: parseDate(asString(item.date_published)) ?? parseDate(asString(item.date_modified)),
    author: readAuthor(item) ?? feedAuthor,
    categories: Array.isArray(item.tags) ? item.tags.filter((t): t is string => typeof t === 'string').map(collapseWhitespace) : [],
    language: asString(item.language) || null,
  };
}

/** JSON Feed 1.1 `authors[0].name`, or 1.0 `author.name`. */
function readAuthor(obj: Json): string | null {
  const first = Array.isArray(obj.authors) ? obj.authors.find(isObject) : undefined;
  const author = first ?? (isObject(obj.author) ? obj.author : undefined);
  const name = author ? collapseWhitespace(asString(author.name)) : '';
  return name || null;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asString(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
