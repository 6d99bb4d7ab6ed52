import { decodeHtmlEntities } from './html-entities.js';

/** What the HTML tokenizer reports; names lower-cased, text and attribute values entity-decoded. */
export interface HtmlVisitor {
  text(text: string): void;
  open(name: string, attrs: Array<[string, string]>, selfClosing: boolean): void;
  close(name: string): void;
}

/** Attributes kept per tag; more is no real content (and would make duplicate checks quadratic). */
const MAX_ATTRIBUTES = 64;

/** Elements whose content is text up to their end tag, whatever it looks like. */
const RAW_TEXT_ELEMENTS: ReadonlySet<string> = new Set(['script', 'style', 'xmp', 'iframe', 'noembed', 'noframes', 'textarea', 'title', 'plaintext']);

/**
 * A small, forgiving HTML tokenizer for feed content (fragments, never whole pages): start and end
 * tags with quoted, unquoted or valueless attributes, comments and doctypes skipped, raw-text elements
 * (script, style, textarea...) read up to their end tag, a `<` that starts no tag kept as text.
 * Linear in the input; never throws.
 */
export function tokenizeHtml(html: string, visit: HtmlVisitor): void {
  const len = html.length;
  let pos = 0;
  while (pos < len) {
    const lt = html.indexOf('<', pos);
    if (lt === -1) {
      visit.text(decodeHtmlEntities(html.slice(pos)));
      return;
    }
    if (lt > pos) visit.text(decodeHtmlEntities(html.slice(pos, lt)));
    const next = html.charCodeAt(lt + 1);
    if (isAsciiLetter(next)) {
      pos = readStartTag(html, lt, visit);
    } else if (next === 0x2f /* / */ && isAsciiLetter(html.charCodeAt(lt + 2))) {
      let p = lt + 2;
      while (p < len && !isTagNameEnd(html.charCodeAt(p))) p++;
      const gt = html.indexOf('>', p);
      visit.close(html.slice(lt + 2, p).toLowerCase());
      pos = gt === -1 ? len : gt + 1;
    } else if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      pos = end === -1 ? len : end + 3;
    } else if (next === 0x21 /* ! */ || next === 0x3f /* ? */ || next === 0x2f) {
      const gt = html.indexOf('>', lt);
      pos = gt === -1 ? len : gt + 1;
    } else {
      visit.text('<');
      pos = lt + 1;
    }
  }
}

function readStartTag(html: string, lt: number, visit: HtmlVisitor): number {
  const len = html.length;
  let p = lt + 1;
  while (p < len && !isTagNameEnd(html.charCodeAt(p))) p++;
  const name = html.slice(lt + 1, p).toLowerCase();
  const attrs: Array<[string, string]> = [];
  let selfClosing = false;
  for (;;) {
    while (p < len && (isSpace(html.charCodeAt(p)) || html.charCodeAt(p) === 0x2f)) {
      if (html.charCodeAt(p) === 0x2f && html.charCodeAt(p + 1) === 0x3e) selfClosing = true;
      p++;
    }
    if (p >= len) return len; // a tag cut off by the end of input is dropped
    if (html.charCodeAt(p) === 0x3e /* > */) {
      p++;
      break;
    }
    const nameStart = p;
    p++;
    while (p < len && !isAttrNameEnd(html.charCodeAt(p))) p++;
    const attrName = html.slice(nameStart, p).toLowerCase();
    while (p < len && isSpace(html.charCodeAt(p))) p++;
    let value = '';
    if (html.charCodeAt(p) === 0x3d /* = */) {
      p++;
      while (p < len && isSpace(html.charCodeAt(p))) p++;
      const quote = html.charCodeAt(p);
      if (quote === 0x22 || quote === 0x27) {
        const close = html.indexOf(quote === 0x22 ? '"' : "'", p + 1);
        if (close === -1) return len;
        value = html.slice(p + 1, close);
        p = close + 1;
      } else {
        const start = p;
        while (p < len && !isSpace(html.charCodeAt(p)) && html.charCodeAt(p) !== 0x3e) p++;
        value = html.slice(start, p);
      }
    }
    if (attrs.length < MAX_ATTRIBUTES && !attrs.some(([existing]) => existing === attrName)) attrs.push([attrName, decodeHtmlEntities(value)]);
  }
  visit.open(name, attrs, selfClosing);
  if (!RAW_TEXT_ELEMENTS.has(name) || selfClosing) return p;
  return readRawText(html, p, name, visit);
}

/** The content of a raw-text element, up to `</name` (any case); the end tag is reported too. */
function readRawText(html: string, start: number, name: string, visit: HtmlVisitor): number {
  const end = name === 'plaintext' ? -1 : indexOfEndTag(html, start, name);
  const content = html.slice(start, end === -1 ? html.length : end);
  if (content !== '') visit.text(name === 'textarea' || name === 'title' ? decodeHtmlEntities(content) : content);
  visit.close(name);
  if (end === -1) return html.length;
  const gt = html.indexOf('>', end);
  return gt === -1 ? html.length : gt + 1;
}

const endTagPatterns = new Map<string, RegExp>();

/** Index of `</name` followed by space, `/` or `>` (any case), from `from`; -1 when absent. */
function indexOfEndTag(html: string, from: number, name: string): number {
  let re = endTagPatterns.get(name);
  if (!re) {
    re = new RegExp(`</${name}[\\s/>]`, 'ig');
    endTagPatterns.set(name, re);
  }
  re.lastIndex = from;
  const match = re.exec(html);
  if (match) return match.index;
  // `</script` at the very end of the input, with nothing after it.
  return html.toLowerCase().endsWith(`</${name}`) ? html.length - name.length - 2 : -1;
}

function isAsciiLetter(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d || c === 0x0c;
}

function isTagNameEnd(c: number): boolean {
  return isSpace(c) || c === 0x2f || c === 0x3e;
}

function isAttrNameEnd(c: number): boolean {
  return isSpace(c) || c === 0x2f || c === 0x3e || c === 0x3d;
}
