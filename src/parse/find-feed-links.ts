import { resolveUrl } from './resolve-url.js';
import { tokenizeHtml } from './tokenize-html.js';

/** A feed an HTML page points to. */
export interface FeedLink {
  url: string;
  /** The link's title attribute or the anchor's text; null when it has none. */
  title: string | null;
  /** `link`: announced by `<link rel="alternate" type="…feed type…">` (autodiscovery); `anchor`: an `<a>` whose address looks like a feed. */
  via: 'link' | 'anchor';
}

/** Media types of feeds in autodiscovery links. */
const FEED_TYPES: ReadonlySet<string> = new Set([
  'application/rss+xml',
  'application/atom+xml',
  'application/rdf+xml',
  'application/feed+json',
  'application/json',
  'application/xml',
  'text/xml',
  'application/x.atom+xml',
  'application/x-atom+xml',
  'application/x-rss+xml',
]);

/** The last path segment (or query) of an address that is most likely a feed: feed.xml, rss, atom.xml, index.rss, ?feed=rss2. */
const FEED_ADDRESS = /(^|[/._-])(rss2?|atom|feeds?|rdf)([/._-]|$)|\.(rss|atom|rdf)$|[?&](feed|format)=(rss2?|atom|rdf|json)\b/i;

/** Links read from one page at most (a page of thousands of anchors costs no more). */
const MAX_LINKS = 50;

/**
 * The feeds an HTML page points to, in order of trust: first the autodiscovery links of the page
 * (`<link rel="alternate">` with a feed media type, in page order, comment feeds after the
 * others), then `<a href>` links whose address looks like a feed (`/feed/`, `rss.xml`,
 * `atom.xml`, `?feed=rss2`…). Addresses are resolved against `<base href>` or `pageUrl`; only
 * http(s) addresses are kept, each once, and the page itself never. Pure and linear in the page.
 */
export function findFeedLinks(html: string, pageUrl: string | null): FeedLink[] {
  let base = pageUrl;
  const links: FeedLink[] = [];
  const anchors: FeedLink[] = [];
  let anchor: { url: string; text: string } | null = null;
  tokenizeHtml(html, {
    text(text) {
      if (anchor && anchor.text.length < 200) anchor.text += text;
    },
    open(name, attrs) {
      const attr = (key: string) => attrs.find(([k]) => k === key)?.[1] ?? null;
      if (name === 'base' && base === pageUrl) {
        base = resolveUrl(attr('href'), pageUrl) ?? base;
      } else if (name === 'link' && links.length < MAX_LINKS) {
        const rel = (attr('rel') ?? '').toLowerCase().split(/\s+/);
        const type = (attr('type') ?? '').toLowerCase().split(';')[0]!.trim();
        if (!rel.includes('alternate') || !FEED_TYPES.has(type)) return;
        const url = resolveUrl(attr('href'), base);
        // WordPress announces its REST API as application/json alternates: they are not feeds.
        if (url && !url.includes('/wp-json/')) links.push({ url, title: cleanTitle(attr('title')), via: 'link' });
      } else if (name === 'a' && anchors.length < MAX_LINKS) {
        const href = attr('href');
        const url = href && FEED_ADDRESS.test(href.replace(/[#].*$/, '').replace(/\/+$/, '')) ? resolveUrl(href, base) : null;
        anchor = url ? { url, text: '' } : null;
      }
    },
    close(name) {
      if (name !== 'a' || !anchor) return;
      anchors.push({ url: anchor.url, title: cleanTitle(anchor.text), via: 'anchor' });
      anchor = null;
    },
  });
  // Comment feeds (WordPress's "Comments Feed", a post's "… Comments Feed") come after the site's own.
  const isComments = (l: FeedLink) => /\bcomments?\b/i.test(l.title ?? '') || /\/comments\/feed\/?$/i.test(l.url);
  const ordered = [...links.filter((l) => !isComments(l)), ...links.filter(isComments), ...anchors];
  const page = pageUrl ? stripFragment(pageUrl) : null;
  const seen = new Set<string>();
  return ordered.filter((l) => {
    const key = stripFragment(l.url);
    if (key === page || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function stripFragment(url: string): string {
  const hash = url.indexOf('#');
  return hash === -1 ? url : url.slice(0, hash);
}

function cleanTitle(title: string | null): string | null {
  const t = title?.replace(/\s+/g, ' ').trim();
  return t ? t.slice(0, 200) : null;
}
