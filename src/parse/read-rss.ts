import type { FeedDraft, ItemDraft } from './finish-feed.js';
import { collapseWhitespace } from './html-to-text.js';
import { parseDate } from './parse-date.js';
import { readPollHints } from './read-poll-hints.js';
import { resolveIdPath, resolveUrl } from './resolve-url.js';
import { contentHtml, plainText } from './text-construct.js';
import { attrOf, childElements, findChild, textOf, type XmlElement } from './xml-tree.js';

/** The RSS family: RSS 0.90-2.0 (root `rss`), RDF/RSS 1.0 (root `rdf:RDF`), and Microsoft CDF / bare `channel` roots. */
export type RssKind = 'rss' | 'rdf' | 'channel';

const RSS = [''] as const;
const ATOM = ['atom'] as const;

/** Reads an RSS-family document from its root element. */
export function readRss(root: XmlElement, kind: RssKind, maxItems: number): FeedDraft {
  const channel = kind === 'channel' ? root : (findChild(root, 'channel', RSS) ?? findChild(root, 'channel', ['rdf', 'atom']));
  const itemEls: XmlElement[] = [];
  for (const parent of channel && channel !== root ? [channel, root] : [root]) {
    for (const el of parent.children) {
      if (typeof el !== 'string' && el.local === 'item' && itemEls.length < maxItems) itemEls.push(el);
    }
  }
  const cdf = kind === 'channel' && (root.name === 'CHANNEL' || attrOf(root, 'href') !== undefined);
  const author = channel ? readAuthor(channel) : null;
  return {
    format: kind === 'rdf' ? 'rdf' : 'rss',
    version: readVersion(root, kind, cdf),
    title: channel ? plainText(findChild(channel, 'title', RSS) ?? findChild(channel, 'title', ['dc', 'atom'])) : '',
    link: channel ? readLink(channel) : null,
    description: channel ? plainText(firstOf(channel, [['description', RSS], ['abstract', RSS], ['description', ['dc']], ['summary', ['itunes']], ['subtitle', ATOM]])) : '',
    ...(channel ? readPollHints(channel) : {}),
    items: itemEls.map((el) => readItem(el, author)),
  };
}

function readVersion(root: XmlElement, kind: RssKind, cdf: boolean): string | undefined {
  if (cdf) return 'cdf';
  if (kind === 'rdf') return Object.values(root.attrs).includes('http://my.netscape.com/rdf/simple/0.9/') ? '0.90' : '1.0';
  const version = attrOf(root, 'version')?.trim();
  return version ? version : undefined;
}

function readItem(item: XmlElement, feedAuthor: string | null): ItemDraft {
  const summaryEl = firstOf(item, [['description', RSS], ['abstract', RSS], ['description', ['dc']], ['summary', ['itunes']], ['description', ['media']], ['summary', ATOM]]);
  const contentEl = firstOf(item, [['encoded', ['content']], ['body', ['xhtml']], ['body', RSS], ['fullitem', RSS], ['content', ATOM]]);
  const guidEl = findChild(item, 'guid', RSS);
  const guid = guidEl ? textOf(guidEl).trim() : '';
  const permalink = guidEl !== undefined && attrOf(guidEl, 'isPermaLink')?.trim().toLowerCase() !== 'false';
  const about = attrOf(item, 'rdf:about')?.trim();
  const id = guid || about || textOfChild(item, 'identifier', ['dc']) || textOfChild(item, 'id', ATOM) || null;
  return {
    id: id && guidEl && permalink ? resolveIdPath(id, guidEl.base) : id,
    // Without a link, a permalink guid or an RDF item's URI is the article's address.
    url: readLink(item) ?? (permalink && guid ? resolveUrl(guid, guidEl!.base) : resolveUrl(about, item.base)),
    title: plainText(findChild(item, 'title', RSS) ?? findChild(item, 'title', ['dc', 'atom', 'media'])),
    summary: contentHtml(summaryEl),
    contentHtml: contentHtml(contentEl),
    publishedAt: readDate(item),
    author: readAuthor(item) ?? feedAuthor,
    categories: readCategories(item),
  };
}

/** `<link>` text, else an Atom alternate link, else CDF's HREF attribute; absolute http(s) or null. */
function readLink(el: XmlElement): string | null {
  for (const child of childElements(el)) {
    if (child.local !== 'link') continue;
    if (child.px === '') {
      const href = resolveUrl(textOf(child), child.base) ?? resolveUrl(attrOf(child, 'href'), child.base);
      if (href) return href;
    }
  }
  for (const child of childElements(el)) {
    if (child.local === 'link' && child.px === 'atom' && (attrOf(child, 'rel') ?? 'alternate') === 'alternate') {
      const href = resolveUrl(attrOf(child, 'href'), child.base);
      if (href) return href;
    }
  }
  return resolveUrl(attrOf(el, 'href'), el.base);
}

const DATE_ELEMENTS: ReadonlyArray<[string, readonly string[]]> = [
  ['pubdate', RSS], ['date', ['dc']], ['issued', ['dcterms']], ['created', ['dcterms']], ['published', ATOM], ['modified', ['dcterms']], ['updated', ATOM],
];

function readDate(item: XmlElement): string | null {
  for (const [local, prefixes] of DATE_ELEMENTS) {
    const el = findChild(item, local, prefixes);
    const date = el ? parseDate(textOf(el)) : null;
    if (date) return date;
  }
  return parseDate(attrOf(item, 'lastmod'));
}

function readAuthor(el: XmlElement): string | null {
  const atomAuthor = findChild(el, 'author', ATOM);
  const raw =
    textOfChild(el, 'author', RSS) ||
    textOfChild(el, 'creator', ['dc']) ||
    textOfChild(el, 'author', ['itunes']) ||
    (atomAuthor ? textOfChild(atomAuthor, 'name', ATOM) || textOfChild(atomAuthor, 'email', ATOM) : '') ||
    textOfChild(el, 'managingeditor', RSS);
  if (!raw) return null;
  // "jo@example.com (Jo Bloggs)" → "Jo Bloggs"
  const named = /^\S+@\S+\s*\((.+)\)$/.exec(raw);
  return collapseWhitespace(named?.[1] ?? raw);
}

function readCategories(item: XmlElement): string[] {
  const out: string[] = [];
  for (const child of childElements(item)) {
    if ((child.local === 'category' && child.px === '') || (child.local === 'subject' && child.px === 'dc')) {
      const text = collapseWhitespace(textOf(child));
      if (text) out.push(text);
    } else if (child.local === 'category' && child.px === 'atom') {
      const term = attrOf(child, 'term')?.trim();
      if (term) out.push(term);
    }
  }
  return out;
}

function textOfChild(el: XmlElement, local: string, prefixes: readonly string[]): string {
  const child = findChild(el, local, prefixes);
  return child ? textOf(child).trim() : '';
}

/** True when the element holds any non-whitespace text or any element. */
function hasText(el: XmlElement): boolean {
  return el.children.some((node) => typeof node !== 'string' || /\S/.test(node));
}

/** The first of these children that has any content. */
function firstOf(el: XmlElement, choices: ReadonlyArray<[string, readonly string[]]>): XmlElement | undefined {
  for (const [local, prefixes] of choices) {
    const child = findChild(el, local, prefixes);
    if (child && hasText(child)) return child;
  }
  return undefined;
}
