import { isUtf8 } from 'node:buffer';
import { decodeHtmlEntities } from './html-entities.js';
import { collapseWhitespace, htmlToText } from './html-to-text.js';
import { sanitizeHtml } from './sanitize-html.js';
import { getAttr, escapeHtmlText, hasChildElements, serializeChildren, getText, type XmlElement } from './xml-tree.js';

type ContentKind = 'text' | 'html' | 'xhtml' | 'other';

/**
 * How an element's content is to be read: Atom 1.0 `type` (text, html, xhtml or a MIME type),
 * Atom 0.3 `type` + `mode` (xml, escaped, base64). Elements without a type (RSS) hold HTML.
 */
function detectContentKind(el: XmlElement, defaultKind: ContentKind): ContentKind {
  const type = getAttr(el, 'type')?.trim().toLowerCase();
  if (type === undefined || type === '') return defaultKind;
  if (type === 'text' || type === 'text/plain') return 'text';
  if (type === 'html' || type === 'text/html') return 'html';
  if (type === 'xhtml' || type === 'application/xhtml+xml') return 'xhtml';
  if (type.startsWith('text/') || type.endsWith('+xml') || type.endsWith('/xml')) return 'text';
  return 'other';
}

/** The raw (unsanitised) HTML of an element's content, or null when it holds no readable content. */
function readRawHtml(el: XmlElement, defaultKind: ContentKind): string | null {
  const kind = detectContentKind(el, defaultKind);
  if (getAttr(el, 'src') !== undefined) return null;
  // Atom 1.0 base64-encodes other media types; Atom 0.3 says so with mode="base64". Only text is kept.
  if (kind === 'other' || getAttr(el, 'mode')?.toLowerCase() === 'base64') {
    const decoded = decodeBase64Text(getText(el));
    if (decoded === null) return null;
    return kind === 'html' || kind === 'xhtml' ? decoded : escapeHtmlText(decoded);
  }
  if (hasChildElements(el)) {
    // Inline markup: XHTML content, or HTML a feed forgot to escape. Atom wraps XHTML in one div.
    const children = el.children.filter((node) => typeof node !== 'string' || node.trim() !== '');
    const only = children.length === 1 ? children[0] : undefined;
    const wrapper = kind === 'xhtml' && typeof only === 'object' && only.local === 'div' ? only : el;
    return serializeChildren(wrapper);
  }
  const text = getText(el);
  return kind === 'text' ? escapeHtmlText(text) : text;
}

/** Base64 that decodes to UTF-8 text (no NUL or other C0 controls but whitespace), else null. */
function decodeBase64Text(value: string): string | null {
  const bytes = Buffer.from(value.replace(/\s+/g, ''), 'base64');
  if (bytes.length === 0 || !isUtf8(bytes)) return null;
  const text = bytes.toString('utf8');
  return /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(text) ? null : text;
}

/** The limits (of ParseLimits) the format readers apply. */
export interface ReaderLimits {
  maxItems: number;
  maxFieldChars: number;
}

/**
 * The first `maxChars` characters of a field's raw HTML or text, not ending inside a tag, an
 * entity or a surrogate pair (the sanitiser closes what is left open).
 */
export function cutField(raw: string, maxChars: number): string {
  if (raw.length <= maxChars) return raw;
  let cut = raw.slice(0, maxChars);
  const lt = cut.lastIndexOf('<');
  if (lt > cut.lastIndexOf('>')) cut = cut.slice(0, lt);
  cut = cut.replace(/&#?[A-Za-z0-9]{0,32}$/, '');
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/** Sanitised HTML of a content/summary/description element; relative URLs resolved against its xml:base. */
export function readContentHtml(el: XmlElement | undefined, defaultKind: ContentKind = 'html', maxChars = Number.POSITIVE_INFINITY): string {
  if (!el) return '';
  const html = readRawHtml(el, defaultKind);
  return html === null ? '' : sanitizeHtml(cutField(html.trim(), maxChars), el.base);
}

/**
 * Plain text of a title-like element: tags stripped and entities decoded whether the feed wrote plain
 * text, HTML or escaped HTML (Atom type="text" keeps a literal `<`, only its entities are decoded).
 */
export function readPlainText(el: XmlElement | undefined, defaultKind: ContentKind = 'html', maxChars = Number.POSITIVE_INFINITY): string {
  if (!el) return '';
  const kind = detectContentKind(el, defaultKind);
  if (kind === 'text' && !hasChildElements(el) && getAttr(el, 'mode')?.toLowerCase() !== 'base64' && getAttr(el, 'src') === undefined) {
    return collapseWhitespace(decodeHtmlEntities(cutField(getText(el), maxChars)));
  }
  const html = readRawHtml(el, defaultKind);
  return html === null ? '' : htmlToText(cutField(html, maxChars));
}
