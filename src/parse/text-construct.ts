import { decodeHtmlEntities } from './html-entities.js';
import { collapseWhitespace, htmlToText } from './html-to-text.js';
import { sanitizeHtml } from './sanitize-html.js';
import { attrOf, escapeHtmlText, hasChildElements, serializeChildren, textOf, type XmlElement } from './xml-tree.js';

type ContentKind = 'text' | 'html' | 'xhtml' | 'other';

/**
 * How an element's content is to be read: Atom 1.0 `type` (text, html, xhtml or a MIME type),
 * Atom 0.3 `type` + `mode` (xml, escaped, base64). Elements without a type (RSS) hold HTML.
 */
function contentKind(el: XmlElement, defaultKind: ContentKind): ContentKind {
  const type = attrOf(el, 'type')?.trim().toLowerCase();
  if (type === undefined || type === '') return defaultKind;
  if (type === 'text' || type === 'text/plain') return 'text';
  if (type === 'html' || type === 'text/html') return 'html';
  if (type === 'xhtml' || type === 'application/xhtml+xml') return 'xhtml';
  if (type.startsWith('text/') || type.endsWith('+xml') || type.endsWith('/xml')) return 'text';
  return 'other';
}

/** The raw (unsanitised) HTML of an element's content, or null when it holds no readable content. */
function rawHtml(el: XmlElement, defaultKind: ContentKind): string | null {
  const kind = contentKind(el, defaultKind);
  if (kind === 'other' || attrOf(el, 'src') !== undefined) return null;
  if (attrOf(el, 'mode')?.toLowerCase() === 'base64') {
    const decoded = Buffer.from(textOf(el), 'base64').toString('utf8');
    return kind === 'text' ? escapeHtmlText(decoded) : decoded;
  }
  if (hasChildElements(el)) {
    // Inline markup: XHTML content, or HTML a feed forgot to escape. Atom wraps XHTML in one div.
    const children = el.children.filter((node) => typeof node !== 'string' || node.trim() !== '');
    const only = children.length === 1 ? children[0] : undefined;
    const wrapper = kind === 'xhtml' && typeof only === 'object' && only.local === 'div' ? only : el;
    return serializeChildren(wrapper);
  }
  const text = textOf(el);
  return kind === 'text' ? escapeHtmlText(text) : text;
}

/** Sanitised HTML of a content/summary/description element; relative URLs resolved against its xml:base. */
export function contentHtml(el: XmlElement | undefined, defaultKind: ContentKind = 'html'): string {
  if (!el) return '';
  const html = rawHtml(el, defaultKind);
  return html === null ? '' : sanitizeHtml(html.trim(), el.base);
}

/**
 * Plain text of a title-like element: tags stripped and entities decoded whether the feed wrote plain
 * text, HTML or escaped HTML (Atom type="text" keeps a literal `<`, only its entities are decoded).
 */
export function plainText(el: XmlElement | undefined, defaultKind: ContentKind = 'html'): string {
  if (!el) return '';
  const kind = contentKind(el, defaultKind);
  if (kind === 'text' && !hasChildElements(el) && attrOf(el, 'mode')?.toLowerCase() !== 'base64') {
    return collapseWhitespace(decodeHtmlEntities(textOf(el)));
  }
  const html = rawHtml(el, defaultKind);
  return html === null ? '' : htmlToText(html);
}
