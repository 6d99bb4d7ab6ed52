/** Reads a `<!DOCTYPE ...>` declaration for its internal entities. Nothing external is ever loaded. */

export interface Doctype {
  /** Index just after the declaration. */
  end: number;
  /** Internal general entities: name → literal value (references inside are expanded on use). */
  entities: Map<string, string>;
  /** Names of external (SYSTEM/PUBLIC) general entities: declared, never fetched, expand to nothing. */
  external: Set<string>;
  /** False when the text ended inside the declaration. */
  complete: boolean;
}

/** `start` is the index of `<!DOCTYPE`. */
export function readDoctype(text: string, start: number): Doctype {
  const doctype: Doctype = { end: text.length, entities: new Map(), external: new Set(), complete: false };
  let p = start + 9;
  // Up to the internal subset `[` or the end `>`, skipping quoted system/public ids.
  while (p < text.length) {
    const ch = text[p]!;
    if (ch === '"' || ch === "'") p = skipQuoted(text, p);
    else if (ch === '>') return { ...doctype, end: p + 1, complete: true };
    else if (ch === '[') break;
    else p++;
  }
  p++;
  while (p < text.length) {
    const ch = text[p]!;
    if (ch === ']') {
      const gt = text.indexOf('>', p);
      return gt === -1 ? doctype : { ...doctype, end: gt + 1, complete: true };
    }
    if (text.startsWith('<!--', p)) p = skipPast(text, p + 4, '-->');
    else if (text.startsWith('<?', p)) p = skipPast(text, p + 2, '?>');
    else if (text.startsWith('<!ENTITY', p)) p = readEntityDecl(text, p + 8, doctype);
    else if (text.startsWith('<!', p)) p = skipDecl(text, p + 2);
    else p++;
  }
  return doctype;
}

function readEntityDecl(text: string, p: number, doctype: Doctype): number {
  p = skipSpace(text, p);
  if (text[p] === '%') return skipDecl(text, p); // parameter entity: ignored
  const nameStart = p;
  while (p < text.length && /[^\s"'>]/.test(text[p]!)) p++;
  const name = text.slice(nameStart, p);
  p = skipSpace(text, p);
  const quote = text[p];
  if (name !== '' && (quote === '"' || quote === "'")) {
    const close = text.indexOf(quote, p + 1);
    if (close === -1) return text.length;
    // The first declaration of a name wins (XML 1.0 §4.2).
    if (!doctype.entities.has(name) && !doctype.external.has(name)) doctype.entities.set(name, text.slice(p + 1, close));
    return skipDecl(text, close + 1);
  }
  if (name !== '' && !doctype.entities.has(name)) doctype.external.add(name);
  return skipDecl(text, p);
}

function skipSpace(text: string, p: number): number {
  while (p < text.length && /\s/.test(text[p]!)) p++;
  return p;
}

function skipQuoted(text: string, p: number): number {
  const close = text.indexOf(text[p]!, p + 1);
  return close === -1 ? text.length : close + 1;
}

function skipPast(text: string, p: number, marker: string): number {
  const at = text.indexOf(marker, p);
  return at === -1 ? text.length : at + marker.length;
}

/** Skips to just after the `>` closing a declaration, ignoring `>` inside quotes. */
function skipDecl(text: string, p: number): number {
  while (p < text.length) {
    const ch = text[p]!;
    if (ch === '"' || ch === "'") p = skipQuoted(text, p);
    else if (ch === '>') return p + 1;
    else p++;
  }
  return text.length;
}
