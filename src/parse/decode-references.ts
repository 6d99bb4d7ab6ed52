import { ParseError, PARSE_ERROR_CODES } from './errors.js';
import { HTML_ENTITIES, decodeCodePoint, parseCharRef } from './html-entities.js';
import type { Doctype } from './read-doctype.js';

/** Limits on internal DTD entity expansion (a subset of ParseLimits). */
export interface EntityLimits {
  maxEntityExpansions: number;
  maxEntityChars: number;
}

/** Expands the character and entity references of one document's text and attribute values. */
export interface ReferenceDecoder {
  /** Declares the document's internal and external entities (the first DOCTYPE counts). */
  useDoctype(doctype: Doctype): void;
  /** Text with references expanded; anything that is no reference stays literal. */
  decode(raw: string): string;
}

const XML_PREDEFINED: ReadonlyMap<string, string> = new Map(Object.entries({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }));
const REFERENCE_NAME = /^(#[xX][0-9a-fA-F]+|#[0-9]+|[A-Za-z_:][\w.:-]*)$/;
const MAX_REFERENCE_LENGTH = 64;
const MAX_ENTITY_NESTING = 16;

/**
 * A decoder for one document: predefined XML entities, numeric references (C1 as windows-1252, illegal
 * characters dropped), internal DTD entities (nested ones too, memoised, counted against `limits`:
 * billion laughs and quadratic blowup end in PARSE_ENTITY_LIMIT), external entities (never loaded:
 * they expand to nothing), then undeclared HTML entities. Each repair adds a constant note.
 */
export function createReferenceDecoder(limits: EntityLimits, notes: Set<string>): ReferenceDecoder {
  let entities: Map<string, string> | null = null;
  let external: Set<string> | null = null;
  const memo = new Map<string, string>();
  let expansions = 0;
  let expandedChars = 0;

  const throwEntityLimit = (what: string): never => {
    throw new ParseError(PARSE_ERROR_CODES.ENTITY_LIMIT, `entity expansion exceeds ${what}`, { details: { expansions, expandedChars } });
  };

  const expandEntity = (name: string, nesting: number): string => {
    if (++expansions > limits.maxEntityExpansions) throwEntityLimit(`maxEntityExpansions (${limits.maxEntityExpansions})`);
    if (nesting > MAX_ENTITY_NESTING) throwEntityLimit('the nesting limit (recursive entity?)');
    let value = memo.get(name);
    if (value === undefined) {
      value = decodeAt(entities!.get(name)!, nesting + 1);
      memo.set(name, value);
    }
    expandedChars += value.length;
    if (expandedChars > limits.maxEntityChars) throwEntityLimit(`maxEntityChars (${limits.maxEntityChars})`);
    return value;
  };

  const resolveReference = (ref: string, nesting: number): string | undefined => {
    if (ref.charCodeAt(0) === 0x23) {
      const cp = parseCharRef(ref.slice(1));
      return Number.isNaN(cp) ? undefined : decodeCodePoint(cp);
    }
    const predefined = XML_PREDEFINED.get(ref);
    if (predefined !== undefined) return predefined;
    if (entities?.has(ref)) return expandEntity(ref, nesting);
    if (external?.has(ref)) {
      notes.add('external entity not loaded');
      return '';
    }
    const html = HTML_ENTITIES.get(ref);
    if (html !== undefined) notes.add('undeclared HTML entity');
    return html;
  };

  const decodeAt = (raw: string, nesting: number): string => {
    let amp = raw.indexOf('&');
    if (amp === -1) return raw;
    let out = '';
    let last = 0;
    while (amp !== -1) {
      out += raw.slice(last, amp);
      const semi = findSemicolon(raw, amp + 1);
      const ref = semi === -1 ? '' : raw.slice(amp + 1, semi);
      const named = REFERENCE_NAME.test(ref);
      const replacement = named ? resolveReference(ref, nesting) : undefined;
      if (replacement === undefined) {
        notes.add(named ? 'undefined entity' : 'unescaped &');
        out += '&';
        last = amp + 1;
      } else {
        out += replacement;
        last = semi + 1;
      }
      amp = raw.indexOf('&', last);
    }
    return out + raw.slice(last);
  };

  return {
    useDoctype(doctype) {
      if (entities === null && doctype.entities.size > 0) entities = doctype.entities;
      if (external === null && doctype.external.size > 0) external = doctype.external;
    },
    decode: (raw) => decodeAt(raw, 0),
  };
}

/**
 * The `;` ending a reference that starts at `from`, looked for only as far as a reference can reach,
 * so text full of bare `&` stays linear; -1 when there is none.
 */
function findSemicolon(raw: string, from: number): number {
  const end = Math.min(raw.length, from + MAX_REFERENCE_LENGTH);
  for (let i = from; i < end; i++) {
    const c = raw.charCodeAt(i);
    if (c === 0x3b) return i;
    if (c === 0x26 || c === 0x20 || c === 0x3c || c === 0x0a) return -1; // `&`, space, `<`, newline end any reference
  }
  return -1;
}
