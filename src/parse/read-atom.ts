import type { FeedDraft, ItemDraft } from './finish-feed.js';
import { collapseWhitespace } from './html-to-text.js';
import { parseDate } from './parse-date.js';
import { readOriginalLink, resolveIdPath, resolveUrl } from './resolve-url.js';
import { readContentHtml, readPlainText, type ReaderLimits } from './text-construct.js';
import { findChild, getAttr, getText, readChildText, type XmlElement } from './xml-tree.js';

/** Atom elements are matched with or without the namespace (Atom 0.3 feeds often omit it). */
const ATOM = ['atom', ''] as const;
const ATOM_03_NS = 'http://purl.org/atom/ns#';

/** Reads an Atom 1.0 or 0.3 document from its `feed` element. */
export function readAtom(root: XmlElement, limits: ReaderLimits): FeedDraft {
  const { maxItems, maxFieldChars } = limits;
  const entries: XmlElement[] = [];
  for (const el of root.children) {
    if (typeof el !== 'string' && el.local === 'entry' && ATOM.includes(el.px as (typeof ATOM)[number]) && entries.length < maxItems) entries.push(el);
  }
  const feedAuthor = readAuthor(root);
  return {
    format: 'atom',
    version: isAtom03(root) ? 'atom03' : 'atom10',
    title: readPlainText(findChild(root, 'title', ATOM), 'text', maxFieldChars),
    link: readAlternateLink(root),
    description: readPlainText(findChild(root, 'subtitle', ATOM) ?? findChild(root, 'tagline', ATOM), 'text', maxFieldChars),
    language: getAttr(root, 'xml:lang') || readChildText(root, 'language', ['dc']) || null,
    items: entries.map((entry) => readEntry(entry, feedAuthor, maxFieldChars)),
  };
}

/** Atom 0.3 says so with its namespace or `version="0.3"`; any other `feed` is read as Atom 1.0. */
function isAtom03(root: XmlElement): boolean {
  return Object.values(root.attrs).includes(ATOM_03_NS) || getAttr(root, 'version')?.trim() === '0.3';
}

function readEntry(entry: XmlElement, feedAuthor: string | null, maxFieldChars: number): ItemDraft {
  const idEl = findChild(entry, 'id', ATOM);
  const id = idEl ? getText(idEl).trim() : '';
  return {
    id: id ? resolveIdPath(id, idEl!.base) : null,
    url: readOriginalLink(entry) ?? readAlternateLink(entry),
    title: readPlainText(findChild(entry, 'title', ATOM), 'text', maxFieldChars),
    summary: readContentHtml(findChild(entry, 'summary', ATOM), 'text', maxFieldChars),
    contentHtml: readContentHtml(findChild(entry, 'content', ATOM), 'text', maxFieldChars),
    publishedAt: readDate(entry),
    author: readAuthor(entry) ?? feedAuthor,
    categories: readCategories(entry),
    language: getAttr(entry, 'xml:lang') || readChildText(entry, 'language', ['dc']) || null,
  };
}

/**
 * The `rel="alternate"` link (a link without rel is one), preferring text/html; Atom 0.3 feeds that
 * put the URL in the element text instead of `href` are read too. Absolute http(s) or null.
 */
function readAlternateLink(el: XmlElement): string | null {
  let fallback: string | null = null;
  for (const child of el.children) {
    if (typeof child === 'string' || child.local !== 'link' || !ATOM.includes(child.px as (typeof ATOM)[number])) continue;
    const rel = (getAttr(child, 'rel') ?? 'alternate').trim().toLowerCase();
    if (rel !== 'alternate' && rel !== 'http://www.iana.org/assignments/relation/alternate') continue;
    const href = resolveUrl(getAttr(child, 'href') ?? getText(child), child.base);
    if (!href) continue;
    const type = getAttr(child, 'type')?.toLowerCase();
    if (type === undefined || type === 'text/html' || type === 'application/xhtml+xml') return href;
    fallback ??= href;
  }
  return fallback;
}

const DATE_ELEMENTS: ReadonlyArray<[string, readonly string[]]> = [
  ['published', ATOM], ['issued', ATOM], ['created', ATOM], ['date', ['dc']], ['updated', ATOM], ['modified', ATOM],
];

function readDate(entry: XmlElement): string | null {
  for (const [local, prefixes] of DATE_ELEMENTS) {
    const el = findChild(entry, local, prefixes);
    const date = el ? parseDate(getText(el)) : null;
    if (date) return date;
  }
  return null;
}

function readAuthor(el: XmlElement): string | null {
  const author = findChild(el, 'author', ATOM);
  const name = author ? readChildText(author, 'name', ATOM) || readChildText(author, 'email', ATOM) : '';
  const creator = findChild(el, 'creator', ['dc']);
  const raw = name || (creator ? getText(creator).trim() : '');
  return raw ? collapseWhitespace(raw) : null;
}

function readCategories(entry: XmlElement): string[] {
  const out: string[] = [];
  for (const child of entry.children) {
    if (typeof child === 'string') continue;
    if (child.local === 'category' && ATOM.includes(child.px as (typeof ATOM)[number])) {
      const term = (getAttr(child, 'term') ?? getAttr(child, 'label') ?? getText(child)).trim();
      if (term) out.push(collapseWhitespace(term));
    } else if (child.local === 'subject' && child.px === 'dc') {
      const text = collapseWhitespace(getText(child));
      if (text) out.push(text);
    }
  }
  return out;
}
