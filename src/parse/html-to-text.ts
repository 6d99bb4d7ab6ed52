import { ALLOWED_ELEMENTS, DROPPED_WITH_CONTENT, VOID_ELEMENTS } from './sanitize-policy.js';
import { decodeHtmlEntities } from './html-entities.js';
import { tokenizeHtml } from './tokenize-html.js';
import { stripControls } from './xml-tree.js';

/** Elements whose content is never text a reader sees. */
const INVISIBLE: ReadonlySet<string> = new Set(['script', 'style', 'template', 'head', 'title', 'iframe', 'svg', 'math']);

/** Elements that separate words: their tags become spaces. */
const BREAKING: ReadonlySet<string> = new Set([
  'br', 'p', 'div', 'li', 'ul', 'ol', 'dd', 'dt', 'dl', 'tr', 'td', 'th', 'table', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'hr', 'img', 'section', 'article', 'header', 'footer', 'figure', 'figcaption',
]);

/** Element names that make a title HTML (the sanitiser's, the dropped ones, and the invisible ones). */
const KNOWN_ELEMENTS: ReadonlySet<string> = new Set([
  ...Object.keys(ALLOWED_ELEMENTS), ...DROPPED_WITH_CONTENT, ...VOID_ELEMENTS, ...INVISIBLE,
  // Every other element of HTML, past and present (legacy and unsafe ones too: they are stripped, not shown).
  'html', 'body', 'font', 'center', 'u', 's', 'strike', 'tt', 'big', 'blink', 'marquee', 'applet', 'object', 'embed', 'param',
  'link', 'meta', 'base', 'basefont', 'bgsound', 'isindex', 'keygen', 'layer', 'ilayer', 'nobr', 'noscript', 'noembed',
  'noframes', 'frame', 'frameset', 'iframe', 'input', 'label', 'fieldset', 'legend', 'option', 'optgroup', 'output',
  'progress', 'meter', 'dialog', 'menu', 'menuitem', 'slot', 'portal', 'acronym', 'dir', 'spacer', 'multicol', 'xml',
]);

/**
 * A tag, comment or doctype of HTML in the text: an element name HTML knows. A title such as
 * "Palmer <stars>" or "Use <T> generics" (escaped in the feed) is text, as in feedparser.
 */
function hasKnownTag(html: string): boolean {
  for (const m of html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9-]*)|<[!?]/g)) {
    if (m[1] === undefined || KNOWN_ELEMENTS.has(m[1].toLowerCase())) return true;
  }
  return false;
}

/**
 * Collapses runs of ASCII whitespace to one space and trims; no-break and typographic spaces stay.
 * Control characters (a bell in a JSON Feed title) are dropped: the result is plain text.
 */
export function collapseWhitespace(text: string): string {
  return stripControls(text).replace(/[ \t\n\r\f]+/g, ' ').replace(/^ | $/g, '');
}

/**
 * Plain text of an HTML fragment, for titles: tags removed (their words kept apart), script and style
 * content dropped, entities decoded, whitespace collapsed. Text without markup only has its entities
 * decoded and whitespace collapsed.
 */
export function htmlToText(html: string): string {
  if (!/<[a-zA-Z/!?]/.test(html) || !hasKnownTag(html)) return collapseWhitespace(decodeHtmlEntities(html));
  let out = '';
  let hidden = 0;
  tokenizeHtml(html, {
    text(text) {
      if (hidden === 0) out += text;
    },
    open(name, _attrs, selfClosing) {
      if (INVISIBLE.has(name) && !selfClosing) hidden++;
      else if (BREAKING.has(name)) out += ' ';
    },
    close(name) {
      if (INVISIBLE.has(name)) hidden = Math.max(0, hidden - 1);
      else if (BREAKING.has(name)) out += ' ';
    },
  });
  return collapseWhitespace(out);
}
