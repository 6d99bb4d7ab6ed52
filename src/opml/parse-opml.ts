import { OpmlError } from './errors.js';
import { parseSelector } from '../fulltext/css-selector.js';
import { compileFeedRule } from '../pipeline/feed-rules.js';
import { scanXmlTags } from './scan-xml-tags.js';

/** One feed subscription of an OPML file. */
export interface OpmlFeed {
  /** The feed URL (`xmlUrl`), as written (a `feed:` pseudo-scheme is turned into http/https). */
  url: string;
  /** `title`, else `text`; null when absent or equal to the URL. */
  title: string | null;
  /** `htmlUrl`, or null. */
  siteUrl: string | null;
  /** Folder path (enclosing outlines joined with '/'), then the OPML 2.0 `category` attribute entries. */
  categories: string[];
  /**
   * Article pages fetched for summary-only items: `newsfeed:fullText="true"` (this project's
   * export), or a FreshRSS full-content selector (`frss:cssFullContent`). Absent: false.
   */
  fullText?: boolean;
  /** The CSS selector of its article bodies: `newsfeed:fullTextSelector`, or FreshRSS's `frss:cssFullContent` when this project reads it (parseSelector). */
  fullTextSelector?: string;
  /** `newsfeed:blockRule`, `newsfeed:keepRule`: the feed's item rules (regular expressions). */
  blockRule?: string;
  keepRule?: string;
}

interface Frame {
  folder: string | null;
}

const FEED_TYPES = new Set(['rss', 'atom', 'feed', 'rdf', 'json', 'jsonfeed']);

/**
 * Reads the feeds of an OPML document (1.0/2.0 and the variants exporters produce): outlines with
 * `xmlUrl` (any case; `url` when type is rss/atom) are feeds; other outlines are folders whose
 * names become a category path. Duplicate URLs are collapsed (first title wins, categories merge).
 * Throws OpmlError OPML_INVALID when the root element is not <opml>.
 */
export function parseOpml(text: string): OpmlFeed[] {
  const tags = scanXmlTags(text.replace(/^\uFEFF/, ''));
  const root = tags.next();
  if (root.done || root.value.kind === 'close' || root.value.name.replace(/^.*:/, '') !== 'opml') {
    const what = root.done ? 'no element' : `<${root.value.name}>`;
    throw new OpmlError('OPML_INVALID', `not an OPML document: root is ${what}, expected <opml>`, { details: { root: root.done ? null : root.value.name } });
  }
  const feeds = new Map<string, OpmlFeed>();
  const stack: Frame[] = [];
  for (const tag of tags) {
    if (tag.name !== 'outline') continue;
    if (tag.kind === 'close') {
      stack.pop();
      continue;
    }
    const url = feedUrl(tag.attrs);
    const label = clean(tag.attrs.title) || clean(tag.attrs.text);
    if (url) {
      const folders = stack.map((f) => f.folder).filter((f): f is string => !!f);
      const categories = [folders.join('/'), ...(tag.attrs.category ?? '').split(',')].map(cleanCategory).filter((c) => c !== '');
      const freshRss = clean(tag.attrs['frss:cssfullcontent']);
      const fullText = clean(tag.attrs['newsfeed:fulltext']).toLowerCase() === 'true' || freshRss !== '';
      const fullTextSelector = readableSelector(clean(tag.attrs['newsfeed:fulltextselector']) || freshRss);
      addFeed(feeds, { url, title: label && label !== url ? label : null, siteUrl: clean(tag.attrs.htmlurl) || null, categories, ...(fullText ? { fullText } : {}), ...(fullTextSelector ? { fullTextSelector } : {}), ...readRules(tag.attrs) });
    }
    if (tag.kind === 'open') stack.push({ folder: url ? null : label });
  }
  return [...feeds.values()];
}

/** The item rules of an outline that compile (one that does not is dropped: the feed's items all pass). */
function readRules(attrs: Record<string, string>): Pick<OpmlFeed, 'blockRule' | 'keepRule'> {
  const out: Pick<OpmlFeed, 'blockRule' | 'keepRule'> = {};
  for (const [key, name] of [['blockRule', 'block'], ['keepRule', 'keep']] as const) {
    const text = (attrs[`newsfeed:${key.toLowerCase()}`] ?? '').trim();
    try {
      if (text && compileFeedRule(name, text)) out[key] = text;
    } catch {
      // left out
    }
  }
  return out;
}

/** A selector this project can apply, or undefined (one it does not take is dropped: the heuristic reads the pages). */
function readableSelector(text: string): string | undefined {
  if (!text) return undefined;
  try {
    parseSelector(text);
    return text;
  } catch {
    return undefined;
  }
}

function feedUrl(attrs: Record<string, string>): string | null {
  let url = clean(attrs.xmlurl);
  if (!url && FEED_TYPES.has((attrs.type ?? '').toLowerCase())) url = clean(attrs.url);
  if (!url) return null;
  if (/^feed:\/\//i.test(url)) return `http://${url.slice(7)}`;
  if (/^feed:https?:/i.test(url)) return url.slice(5);
  return url;
}

function clean(value: string | undefined): string {
  return (value ?? '').replace(/\s+/g, ' ').trim();
}

function cleanCategory(value: string): string {
  return value
    .split('/')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .join('/');
}

function dedupKey(url: string): string {
  try {
    return new URL(url).href;
  } catch {
    return url;
  }
}

function addFeed(feeds: Map<string, OpmlFeed>, feed: OpmlFeed): void {
  const key = dedupKey(feed.url);
  const existing = feeds.get(key);
  if (!existing) {
    feeds.set(key, { ...feed, categories: [...new Set(feed.categories)] });
    return;
  }
  existing.title ??= feed.title;
  existing.siteUrl ??= feed.siteUrl;
  if (feed.fullText) existing.fullText = true;
  existing.fullTextSelector ??= feed.fullTextSelector;
  for (const c of feed.categories) if (!existing.categories.includes(c)) existing.categories.push(c);
}
