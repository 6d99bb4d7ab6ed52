import { createReferenceDecoder, type EntityLimits } from './decode-references.js';
import { ParseError, PARSE_ERROR_CODES } from './errors.js';
import { readDoctype } from './read-doctype.js';
import { resolveUrl } from './resolve-url.js';
import { resolveCanonicalPrefix } from './xml-namespaces.js';
import type { XmlElement } from './xml-tree.js';

/** Limits the XML reader enforces (a subset of ParseLimits). */
export interface XmlReadLimits extends EntityLimits {
  maxDepth: number;
  /**
   * Items (`item`, `entry`) read at most: the reader stops at the start of the next one, so a
   * document of 100,000 items costs what its first `maxItems` do (the rest would be dropped anyway).
   */
  maxItems?: number;
}

/** Feed elements that hold only text: no other feed element can be inside one. */
const TEXT_FIELDS: ReadonlySet<string> = new Set(['title', 'link', 'guid', 'pubdate', 'author', 'category', 'comments', 'id', 'updated', 'published', 'issued', 'modified']);
/** Feed elements whose start ends an unclosed text field. */
const FIELD_STARTS: ReadonlySet<string> = new Set([...TEXT_FIELDS, 'description', 'item', 'entry', 'enclosure', 'source', 'summary', 'content']);

type NsScope = Record<string, string>;

/**
 * Reads XML leniently into a tree. Recovers what a browser-like reader can — unescaped `&` and `<`,
 * undeclared HTML entities, unquoted or valueless attributes, unclosed and mismatched-case tags,
 * junk before the root, truncation — and records a constant note for each kind of repair.
 * Internal DTD entities are expanded within `limits`; external ones are never loaded.
 * Returns a synthetic `#document` element whose children are the top-level elements.
 */
