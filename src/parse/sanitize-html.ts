import { resolveUrl } from './resolve-url.js';
import {
  ALLOWED_ELEMENTS,
  DROPPED_WITH_CONTENT,
  GLOBAL_ATTRIBUTES,
  IFRAME_HOSTS,
  IFRAME_SANDBOX,
  LINK_SCHEMES,
  RESOURCE_SCHEMES,
  URL_ATTRIBUTES,
  VOID_ELEMENTS,
} from './sanitize-policy.js';
import { tokenizeHtml } from './tokenize-html.js';
import { escapeHtmlAttr, escapeHtmlText } from './xml-tree.js';

const ALLOWED: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  Object.entries(ALLOWED_ELEMENTS).map(([name, attrs]) => [name, new Set<string>([...GLOBAL_ATTRIBUTES, ...attrs])]),
);
const DROPPED: ReadonlySet<string> = new Set(DROPPED_WITH_CONTENT);
const VOID: ReadonlySet<string> = new Set(VOID_ELEMENTS);
const URL_ATTRS: ReadonlySet<string> = new Set(URL_ATTRIBUTES);
const LINK_SCHEME_SET: ReadonlySet<string> = new Set(LINK_SCHEMES);
const RESOURCE_SCHEME_SET: ReadonlySet<string> = new Set(RESOURCE_SCHEMES);
const IFRAME_HOST_SET: ReadonlySet<string> = new Set(IFRAME_HOSTS);

/**
 * Cleans feed HTML to the allow-list of sanitize-policy.ts: no script, style, event handler, form,
 * object or foreign iframe; links limited to http(s)/mailto/ftp/tel and embedded resources to http(s)
 * (no javascript:, vbscript: or data: URLs); relative href/src/cite/poster/srcset made absolute against
 * `baseUrl` when it is given. Output is balanced HTML; text is re-escaped, control characters dropped. Never throws.
 */
export function sanitizeHtml(html: string, baseUrl?: string | null): string {
  if (html === '') return '';
  const base = baseUrl ?? null;
  let out = '';
  const open: string[] = [];
  let skipping: string | null = null;
  let skipDepth = 0;

  const startSkipping = (name: string, selfClosing: boolean): void => {
    if (selfClosing || VOID.has(name)) return;
    skipping = name;
    skipDepth = 1;
  };

  tokenizeHtml(html, {
    text(text) {
      if (skipping === null) out += escapeHtmlText(text);
    },
    open(name, attrs, selfClosing) {
      if (skipping !== null) {
        if (name === skipping && !selfClosing) skipDepth++;
        return;
      }
      const allowedAttrs = ALLOWED.get(name);
      if (name === 'iframe' ? !isAllowedIframe(attrs, base) : DROPPED.has(name)) {
        startSkipping(name, selfClosing);
        return;
      }
      if (!allowedAttrs) return;
      let tag = `<${name}`;
      for (const [key, value] of attrs) {
        if (!allowedAttrs.has(key)) continue;
        const clean = cleanAttribute(key, value, base);
        if (clean === null) {
          if (name === 'img' && key === 'src') return; // an image without a safe source is no image
          continue;
        }
        tag += ` ${key}="${escapeHtmlAttr(clean)}"`;
      }
      if (name === 'iframe') tag += ` sandbox="${IFRAME_SANDBOX}"`;
      out += `${tag}>`;
      if (VOID.has(name)) return;
      if (selfClosing) out += `</${name}>`;
      else open.push(name);
    },
    close(name) {
      if (skipping !== null) {
        if (name === skipping && --skipDepth === 0) skipping = null;
        return;
      }
      const at = open.lastIndexOf(name);
      if (at === -1) return;
      while (open.length > at) out += `</${open.pop()!}>`;
    },
  });
  while (open.length > 0) out += `</${open.pop()!}>`;
  return out;
}

function cleanAttribute(key: string, value: string, base: string | null): string | null {
  if (key === 'srcset') return cleanSrcset(value, base);
  if (URL_ATTRS.has(key)) return cleanUrl(value, base, key === 'href' || key === 'cite' ? LINK_SCHEME_SET : RESOURCE_SCHEME_SET);
  return value;
}

/**
 * An absolute URL with an allowed scheme, a relative one kept as is when there is no base to resolve it
 * against, or null. The WHATWG parser strips the tabs, newlines and controls that hide `javascript:`.
 */
function cleanUrl(value: string, base: string | null, schemes: ReadonlySet<string>): string | null {
  const resolved = resolveUrl(value, base, schemes);
  if (resolved !== null || base !== null) return resolved;
  const compact = value.replace(/[\u0000-\u0020\u007f-\u009f]+/g, '');
  if (compact === '' || /^[a-z][a-z0-9+.-]*:/i.test(compact)) return null;
  return value.trim();
}

/**
 * `srcset` candidates as the HTML spec splits them (a URL is a run of non-space characters and may hold
 * commas; a comma ends it only at its end; descriptors run to the next comma), each URL cleaned.
 */
function cleanSrcset(value: string, base: string | null): string | null {
  const candidates: string[] = [];
  let p = 0;
  while (p < value.length) {
    while (p < value.length && /[\s,]/.test(value[p]!)) p++;
    const start = p;
    while (p < value.length && !/\s/.test(value[p]!)) p++;
    let url = value.slice(start, p);
    let descriptor = '';
    if (url.endsWith(',')) url = url.replace(/,+$/, '');
    else {
      const comma = value.indexOf(',', p);
      descriptor = value.slice(p, comma === -1 ? value.length : comma).trim();
      p = comma === -1 ? value.length : comma + 1;
    }
    const clean = url ? cleanUrl(url, base, RESOURCE_SCHEME_SET) : null;
    if (clean !== null) candidates.push(descriptor ? `${clean} ${descriptor}` : clean);
  }
  return candidates.length > 0 ? candidates.join(', ') : null;
}

function isAllowedIframe(attrs: ReadonlyArray<[string, string]>, base: string | null): boolean {
  const src = attrs.find(([key]) => key === 'src')?.[1];
  const url = src === undefined ? null : resolveUrl(src.startsWith('//') ? `https:${src}` : src, base);
  return url !== null && IFRAME_HOST_SET.has(new URL(url).hostname);
}
