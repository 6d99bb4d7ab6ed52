import { NEWSFEED_OPML_NS, type OpmlFeed } from './parse-opml.js';

/** A folder of the written tree: entries in first-appearance order. */
interface FolderNode {
  name: string;
  entries: ({ kind: 'feed'; feed: OpmlFeed } | { kind: 'folder'; node: FolderNode })[];
  folders: Map<string, FolderNode>;
}

export interface WriteOpmlOptions {
  /** <head><title>; default 'newsfeed subscriptions'. */
  title?: string;
  /** <head><dateCreated> (RFC 822); omitted by default so output is deterministic. */
  dateCreated?: Date;
}

/**
 * Writes an OPML 2.0 document that parseOpml reads back to the same feeds: the first category is
 * the folder path ('a/b' → folder a, subfolder b), further categories go in the `category`
 * attribute (comma-separated, so a comma inside those is lost); a feed with full text on carries
 * `newsfeed:fullText="true"`, and its other settings as `newsfeed:` attributes too. Feeds are grouped by folder.
 */
export function writeOpml(feeds: readonly OpmlFeed[], opts: WriteOpmlOptions = {}): string {
  const root: FolderNode = { name: '', entries: [], folders: new Map() };
  for (const feed of feeds) {
    let node = root;
    for (const segment of (feed.categories[0] ?? '').split('/').map((s) => s.trim()).filter((s) => s !== '')) {
      let child = node.folders.get(segment);
      if (!child) {
        child = { name: segment, entries: [], folders: new Map() };
        node.folders.set(segment, child);
        node.entries.push({ kind: 'folder', node: child });
      }
      node = child;
    }
    node.entries.push({ kind: 'feed', feed });
  }
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<opml version="2.0"${feeds.some((f) => f.fullText || f.fullTextSelector || f.blockRule || f.keepRule || f.fixedIntervalSec) ? ` xmlns:newsfeed="${NEWSFEED_OPML_NS}"` : ''}>`,
    '  <head>',
    `    <title>${escapeXml(opts.title ?? 'newsfeed subscriptions')}</title>`,
    ...(opts.dateCreated ? [`    <dateCreated>${opts.dateCreated.toUTCString()}</dateCreated>`] : []),
    '  </head>',
    '  <body>',
    ...writeEntries(root, 2),
    '  </body>',
    '</opml>',
    '',
  ];
  return lines.join('\n');
}

function writeEntries(node: FolderNode, depth: number): string[] {
  const pad = '  '.repeat(depth);
  return node.entries.flatMap((entry) => {
    if (entry.kind === 'folder') {
      const name = escapeXml(entry.node.name);
      return [`${pad}<outline text="${name}" title="${name}">`, ...writeEntries(entry.node, depth + 1), `${pad}</outline>`];
    }
    const { url, title, siteUrl, categories } = entry.feed;
    const attrs = [`type="rss"`, `text="${escapeXml(title ?? url)}"`];
    if (title !== null) attrs.push(`title="${escapeXml(title)}"`);
    attrs.push(`xmlUrl="${escapeXml(url)}"`);
    if (siteUrl) attrs.push(`htmlUrl="${escapeXml(siteUrl)}"`);
    if (categories.length > 1) attrs.push(`category="${escapeXml(categories.slice(1).join(','))}"`);
    if (entry.feed.fullText) attrs.push('newsfeed:fullText="true"');
    if (entry.feed.fullTextSelector) attrs.push(`newsfeed:fullTextSelector="${escapeXml(entry.feed.fullTextSelector)}"`);
    if (entry.feed.blockRule) attrs.push(`newsfeed:blockRule="${escapeXml(entry.feed.blockRule)}"`);
    if (entry.feed.keepRule) attrs.push(`newsfeed:keepRule="${escapeXml(entry.feed.keepRule)}"`);
    if (entry.feed.fixedIntervalSec) attrs.push(`newsfeed:fixedIntervalSec="${entry.feed.fixedIntervalSec}"`);
    return [`${pad}<outline ${attrs.join(' ')}/>`];
  });
}

const XML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

/** Escapes text for an attribute or element; drops characters XML 1.0 cannot carry; keeps whitespace in attributes as references. */
export function escapeXml(value: string): string {
  return value.replace(/[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '').replace(/[&<>"'\t\n\r]/g, (c) => XML_ESCAPES[c] ?? c);
}
