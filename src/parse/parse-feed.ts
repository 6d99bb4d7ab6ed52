import type { ParsedFeed } from '../model.js';
import { decodeBody } from './decode-body.js';
import { ParseError, PARSE_ERROR_CODES } from './errors.js';
import { findFeedLinks } from './find-feed-links.js';
import { finishFeed, type FeedDraft } from './finish-feed.js';
import { readAtom } from './read-atom.js';
import { readJsonFeed } from './read-json-feed.js';
import { readRss, type RssKind } from './read-rss.js';
import { readXml } from './read-xml.js';
import { applyDocumentBase, resolveUrl } from './resolve-url.js';
import type { XmlElement } from './xml-tree.js';

export interface ParseLimits {
  /** Bodies larger than this many bytes are refused (PARSE_TOO_LARGE). */
  maxBytes: number;
  /** Items kept per feed; the rest of a longer feed is ignored (first in document order are kept). */
  maxItems: number;
  /** References to internal DTD entities expanded per document (PARSE_ENTITY_LIMIT past it). */
  maxEntityExpansions: number;
  /** Characters produced by entity expansion per document (PARSE_ENTITY_LIMIT past it). */
  maxEntityChars: number;
  /** Element nesting depth (PARSE_TOO_DEEP past it). */
  maxDepth: number;
  /**
   * Characters of one field's raw HTML or text (a title, summary or content) read: a longer one is
   * cut (at a tag boundary) before it is sanitised, so one huge description cannot hold the event
   * loop for seconds. What is kept is cut again to `parse.maxItemChars` after.
   */
  maxFieldChars: number;
}

export const DEFAULT_PARSE_LIMITS: Readonly<ParseLimits> = Object.freeze({
  maxBytes: 16 * 1024 * 1024,
  maxItems: 5000,
  maxEntityExpansions: 10_000,
  maxEntityChars: 1_000_000,
  maxDepth: 256,
  maxFieldChars: 1_000_000,
});

export interface ParseOptions {
  /** The HTTP Content-Type header, for its charset. */
  contentType?: string | null;
  /**
   * The feed's URL (or Content-Location): the base of relative links, after any xml:base. Without
   * one (offline parsing), the feed's own absolute link stands in for it: the channel `<link>`, the
   * Atom alternate link (each after xml:base), the JSON Feed `feed_url` or `home_page_url`.
   */
  url?: string | null;
  limits?: Partial<ParseLimits>;
}

/**
 * Parses the raw bytes of an RSS 0.9x/2.0, RDF/RSS 1.0, Atom 0.3/1.0 or JSON Feed document into the
 * model of src/model.ts: decoded (see decodeBody), recovered where a lenient reader can (`recovered`
 * and `recoveryNotes` say so), titles as plain text, summaries and content sanitised, links absolute,
 * dates ISO-8601 UTC. Synchronous and linear in the input. Throws only ParseError.
 */
