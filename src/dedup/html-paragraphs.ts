import { decodeHtmlEntities } from '../parse/html-entities.js';

/**
 * Turns sanitised feed HTML (or plain text) into paragraphs of plain text: block elements and
 * `<br>` end a paragraph, other tags vanish, character references are decoded and whitespace is
 * collapsed. Plain text (no tags) is split on blank lines when it has any, else on line breaks.
 */
export function htmlToParagraphs(input: string): string[] {
  if (input === '') return [];
  const raw = HAS_TAG.test(input) ? splitHtml(input) : splitPlainText(input);
  const out: string[] = [];
  for (const piece of raw) {
    const text = collapseWhitespace(piece);
    if (text !== '') out.push(text);
  }
  return out;
}

/** Plain text of an HTML fragment on one line (titles). */
export function htmlToLine(input: string): string {
  const text = HAS_TAG.test(input) ? input.replace(ANY_TAG, ' ') : input;
  return collapseWhitespace(decodeHtmlEntities(text));
}

const HAS_TAG = /<\/?[A-Za-z][^>]*>|<!--/;
const ANY_TAG = /<!--[\s\S]*?(?:-->|$)|<\/?[A-Za-z][^>]*>/g;
const DROPPED_ELEMENTS = /<(script|style|noscript|template|svg|math|iframe|object|head)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const TAG = /<!--[\s\S]*?(?:-->|$)|<(\/?)([A-Za-z][A-Za-z0-9-]*)\b[^>]*>/g;

const BLOCK_ELEMENTS = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'caption', 'dd', 'details', 'div', 'dl', 'dt',
  'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header',
  'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'td', 'tfoot',
  'th', 'thead', 'tr', 'ul', 'center', 'body', 'html',
]);

const BREAK = '\n';

function splitHtml(html: string): string[] {
  const flat = html.replace(DROPPED_ELEMENTS, BREAK).replace(/\s+/g, ' ');
  const marked = flat.replace(TAG, (whole, _slash: string | undefined, name: string | undefined) => {
    if (name === undefined) return ''; // comment
    return BLOCK_ELEMENTS.has(name.toLowerCase()) ? BREAK : '';
  });
  return decodeHtmlEntities(marked).split(BREAK);
}

function splitPlainText(text: string): string[] {
  const decoded = decodeHtmlEntities(text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text);
  if (/\n[ \t\u00a0]*\n/.test(decoded)) return decoded.split(/\n[ \t\u00a0]*\n/);
  return decoded.split('\n');
}

/** Every run of white space (including no-break and zero-width spaces) becomes one space. */
export function collapseWhitespace(text: string): string {
  const clean = text.length > 0 && text.charCodeAt(0) !== 32 && text.charCodeAt(text.length - 1) !== 32 && !text.includes('  ') && !OTHER_SPACE.test(text);
  return clean ? text : text.replace(/[\s\u00a0\u200b\u2028\u2029\ufeff]+/g, ' ').trim();
}

const OTHER_SPACE = /[^\S ]|[\u200b\ufeff]/;
