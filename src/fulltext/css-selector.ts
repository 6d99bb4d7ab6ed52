import { IngestError } from '../errors.js';

/**
 * The part of CSS selectors that picks an article's body out of a page, as Miniflux's scraper rules
 * and FreshRSS's full-content selectors are written: type (`article`, `*`), class (`.body`), id
 * (`#story`) and attribute selectors (`[itemprop=articleBody]`, with `=`, `~=`, `^=`, `$=`, `*=`,
 * quoted or not), joined by descendant (space) and child (`>`) combinators, in comma lists.
 * Pseudo-classes and sibling combinators are refused (FULLTEXT_SELECTOR_INVALID), so that a rule
 * never silently matches something other than what it says.
 */
export interface SelectorElement {
  /** Lower-case tag name. */
  name: string;
  /** Attributes with lower-case names. */
  attrs: ReadonlyArray<readonly [string, string]>;
}

interface AttributeTest {
  name: string;
  op: '' | '=' | '~=' | '^=' | '$=' | '*=';
  value: string;
}

interface Compound {
  tag: string | null;
  ids: string[];
  classes: string[];
  attributes: AttributeTest[];
  /** How this compound meets the one before it (to its left); null for the first. */
  combinator: ' ' | '>' | null;
}

/** A parsed selector list: each entry is a chain of compounds, left to right. */
export type Selector = Compound[][];

/** Longest selector text accepted, and most compounds per chain: the cost of a match stays small. */
const MAX_SELECTOR_CHARS = 500;
const MAX_COMPOUNDS = 8;
const MAX_LIST = 10;

export function selectorError(message: string): IngestError {
  return new IngestError('FULLTEXT_SELECTOR_INVALID', message);
}

/** Parses a selector list; throws FULLTEXT_SELECTOR_INVALID naming what it does not take. */
export function parseSelector(text: string): Selector {
  const source = text.trim();
  if (source === '') throw selectorError('the selector is empty');
  if (source.length > MAX_SELECTOR_CHARS) throw selectorError(`the selector is longer than ${MAX_SELECTOR_CHARS} characters`);
  const list: Selector = [];
  let pos = 0;
  let chain: Compound[] = [];
  let combinator: Compound['combinator'] = null;
  const fail = (what: string): never => {
    throw selectorError(`${what} at character ${pos + 1} of ${JSON.stringify(source)} (type, .class, #id, [attr=value], descendant and > combinators, comma lists)`);
  };
  while (pos <= source.length) {
    // Whitespace and combinators between compounds.
    let sawSpace = false;
    while (pos < source.length && /\s/.test(source[pos]!)) [pos, sawSpace] = [pos + 1, true];
    if (pos === source.length || source[pos] === ',') {
      if (chain.length === 0 || combinator === '>') fail('a selector is missing');
      list.push(chain);
      if (list.length > MAX_LIST) fail(`more than ${MAX_LIST} selectors in the list`);
      if (pos === source.length) break;
      pos += 1;
      chain = [];
      combinator = null;
      continue;
    }
    if (source[pos] === '>') {
      if (chain.length === 0 || combinator === '>') fail('">" without a selector before it');
      combinator = '>';
      pos += 1;
      continue;
    }
    if (source[pos] === '+' || source[pos] === '~') fail(`the sibling combinator "${source[pos]}" is not supported`);
    if (chain.length > 0 && combinator === null) {
      if (!sawSpace) fail('unexpected character');
      combinator = ' ';
    }
    const compound: Compound = { tag: null, ids: [], classes: [], attributes: [], combinator: chain.length === 0 ? null : combinator };
    const ident = () => {
      const m = /^-?[A-Za-z_\u00a0-\uffff][\w\u00a0-\uffff-]*/.exec(source.slice(pos));
      if (!m) fail('a name is expected');
      pos += m![0].length;
      return m![0];
    };
    let parts = 0;
    if (source[pos] === '*') {
      pos += 1;
      parts = 1;
    } else if (/[A-Za-z]/.test(source[pos]!)) {
      compound.tag = ident().toLowerCase();
      parts = 1;
    }
    for (;;) {
      const c = source[pos];
      if (c === '.') {
        pos += 1;
        compound.classes.push(ident());
      } else if (c === '#') {
        pos += 1;
        compound.ids.push(ident());
      } else if (c === '[') {
        pos += 1;
        compound.attributes.push(readAttribute());
      } else if (c === ':') {
        fail('pseudo-classes (":…") are not supported');
      } else {
        break;
      }
      parts += 1;
    }
    if (parts === 0) fail('unexpected character');
    chain.push(compound);
    if (chain.length > MAX_COMPOUNDS) fail(`more than ${MAX_COMPOUNDS} compound selectors in a chain`);
    combinator = null;
  }
  return list;

  function readAttribute(): AttributeTest {
    const m = /^\s*([\w:-]+)\s*(?:([~^$*]?=)\s*(?:"([^"]*)"|'([^']*)'|([^\s\]"']+))\s*)?\]/.exec(source.slice(pos));
    if (!m) fail('an attribute selector such as [name] or [name="value"] is expected');
    pos += m![0].length;
    return { name: m![1]!.toLowerCase(), op: (m![2] ?? '') as AttributeTest['op'], value: m![3] ?? m![4] ?? m![5] ?? '' };
  }
}

function attributeOf(el: SelectorElement, name: string): string | null {
  for (const [k, v] of el.attrs) if (k === name) return v;
  return null;
}

function matchesCompound(c: Compound, el: SelectorElement): boolean {
  if (c.tag !== null && c.tag !== el.name) return false;
  if (c.ids.length > 0 && !c.ids.every((id) => attributeOf(el, 'id') === id)) return false;
  if (c.classes.length > 0) {
    const classes = (attributeOf(el, 'class') ?? '').split(/\s+/);
    if (!c.classes.every((cls) => classes.includes(cls))) return false;
  }
  for (const a of c.attributes) {
    const v = attributeOf(el, a.name);
    if (v === null) return false;
    if (a.op === '=' && v !== a.value) return false;
    if (a.op === '~=' && !v.split(/\s+/).includes(a.value)) return false;
    if (a.op === '^=' && (a.value === '' || !v.startsWith(a.value))) return false;
    if (a.op === '$=' && (a.value === '' || !v.endsWith(a.value))) return false;
    if (a.op === '*=' && (a.value === '' || !v.includes(a.value))) return false;
  }
  return true;
}

/**
 * Whether `element` matches the selector, its open ancestors being `ancestors` (outermost first).
 * The work is bounded by compounds × ancestors per chain (memoised).
 */
export function matchesSelector(selector: Selector, ancestors: readonly SelectorElement[], element: SelectorElement): boolean {
  const last = ancestors.length;
  const elementAt = (i: number) => (i === last ? element : ancestors[i]!);
  return selector.some((chain) => {
    const failed = new Set<number>();
    // Chain entry i matched at path index at: can the entries before it match above it?
    const matchFrom = (i: number, at: number): boolean => {
      if (!matchesCompound(chain[i]!, elementAt(at))) return false;
      if (i === 0) return true;
      const key = i * 1024 + at;
      if (failed.has(key)) return false;
      const ok = chain[i]!.combinator === '>' ? at > 0 && matchFrom(i - 1, at - 1) : anyAbove(i - 1, at);
      if (!ok) failed.add(key);
      return ok;
    };
    const anyAbove = (i: number, at: number): boolean => {
      for (let up = at - 1; up >= 0; up -= 1) if (matchFrom(i, up)) return true;
      return false;
    };
    return matchFrom(chain.length - 1, last);
  });
}
