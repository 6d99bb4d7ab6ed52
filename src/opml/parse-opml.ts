import { OpmlError } from './errors.js';
import { parseSelector } from '../fulltext/css-selector.js';
import { compileFeedRule } from '../pipeline/feed-rules.js';
import { parseFixedInterval } from '../pipeline/feed-state.js';
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
  /** `newsfeed:fixedIntervalSec`: the feed's fixed poll interval in seconds. */
  fixedIntervalSec?: number;
  /** Settings of the outline this project could not take, said in words (import reports them; never written). */
  warnings?: string[];
  /** Why this outline is no feed this project can poll (a FreshRSS HTML+XPath scraper…); import skips it. */
  unsupported?: string;
}

/** The namespaces of outline settings: this project's own, and FreshRSS's. */
export const NEWSFEED_OPML_NS = 'https://github.com/newsfeed/newsfeed/opml';
const FRESHRSS_NS = 'https://freshrss.org/opml';

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
  // Attribute prefixes as the document binds them (`xmlns:nf="…newsfeed…/opml"`), and the usual ones.
  // The usual prefix counts too when the document leaves it unbound, not when it binds it to another namespace.
  const bound = (prefix: string) => root.value.attrs[`xmlns:${prefix}`]?.trim();
  const prefixes = (uri: string, usual: string) => [
    ...(bound(usual) === undefined || bound(usual) === uri ? [usual] : []),
    ...Object.entries(root.value.attrs).filter(([k, v]) => k.startsWith('xmlns:') && v.trim() === uri).map(([k]) => k.slice(6)),
  ];
  const ns = { newsfeed: [...new Set(prefixes(NEWSFEED_OPML_NS, 'newsfeed'))], freshRss: [...new Set(prefixes(FRESHRSS_NS, 'frss'))] };
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
      addFeed(feeds, { url, title: label && label !== url ? label : null, siteUrl: clean(tag.attrs.htmlurl) || null, categories, ...readSettings(tag.attrs, ns) });
    }
    if (tag.kind === 'open') stack.push({ folder: url ? null : label });
  }
  return [...feeds.values()];
}

type OutlineSettings = Pick<OpmlFeed, 'fullText' | 'fullTextSelector' | 'blockRule' | 'keepRule' | 'fixedIntervalSec' | 'warnings' | 'unsupported'>;

/**
 * The settings of a feed outline: this project's (`newsfeed:fullText`, `fullTextSelector`,
 * `blockRule`, `keepRule`, `fixedIntervalSec`) and FreshRSS's (`frss:cssFullContent`: full text with that selector),
 * under whatever prefix the document binds to their namespace. What cannot be taken is said in
 * `warnings` (a selector or rule that does not compile: the feed comes without it); a FreshRSS
 * scraper outline (`type="HTML+XPath"`…) is `unsupported`.
 */
function readSettings(attrs: Record<string, string>, ns: { newsfeed: string[]; freshRss: string[] }): OutlineSettings {
  const read = (prefixes: string[], name: string) => prefixes.map((p) => clean(attrs[`${p}:${name}`])).find((v) => v !== '') ?? '';
  const out: OutlineSettings = {};
  const warnings: string[] = [];
  const type = clean(attrs.type);
  if (type.includes('+')) out.unsupported = `a FreshRSS ${type} scraper outline, not a feed`;
  const freshRss = read(ns.freshRss, 'cssfullcontent');
  if (read(ns.newsfeed, 'fulltext').toLowerCase() === 'true' || freshRss !== '') out.fullText = true;
  const selector = read(ns.newsfeed, 'fulltextselector') || freshRss;
  if (selector) {
    try {
      parseSelector(selector);
      out.fullTextSelector = selector;
      // A selector asks for full text, as `feeds add --selector` and PATCH read it.
      out.fullText = true;
    } catch (err) {
      warnings.push(`full-text selector left out (${(err as Error).message}); the reader heuristic finds the article`);
    }
  }
  if (read(ns.freshRss, 'cssfullcontentfilter')) warnings.push('FreshRSS cssFullContentFilter is not supported: left out');
  for (const [key, name] of [['blockRule', 'block'], ['keepRule', 'keep']] as const) {
    const text = read(ns.newsfeed, key.toLowerCase());
    if (!text) continue;
    try {
      if (compileFeedRule(name, text)) out[key] = text;
    } catch (err) {
      warnings.push(`${(err as Error).message}: left out`);
    }
  }
  const interval = read(ns.newsfeed, 'fixedintervalsec');
  if (interval) {
    try {
      out.fixedIntervalSec = parseFixedInterval(interval) ?? undefined;
    } catch (err) {
      warnings.push(`${(err as Error).message}: left out, the interval is adaptive`);
    }
  }
  if (warnings.length) out.warnings = warnings;
  return out;
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
  existing.fixedIntervalSec ??= feed.fixedIntervalSec;
  for (const c of feed.categories) if (!existing.categories.includes(c)) existing.categories.push(c);
}
