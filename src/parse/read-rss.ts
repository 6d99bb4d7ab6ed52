import type { FeedDraft, ItemDraft } from './finish-feed.js';
import { collapseWhitespace } from './html-to-text.js';
import { parseDate } from './parse-date.js';
import { readPollHints } from './read-poll-hints.js';
import { readOriginalLink, resolveIdPath, resolveUrl } from './resolve-url.js';
import { readContentHtml, readPlainText, type ReaderLimits } from './text-construct.js';
import { findChild, getAttr, getText, listChildElements, readChildText, type XmlElement } from './xml-tree.js';

/** The RSS family: RSS 0.90-2.0 (root `rss`), RDF/RSS 1.0 (root `rdf:RDF`), and Microsoft CDF / bare `channel` roots. */
export type RssKind = 'rss' | 'rdf' | 'channel';

const RSS = [''] as const;
const ATOM = ['atom'] as const;

/** Reads an RSS-family document from its root element. */
export function readRss(root: XmlElement, kind: RssKind, limits: ReaderLimits): FeedDraft {
  const { maxItems, maxFieldChars } = limits;
  const channel = kind === 'channel' ? root : (findChild(root, 'channel', RSS) ?? findChild(root, 'channel', ['rdf', 'atom']));
  const itemEls: XmlElement[] = [];
  for (const parent of channel && channel !== root ? [channel, root] : [root]) {
    for (const el of parent.children) {
      if (typeof el !== 'string' && el.local === 'item' && itemEls.length < maxItems) itemEls.push(el);
    }
  }
  const cdf = kind === 'channel' && (root.name === 'CHANNEL' || getAttr(root, 'href') !== undefined);
  const author = channel ? readAuthor(channel) : null;
  return {
    format: kind === 'rdf' ? 'rdf' : 'rss',
    version: readVersion(root, kind, cdf),
    title: channel ? readPlainText(findChild(channel, 'title', RSS) ?? findChild(channel, 'title', ['dc', 'atom']), 'html', maxFieldChars) : '',
    link: channel ? readLink(channel) : null,
    description: channel ? readPlainText(findFilledChild(channel, [['description', RSS], ['abstract', RSS], ['description', ['dc']], ['summary', ['itunes']], ['subtitle', ATOM]]), 'html', maxFieldChars) : '',
    language: channel ? readLanguage(channel) : null,
    ...(channel ? readPollHints(channel) : {}),
    items: itemEls.map((el) => readItem(el, author, maxFieldChars)),
  };
}

function readVersion(root: XmlElement, kind: RssKind, cdf: boolean): string | undefined {
  if (cdf) return 'cdf';
  if (kind === 'rdf') return Object.values(root.attrs).includes('http://my.netscape.com/rdf/simple/0.9/') ? '0.90' : '1.0';
  const version = getAttr(root, 'version')?.trim();
  return version ? version : undefined;
}

function readItem(item: XmlElement, feedAuthor: string | null, maxFieldChars: number): ItemDraft {
  const summaryEl = findFilledChild(item, [['description', RSS], ['abstract', RSS], ['description', ['dc']], ['summary', ['itunes']], ['description', ['media']], ['summary', ATOM]]);
  const contentEl = findFilledChild(item, [['encoded', ['content']], ['body', ['xhtml']], ['body', RSS], ['fullitem', RSS], ['content', ATOM]]);
  const guidEl = findChild(item, 'guid', RSS);
  const guid = guidEl ? getText(guidEl).trim() : '';
  const permalink = guidEl !== undefined && getAttr(guidEl, 'isPermaLink')?.trim().toLowerCase() !== 'false';
  const about = getAttr(item, 'rdf:about')?.trim();
  const id = guid || about || readChildText(item, 'identifier', ['dc']) || readChildText(item, 'id', ATOM) || null;
  return {
    id: id && guidEl && permalink ? resolveIdPath(id, guidEl.base) : id,
    // FeedBurner's original link beats its tracking redirect; without a link, a permalink guid or an
    // RDF item's URI is the article's address.
    url: readOriginalLink(item) ?? readLink(item) ?? (permalink && guid ? resolveUrl(guid, guidEl!.base) : resolveUrl(about, item.base)),
    title: readPlainText(findChild(item, 'title', RSS) ?? findChild(item, 'title', ['dc', 'atom', 'media']), 'html', maxFieldChars),
    summary: readContentHtml(summaryEl, 'html', maxFieldChars),
    contentHtml: readContentHtml(contentEl, 'html', maxFieldChars),
    publishedAt: readDate(item),
    author: readAuthor(item) ?? feedAuthor,
    categories: readCategories(item),
    language: readLanguage(item),
  };
}

