/** Namespace URI → canonical prefix the format readers match on (see XmlElement.px). */
const KNOWN_NAMESPACES: ReadonlyMap<string, string> = new Map(
  Object.entries({
    'http://www.w3.org/2005/Atom': 'atom',
    'http://purl.org/atom/ns#': 'atom',
    'http://purl.org/rss/1.0/': '',
    'http://my.netscape.com/rdf/simple/0.9/': '',
    'http://backend.userland.com/rss2': '',
    'http://backend.userland.com/rss': '',
    'http://blogs.law.harvard.edu/tech/rss': '',
    'http://www.w3.org/1999/02/22-rdf-syntax-ns#': 'rdf',
    'http://purl.org/dc/elements/1.1/': 'dc',
    'http://purl.org/dc/terms/': 'dcterms',
    'http://purl.org/rss/1.0/modules/content/': 'content',
    'http://purl.org/rss/1.0/modules/syndication/': 'sy',
    'http://www.w3.org/1999/xhtml': 'xhtml',
    'http://www.itunes.com/dtds/podcast-1.0.dtd': 'itunes',
    'http://search.yahoo.com/mrss/': 'media',
    'http://search.yahoo.com/mrss': 'media',
    'http://rssnamespace.org/feedburner/ext/1.0': 'feedburner',
    'http://www.w3.org/XML/1998/namespace': 'xml',
  }),
);

/** Prefixes feeds commonly use without declaring them; read as their usual namespace. */
const CONVENTIONAL_PREFIXES: ReadonlySet<string> = new Set(['atom', 'dc', 'dcterms', 'content', 'sy', 'rdf', 'xhtml', 'itunes', 'media', 'feedburner']);

/**
 * The canonical prefix of an element written with `prefix`, bound to `uri` in scope (undefined when
 * undeclared): known namespaces by their usual prefix, the RSS ones and any unknown default namespace
 * as '', unknown prefixed ones as '?' + URI. An undeclared conventional prefix (`dc:` without xmlns)
 * is read as its usual namespace, with a note.
 */
export function resolveCanonicalPrefix(prefix: string, uri: string | undefined, notes: Set<string>): string {
  if (uri !== undefined) return KNOWN_NAMESPACES.get(uri) ?? (prefix === '' ? '' : `?${uri}`);
  if (prefix === '' || prefix === 'xml') return prefix;
  notes.add('undeclared namespace prefix');
  const lower = prefix.toLowerCase();
  return CONVENTIONAL_PREFIXES.has(lower) ? lower : `?${prefix}`;
}