export function parseFeed(body: Uint8Array, opts: ParseOptions = {}): ParsedFeed {
  try {
    return parseOrThrow(body, opts);
  } catch (err) {
    if (err instanceof ParseError) throw err;
    throw new ParseError(PARSE_ERROR_CODES.INTERNAL, `parser failure: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

function parseOrThrow(body: Uint8Array, opts: ParseOptions): ParsedFeed {
  const limits: ParseLimits = { ...DEFAULT_PARSE_LIMITS, ...pickValidLimits(opts.limits) };
  if (body.length > limits.maxBytes) {
    throw new ParseError(PARSE_ERROR_CODES.TOO_LARGE, `body of ${body.length} bytes exceeds maxBytes (${limits.maxBytes})`, { details: { bytes: body.length } });
  }
  const decoded = decodeBody(body, opts.contentType);
  const start = decoded.text.search(/[^\s\ufeff]/);
  if (start === -1) throw new ParseError(PARSE_ERROR_CODES.EMPTY, 'body is empty');
  const notes = new Set(decoded.notes);
  const baseUrl = resolveUrl(opts.url, null);

  let draft: FeedDraft;
  const first = decoded.text[start];
  if (first === '{' || first === '[') {
    draft = readJsonFeed(decoded.text, baseUrl, limits);
  } else {
    if (decoded.text.indexOf('<', start) === -1) throw new ParseError(PARSE_ERROR_CODES.NOT_A_FEED, 'body is neither XML nor JSON');
    const doc = readXml(decoded.text, baseUrl, limits, notes);
    const root = findFeedRootOrLinks(doc, notes, decoded.text, baseUrl);
    const read = () => (root.kind === 'atom' ? readAtom(root.el, limits) : readRss(root.el, root.kind, limits));
    draft = read();
    if (baseUrl === null && draft.link !== null) {
      // No document URL: the feed's own link is the base of what is still relative.
      applyDocumentBase(doc, draft.link);
      draft = read();
    }
  }
  return finishFeed(draft, decoded.encoding, notes);
}

type RootKind = RssKind | 'atom';

const ROOTS: Readonly<Record<string, RootKind>> = { rss: 'rss', rdf: 'rdf', feed: 'atom', channel: 'channel' };

/**
 * The feed element: the document root when it is `rss`, `rdf:RDF`, `feed` or `channel`; otherwise the
 * first such element nested (within a few levels) inside junk wrapping. An HTML page or any other
 * root is PARSE_NOT_A_FEED.
 */
function findFeedRoot(doc: XmlElement, notes: Set<string>): { el: XmlElement; kind: RootKind } {
  const tops = doc.children.filter((n): n is XmlElement => typeof n !== 'string');
  if (tops.length === 0) throw new ParseError(PARSE_ERROR_CODES.NOT_A_FEED, 'document has no element');
  for (const el of tops) {
    const kind = classifyRoot(el);
    if (kind) return { el, kind };
  }
  if (tops[0]!.local === 'html') throw new ParseError(PARSE_ERROR_CODES.NOT_A_FEED, 'document is an HTML page', { details: { root: 'html' } });
  const nested = findNested(tops, 3);
  if (nested) {
    notes.add('feed element nested inside another element');
    return nested;
  }
  // A binary body makes a "name" of any bytes: shown printable and short, in status and logs.
  const root = printableName(tops[0]!.name);
  throw new ParseError(PARSE_ERROR_CODES.NOT_A_FEED, `root element <${root}> is not a feed`, { details: { root } });
}

/** findFeedRoot, and for an HTML page the feeds it links to in the error (message and `details.feedLinks`). */
function findFeedRootOrLinks(doc: XmlElement, notes: Set<string>, text: string, baseUrl: string | null): { el: XmlElement; kind: RootKind } {
  try {
    return findFeedRoot(doc, notes);
  } catch (err) {
    if (!(err instanceof ParseError) || err.details.root !== 'html') throw err;
    // Only the feeds the page announces (autodiscovery links): an anchor's address is only a guess.
    const links = findFeedLinks(text, baseUrl)
      .filter((l) => l.via === 'link')
      .map((l) => l.url);
    if (links.length === 0) throw err;
    const shown = links.slice(0, 3).join(', ');
    throw new ParseError(PARSE_ERROR_CODES.NOT_A_FEED, `document is an HTML page; it announces ${links.length === 1 ? 'the feed' : 'the feeds'} ${shown}${links.length > 3 ? ', …' : ''}`, {
      details: { root: 'html', feedLinks: links },
    });
  }
}

function classifyRoot(el: XmlElement): RootKind | undefined {
  if (!Object.hasOwn(ROOTS, el.local)) return undefined;
  const kind = ROOTS[el.local]!;
  // rdf:RDF is the RDF root; a bare `feed` or `rss` must not be some other vocabulary's element.
  if (kind === 'rdf' && el.px !== 'rdf' && el.px !== '') return undefined;
  if (kind === 'atom' && el.px !== 'atom' && el.px !== '') return undefined;
  return kind;
}

function findNested(els: XmlElement[], depth: number): { el: XmlElement; kind: RootKind } | null {
  if (depth === 0) return null;
  for (const el of els) {
    for (const child of el.children) {
      if (typeof child === 'string') continue;
      const kind = classifyRoot(child);
      if (kind && kind !== 'channel') return { el: child, kind };
    }
    const found = findNested(el.children.filter((n): n is XmlElement => typeof n !== 'string'), depth - 1);
    if (found) return found;
  }
  return null;
}

function pickValidLimits(limits: Partial<ParseLimits> | undefined): Partial<ParseLimits> {
  const out: Partial<ParseLimits> = {};
  for (const [key, value] of Object.entries(limits ?? {})) {
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) out[key as keyof ParseLimits] = value;
  }
  return out;
}

/** An element name as shown in an error: control and unassigned characters as `?`, at most 60 characters. */
function printableName(name: string): string {
  const shown = name.replace(/[^\p{L}\p{N}\p{P}\p{S}]/gu, '?');
  return shown.length > 60 ? `${shown.slice(0, 60)}…` : shown;
}