/** `<language>`, `dc:language`, else the element's `xml:lang`. */
function readLanguage(el: XmlElement): string | null {
  return readChildText(el, 'language', RSS) || readChildText(el, 'language', ['dc']) || getAttr(el, 'xml:lang') || null;
}

/** `<link>` text, else an Atom alternate link, else CDF's HREF attribute; absolute http(s) or null. */
function readLink(el: XmlElement): string | null {
  for (const child of listChildElements(el)) {
    if (child.local !== 'link') continue;
    if (child.px === '') {
      const href = resolveUrl(getText(child), child.base) ?? resolveUrl(getAttr(child, 'href'), child.base);
      if (href) return href;
    }
  }
  for (const child of listChildElements(el)) {
    if (child.local === 'link' && child.px === 'atom' && (getAttr(child, 'rel') ?? 'alternate') === 'alternate') {
      const href = resolveUrl(getAttr(child, 'href'), child.base);
      if (href) return href;
    }
  }
  return resolveUrl(getAttr(el, 'href'), el.base);
}

const DATE_ELEMENTS: ReadonlyArray<[string, readonly string[]]> = [
  ['pubdate', RSS], ['date', ['dc']], ['issued', ['dcterms']], ['created', ['dcterms']], ['published', ATOM], ['modified', ['dcterms']], ['updated', ATOM],
];

function readDate(item: XmlElement): string | null {
  for (const [local, prefixes] of DATE_ELEMENTS) {
    const el = findChild(item, local, prefixes);
    const date = el ? parseDate(getText(el)) : null;
    if (date) return date;
  }
  return parseDate(getAttr(item, 'lastmod'));
}

function readAuthor(el: XmlElement): string | null {
  const atomAuthor = findChild(el, 'author', ATOM);
  const raw =
    readChildText(el, 'author', RSS) ||
    readChildText(el, 'creator', ['dc']) ||
    readChildText(el, 'author', ['itunes']) ||
    (atomAuthor ? readChildText(atomAuthor, 'name', ATOM) || readChildText(atomAuthor, 'email', ATOM) : '') ||
    readChildText(el, 'managingeditor', RSS);
  if (!raw) return null;
  // "jo@example.com (Jo Bloggs)" → "Jo Bloggs"
  const named = /^\S+@\S+\s*\((.+)\)$/.exec(raw);
  return collapseWhitespace(named?.[1] ?? raw);
}

function readCategories(item: XmlElement): string[] {
  const out: string[] = [];
  for (const child of listChildElements(item)) {
    if ((child.local === 'category' && child.px === '') || (child.local === 'subject' && child.px === 'dc')) {
      const text = collapseWhitespace(getText(child));
      if (text) out.push(text);
    } else if (child.local === 'category' && child.px === 'atom') {
      const term = getAttr(child, 'term')?.trim();
      if (term) out.push(term);
    }
  }
  return out;
}

/** True when the element holds any non-whitespace text or any element. */
function hasText(el: XmlElement): boolean {
  return el.children.some((node) => typeof node !== 'string' || /\S/.test(node));
}

/** The first of these children that has any content. */
function findFilledChild(el: XmlElement, choices: ReadonlyArray<[string, readonly string[]]>): XmlElement | undefined {
  for (const [local, prefixes] of choices) {
    const child = findChild(el, local, prefixes);
    if (child && hasText(child)) return child;
  }
  return undefined;
}
