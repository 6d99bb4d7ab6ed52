/** The light element tree the lenient XML reader builds, and the few ways the format readers walk it. */

export interface XmlElement {
  /** Qualified name as written (`dc:date`, `Title`). */
  name: string;
  /** Local name, lower-cased, for matching (`date`, `title`). */
  local: string;
  /**
   * Canonical prefix of the element's namespace: '' for none and the RSS namespaces, 'atom', 'dc',
   * 'dcterms', 'content', 'rdf', 'xhtml', 'itunes', 'media', 'sy', ...; '?' + URI for unknown ones.
   */
  px: string;
  /** Attributes by qualified name as written; values decoded. */
  attrs: Record<string, string>;
  children: XmlNode[];
  /** Effective absolute xml:base (inherited, resolved against the document URL), or null. */
  base: string | null;
}

export type XmlNode = XmlElement | string;

/** Child elements, in document order. */
export function listChildElements(el: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  for (const node of el.children) if (typeof node !== 'string') out.push(node);
  return out;
}

/** First child element with this local name and one of these prefixes. */
export function findChild(el: XmlElement, local: string, prefixes: readonly string[] = ['']): XmlElement | undefined {
  for (const node of el.children) {
    if (typeof node !== 'string' && node.local === local && prefixes.includes(node.px)) return node;
  }
  return undefined;
}

/** Trimmed text of the first such child, or '' when there is none. */
export function readChildText(el: XmlElement, local: string, prefixes: readonly string[] = ['']): string {
  const child = findChild(el, local, prefixes);
  return child ? getText(child).trim() : '';
}

/** All text inside an element (descendants included), undecorated. */
export function getText(el: XmlElement): string {
  if (el.children.length === 1 && typeof el.children[0] === 'string') return el.children[0];
  let out = '';
  for (const node of el.children) out += typeof node === 'string' ? node : getText(node);
  return out;
}

/** An attribute by qualified name, else by local name (any prefix, any case). */
export function getAttr(el: XmlElement, name: string): string | undefined {
  const exact = el.attrs[name];
  if (exact !== undefined) return exact;
  const wanted = name.toLowerCase();
  for (const key in el.attrs) {
    const colon = key.indexOf(':');
    const local = (colon === -1 ? key : key.slice(colon + 1)).toLowerCase();
    if (local === wanted && !key.startsWith('xmlns')) return el.attrs[key];
  }
  return undefined;
}

/** True when any child is an element (mixed or inline markup rather than escaped text). */
export function hasChildElements(el: XmlElement): boolean {
  for (const node of el.children) if (typeof node !== 'string') return true;
  return false;
}

const VOID_ELEMENTS: ReadonlySet<string> = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

/** Markup of an element's children as HTML: local names, text escaped; the sanitiser cleans it after. */
export function serializeChildren(el: XmlElement): string {
  let out = '';
  for (const node of el.children) out += typeof node === 'string' ? escapeHtmlText(node) : serializeElement(node);
  return out;
}

function serializeElement(el: XmlElement): string {
  const colon = el.name.indexOf(':');
  const tag = (colon === -1 ? el.name : el.name.slice(colon + 1)).toLowerCase();
  let out = `<${tag}`;
  for (const key in el.attrs) {
    if (key === 'xmlns' || key.startsWith('xmlns:')) continue;
    out += ` ${key}="${escapeHtmlAttr(el.attrs[key]!)}"`;
  }
  out += '>';
  // A void element has no content: whatever a lenient read put inside (`a<br>b`) follows it.
  if (VOID_ELEMENTS.has(tag)) return out + serializeChildren(el);
  return `${out}${serializeChildren(el)}</${tag}>`;
}

/**
 * Control characters (but tab, line feed, carriage return and form feed), the C1 controls and the
 * noncharacters U+FFFE, U+FFFF: never text a reader should get.
 */
const CONTROLS = /[\u0000-\u0008\u000B\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]/g;

/** The text without control characters (see CONTROLS). */
export function stripControls(text: string): string {
  return text.replace(CONTROLS, '');
}

/** Text as HTML text: `&`, `<`, `>` escaped, control characters dropped. */
export function escapeHtmlText(text: string): string {
  const clean = stripControls(text);
  if (!/[&<>]/.test(clean)) return clean;
  return clean.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeHtmlAttr(value: string): string {
  if (!/[&<>"]/.test(value)) return value;
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
