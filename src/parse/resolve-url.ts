import { findChild, getText, type XmlElement } from './xml-tree.js';

/** URL resolution for links, ids, xml:base and the sanitiser's href/src. */

const WEB_SCHEMES: ReadonlySet<string> = new Set(['http:', 'https:']);

/**
 * Resolves `ref` against `base` (both may be null) and returns the absolute URL, or null when the
 * result is not absolute or its scheme is not one of `schemes` (http and https by default).
 * Whitespace around the reference is ignored, as browsers do.
 */
export function resolveUrl(ref: string | null | undefined, base: string | null, schemes: ReadonlySet<string> = WEB_SCHEMES): string | null {
  if (ref == null) return null;
  const trimmed = ref.trim();
  if (trimmed === '') return null;
  let url: URL;
  try {
    url = base === null ? new URL(trimmed) : new URL(trimmed, base);
  } catch {
    return null;
  }
  return schemes.has(url.protocol) ? url.href : null;
}

/** An id written as an absolute path (`/2024/01/post`) is resolved against the base, like a link. */
export function resolveIdPath(id: string, base: string | null): string {
  if (base === null || !id.startsWith('/') || id.startsWith('//')) return id;
  return resolveUrl(id, base) ?? id;
}

/** `feedburner:origLink`: the publisher's own URL behind FeedBurner's tracking redirect, or null. */
export function readOriginalLink(item: XmlElement): string | null {
  const el = findChild(item, 'origlink', ['feedburner']);
  return el ? resolveUrl(getText(el), el.base) : null;
}

/**
 * Gives every element of a tree read without a document URL the base it would have had with
 * `base` as the document URL: elements that inherited no absolute xml:base get `base`, or their
 * own relative xml:base resolved against it. Elements under an absolute xml:base keep theirs.
 */
export function applyDocumentBase(el: XmlElement, base: string): void {
  for (const child of el.children) {
    if (typeof child === 'string' || child.base !== null) continue;
    child.base = resolveUrl(child.attrs['xml:base'], base) ?? base;
    applyDocumentBase(child, child.base);
  }
}
