import { isTrackingParam } from './tracking-params.js';

/**
 * One spelling per article URL, so copies of a story that differ only in how they were linked
 * (tracking parameters, case of the host, default port, fragment, `index.html`, a trailing slash,
 * parameter order, `%7E` versus `~`) get the same key.
 *
 * Decisions (docs/dedup.md):
 * - only absolute `http:`/`https:` URLs are accepted; anything else gives null;
 * - the scheme is kept as given (the dedup key ignores it), `www.` is kept (it is a different host);
 * - user name and password are dropped, the default port is dropped, a trailing dot on the host too;
 * - the fragment is dropped, except a `#!` hash-bang route, which selects the document;
 * - a last path segment `index.html`/`index.htm`/`index.php`/`default.aspx`... is dropped, then a
 *   trailing slash is dropped from any path but the root (`/a/b/` and `/a/b` are one article);
 * - tracking parameters are dropped (`tracking-params.ts`), the rest sorted by name then value;
 * - percent-escapes of unreserved characters are decoded, the others upper-cased; `+` is kept.
 */
export function canonicalUrl(url: string, opts: { maxLength?: number } = {}): string | null {
  const maxLength = opts.maxLength ?? 4096;
  if (typeof url !== 'string') return null;
  const trimmed = url.trim();
  if (trimmed === '' || trimmed.length > maxLength) return null;
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  const host = parsed.hostname.replace(/\.+$/, '');
  if (host === '') return null;
  const port = parsed.port === '' ? '' : `:${parsed.port}`;
  const path = canonicalPath(parsed.pathname);
  const query = canonicalQuery(parsed.search);
  const fragment = parsed.hash.startsWith('#!') ? normalizeEscapes(parsed.hash) : '';
  return `${parsed.protocol}//${host}${port}${path}${query}${fragment}`;
}

const INDEX_PAGE = /^(?:index|default)\.(?:html?|shtml|php[3-5]?|aspx?|jsp|cfm)$/i;

function canonicalPath(pathname: string): string {
  const segments = normalizeEscapes(pathname).split('/');
  const last = segments[segments.length - 1] ?? '';
  if (INDEX_PAGE.test(last)) segments[segments.length - 1] = '';
  let path = segments.join('/');
  if (path === '') path = '/';
  while (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  return path;
}

function canonicalQuery(search: string): string {
  if (search.length <= 1) return '';
  const kept: Array<{ name: string; pair: string }> = [];
  for (const raw of search.slice(1).split('&')) {
    if (raw === '' || raw === '=') continue;
    const eq = raw.indexOf('=');
    const name = normalizeEscapes(eq < 0 ? raw : raw.slice(0, eq));
    const value = eq < 0 ? null : normalizeEscapes(raw.slice(eq + 1));
    if (name === '') continue;
    if (isTrackingParam(decodeFormComponent(name), value === null ? '' : decodeFormComponent(value))) continue;
    kept.push({ name, pair: value === null ? name : `${name}=${value}` });
  }
  if (kept.length === 0) return '';
  kept.sort((a, b) => compareCodeUnits(a.name, b.name) || compareCodeUnits(a.pair, b.pair));
  return `?${kept.map((k) => k.pair).join('&')}`;
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const UNRESERVED = /[A-Za-z0-9\-._~]/;

/** Decodes escapes of unreserved characters and upper-cases the hex digits of the others. */
function normalizeEscapes(part: string): string {
  if (!part.includes('%')) return part;
  return part.replace(/%([0-9a-fA-F]{2})/g, (_m, hex: string) => {
    const ch = String.fromCharCode(Number.parseInt(hex, 16));
    return UNRESERVED.test(ch) ? ch : `%${hex.toUpperCase()}`;
  });
}

function decodeFormComponent(part: string): string {
  try {
    return decodeURIComponent(part.replace(/\+/g, ' '));
  } catch {
    return part;
  }
}