export function readXml(text: string, baseUrl: string | null, limits: XmlReadLimits, notes: Set<string>): XmlElement {
  const doc: XmlElement = { name: '#document', local: '#document', px: '', attrs: {}, children: [], base: baseUrl };
  const stack: XmlElement[] = [doc];
  const scopes: NsScope[] = [Object.create(null) as NsScope];
  const references = createReferenceDecoder(limits, notes);
  const len = text.length;
  let pos = 0;
  let items = 0;
  /** Set at the start of the item past `limits.maxItems`: nothing more is read. */
  let stopped = false;

  const appendText = (value: string): void => {
    if (value === '') return;
    const parent = stack[stack.length - 1]!;
    if (parent === doc) {
      if (/\S/.test(value)) notes.add('text outside the root element');
      return;
    }
    const children = parent.children;
    const last = children.length - 1;
    if (last >= 0 && typeof children[last] === 'string') children[last] += value;
    else children.push(value);
  };

  /** The namespace scope and base of an element with these attributes opened inside the current top. */
  const enterScope = (attrs: Record<string, string>): { scope: NsScope; base: string | null } => {
    const parentBase = stack[stack.length - 1]!.base;
    let scope = scopes[scopes.length - 1]!;
    let base = parentBase;
    for (const key in attrs) {
      if (key === 'xmlns' || key.startsWith('xmlns:')) {
        if (scope === scopes[scopes.length - 1]) scope = Object.create(scope) as NsScope;
        scope[key === 'xmlns' ? '' : key.slice(6)] = attrs[key]!;
      } else if (key === 'xml:base') {
        // Only web URLs become bases: an unsafe or malformed xml:base keeps the parent's.
        base = resolveUrl(attrs[key], parentBase) ?? parentBase;
      }
    }
    return { scope, base };
  };

  const openElement = (name: string, attrs: Record<string, string>, selfClosing: boolean): void => {
    const colon = name.indexOf(':');
    const prefix = colon === -1 ? '' : name.slice(0, colon);
    const local = (colon === -1 ? name : name.slice(colon + 1)).toLowerCase();
    if ((local === 'item' || local === 'entry') && limits.maxItems !== undefined && ++items > limits.maxItems) {
      stopped = true;
      return;
    }
    let { scope, base } = enterScope(attrs);
    const px = resolveCanonicalPrefix(prefix, scope[prefix], notes);
    // An implied end tag changes the parent: scope and base come from the new one.
    if (closeImpliedElements(local, px)) ({ scope, base } = enterScope(attrs));
    const el: XmlElement = { name, local, px, attrs, children: [], base };
    const parent = stack[stack.length - 1]!;
    if (parent === doc && doc.children.length > 0) notes.add('more than one root element');
    parent.children.push(el);
    if (selfClosing) return;
    if (stack.length > limits.maxDepth) {
      throw new ParseError(PARSE_ERROR_CODES.TOO_DEEP, `elements nest deeper than maxDepth (${limits.maxDepth})`);
    }
    stack.push(el);
    scopes.push(scope);
  };

  /**
   * Implied end tags, as an HTML parser has them: an item or entry never nests in another (an unclosed
   * one ends where the next begins), and a text field (title, link, guid...) ends where a sibling field
   * or item begins.
   */
  const closeImpliedElements = (local: string, px: string): boolean => {
    if (px !== '' && px !== 'atom') return false;
    let at = -1;
    if (local === 'item' || local === 'entry') {
      for (let k = stack.length - 1; k > 0; k--) {
        if (stack[k]!.local === local && stack[k]!.px === px) {
          at = k;
          break;
        }
      }
    } else {
      const top = stack[stack.length - 1]!;
      if (top !== doc && top.px === px && TEXT_FIELDS.has(top.local) && FIELD_STARTS.has(local)) at = stack.length - 1;
    }
    if (at === -1) return false;
    notes.add('unclosed element');
    stack.length = at;
    scopes.length = at;
    return true;
  };

  const closeElement = (name: string): void => {
    let at = -1;
    for (let k = stack.length - 1; k > 0; k--) {
      if (stack[k]!.name === name) {
        at = k;
        break;
      }
    }
    if (at === -1) {
      const lower = name.toLowerCase();
      for (let k = stack.length - 1; k > 0; k--) {
        if (stack[k]!.name.toLowerCase() === lower) {
          at = k;
          notes.add('mismatched tag case');
          break;
        }
      }
    }
    if (at === -1) {
      notes.add('stray end tag');
      return;
    }
    if (at < stack.length - 1) notes.add('unclosed element');
    stack.length = at;
    scopes.length = at;
  };

  const readStartTag = (lt: number): number => {
    let p = lt + 1;
    while (p < len && isNameChar(text.charCodeAt(p))) p++;
    const name = text.slice(lt + 1, p);
    const attrs = Object.create(null) as Record<string, string>;
    for (;;) {
      while (p < len && isSpace(text.charCodeAt(p))) p++;
      if (p >= len) {
        notes.add('document truncated');
        return len;
      }
      const ch = text.charCodeAt(p);
      if (ch === 0x3e /* > */) {
        openElement(name, attrs, false);
        return p + 1;
      }
      if (ch === 0x2f /* / */ && text.charCodeAt(p + 1) === 0x3e) {
        openElement(name, attrs, true);
        return p + 2;
      }
      if (ch === 0x3c /* < */) {
        notes.add('unterminated start tag');
        openElement(name, attrs, false);
        return p;
      }
      p = readAttribute(p, attrs);
    }
  };

  // Lookahead for `<`, `>`, `"` and `'`, cached: recovery asks "where is the next one?" again and again
  // (a tag with many attributes, quotes or end tags that never close) and must not rescan the text.
  const nextAt = new Map<string, { from: number; at: number }>();
  const findNext = (char: string, from: number): number => {
    const cached = nextAt.get(char);
    if (cached && from >= cached.from && (cached.at === -1 || from <= cached.at)) return cached.at;
    const at = text.indexOf(char, from);
    nextAt.set(char, { from, at });
    return at;
  };

  const readAttribute = (p: number, attrs: Record<string, string>): number => {
    const start = p;
    for (; p < len; p++) {
      const c = text.charCodeAt(p);
      if (isSpace(c) || c === 0x3d || c === 0x3e || c === 0x3c || (c === 0x2f && text.charCodeAt(p + 1) === 0x3e)) break;
    }
    if (p === start) return p + 1; // a stray quote or `/`: skip it
    const name = text.slice(start, p);
    while (p < len && isSpace(text.charCodeAt(p))) p++;
    let value = '';
    if (text.charCodeAt(p) !== 0x3d /* = */) {
      notes.add('attribute without value');
    } else {
      p++;
      while (p < len && isSpace(text.charCodeAt(p))) p++;
      const quote = text[p];
      if (quote === '"' || quote === "'") {
        const close = findNext(quote, p + 1);
        const lt = findNext('<', p + 1);
        // `<` cannot occur in a well-formed value: a missing close quote swallowed markup; stop at `>`.
        if (close !== -1 && (lt === -1 || lt > close)) {
          value = text.slice(p + 1, close);
          p = close + 1;
        } else {
          notes.add('unterminated attribute value');
          const gt = findNext('>', p + 1);
          const end = gt === -1 ? len : gt;
          value = text.slice(p + 1, end);
          p = end;
        }
      } else {
        notes.add('unquoted attribute value');
        const start2 = p;
        while (p < len && !isSpace(text.charCodeAt(p)) && text.charCodeAt(p) !== 0x3e) p++;
        // `href=http://x/>`: the slash closes the empty element (XML), it is not part of the value.
        if (text.charCodeAt(p) === 0x3e && text.charCodeAt(p - 1) === 0x2f && p - 1 > start2) p--;
        value = text.slice(start2, p);
      }
    }
    if (!(name in attrs)) {
      const decoded = references.decode(value);
      attrs[name] = /[\t\n\r]/.test(decoded) ? decoded.replace(/[\t\n\r]/g, ' ') : decoded; // XML attribute-value normalisation
    }
    return p;
  };

  const readEndTag = (lt: number): number => {
    let p = lt + 2;
    while (p < len && isNameChar(text.charCodeAt(p))) p++;
    const name = text.slice(lt + 2, p);
    while (p < len && isSpace(text.charCodeAt(p))) p++;
    if (text.charCodeAt(p) === 0x3e) p++;
    else {
      const gt = findNext('>', p);
      const next = findNext('<', p);
      if (gt !== -1 && (next === -1 || gt < next)) p = gt + 1;
      else {
        notes.add(p >= len ? 'document truncated' : 'malformed end tag');
        p = next === -1 ? len : next;
      }
    }
    if (name !== '') closeElement(name);
    return p;
  };

  const readMarkupDeclaration = (lt: number): number => {
    if (text.startsWith('<!--', lt)) {
      const end = text.indexOf('-->', lt + 4);
      if (end !== -1) return end + 3;
      notes.add('unterminated comment');
      return len;
    }
    if (text.startsWith('<![CDATA[', lt)) {
      const end = text.indexOf(']]>', lt + 9);
      appendText(text.slice(lt + 9, end === -1 ? len : end));
      if (end !== -1) return end + 3;
      notes.add('unterminated CDATA section');
      return len;
    }
    if (text.slice(lt + 2, lt + 9).toUpperCase() === 'DOCTYPE') {
      const doctype = readDoctype(text, lt);
      if (!doctype.complete) notes.add('unterminated DOCTYPE');
      references.useDoctype(doctype);
      return doctype.end;
    }
    if (text.startsWith('<![', lt)) notes.add('CDATA section without its keyword');
    const gt = text.indexOf('>', lt);
    return gt === -1 ? len : gt + 1;
  };

  while (pos < len && !stopped) {
    const lt = text.indexOf('<', pos);
    if (lt === -1) {
      appendText(references.decode(text.slice(pos)));
      break;
    }
    if (lt > pos) appendText(references.decode(text.slice(pos, lt)));
    const next = text.charCodeAt(lt + 1);
    if (next === 0x21 /* ! */) pos = readMarkupDeclaration(lt);
    else if (next === 0x3f /* ? */) {
      const end = text.indexOf('?>', lt + 2);
      pos = end === -1 ? len : end + 2;
    } else if (next === 0x2f /* / */) pos = readEndTag(lt);
    else if (isNameStart(next)) pos = readStartTag(lt);
    else {
      notes.add('unescaped <');
      appendText('<');
      pos = lt + 1;
    }
  }
  // Stopped past maxItems, the open elements are not a cut-off document.
  if (stack.length > 1 && !stopped) notes.add('unclosed elements at end of document');
  return doc;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
}

function isNameStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x3a || c >= 0x80;
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e;
}
