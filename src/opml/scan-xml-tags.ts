/**
 * A tolerant scanner for the element tags of an XML document, enough for OPML, whose content is
 * all in attributes. Skips comments, CDATA, processing instructions and DOCTYPE; accepts
 * unquoted and valueless attributes and HTML entities that real-world OPML files contain.
 * Element and attribute names are lower-cased.
 */
export interface XmlTag {
  kind: 'open' | 'close' | 'empty';
  name: string;
  attrs: Record<string, string>;
}

const HTML_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', copy: '©', reg: '®', trade: '™',
  hellip: '…', mdash: '—', ndash: '–', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', laquo: '«',
  raquo: '»', euro: '€', pound: '£', eacute: 'é', egrave: 'è', ecirc: 'ê', aacute: 'á', agrave: 'à',
  acirc: 'â', iacute: 'í', oacute: 'ó', ocirc: 'ô', uacute: 'ú', ccedil: 'ç', ntilde: 'ñ', auml: 'ä',
  ouml: 'ö', uuml: 'ü', Auml: 'Ä', Ouml: 'Ö', Uuml: 'Ü', szlig: 'ß', Eacute: 'É', oslash: 'ø', aring: 'å',
};

/** Decodes XML character references, the five XML entities and common HTML ones; unknown ones stay as written. */
export function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z][a-z0-9]*);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return Number.isInteger(code) && code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : whole;
    }
    return HTML_ENTITIES[ref] ?? HTML_ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

const SKIPS: readonly (readonly [open: string, close: string])[] = [
  ['<!--', '-->'],
  ['<![CDATA[', ']]>'],
  ['<?', '?>'],
];

export function* scanXmlTags(text: string): Generator<XmlTag> {
  let i = 0;
  const n = text.length;
  outer: while (i < n) {
    const lt = text.indexOf('<', i);
    if (lt < 0) return;
    for (const [open, close] of SKIPS) {
      if (text.startsWith(open, lt)) {
        const end = text.indexOf(close, lt + open.length);
        i = end < 0 ? n : end + close.length;
        continue outer;
      }
    }
    if (text.startsWith('<!', lt)) {
      i = skipDeclaration(text, lt);
      continue;
    }
    if (text[lt + 1] === '/') {
      const gt = text.indexOf('>', lt);
      const name = text.slice(lt + 2, gt < 0 ? n : gt).trim().toLowerCase();
      i = gt < 0 ? n : gt + 1;
      if (name) yield { kind: 'close', name, attrs: Object.create(null) as Record<string, string> };
      continue;
    }
    const nameMatch = /^[^\s/>"'=<]+/.exec(text.slice(lt + 1, lt + 200));
    if (!nameMatch) {
      i = lt + 1;
      continue;
    }
    const tag = readAttributes(text, lt + 1 + nameMatch[0].length);
    i = tag.end;
    yield { kind: tag.selfClosing ? 'empty' : 'open', name: nameMatch[0].toLowerCase(), attrs: tag.attrs };
  }
}

function skipDeclaration(text: string, lt: number): number {
  const gt = text.indexOf('>', lt);
  const bracket = text.indexOf('[', lt);
  if (bracket >= 0 && (gt < 0 || bracket < gt)) {
    const end = text.indexOf(']>', bracket);
    return end < 0 ? text.length : end + 2;
  }
  return gt < 0 ? text.length : gt + 1;
}

function readAttributes(text: string, start: number): { attrs: Record<string, string>; selfClosing: boolean; end: number } {
  const attrs: Record<string, string> = Object.create(null) as Record<string, string>;
  const n = text.length;
  let i = start;
  const skipSpace = () => {
    while (i < n && /\s/.test(text[i]!)) i++;
  };
  for (;;) {
    skipSpace();
    if (i >= n) return { attrs, selfClosing: false, end: n };
    if (text[i] === '>') return { attrs, selfClosing: false, end: i + 1 };
    if (text.startsWith('/>', i)) return { attrs, selfClosing: true, end: i + 2 };
    if (text[i] === '/' || text[i] === '<') {
      if (text[i] === '<') return { attrs, selfClosing: false, end: i };
      i++;
      continue;
    }
    const nameStart = i;
    while (i < n && !/[\s=/>]/.test(text[i]!)) i++;
    const name = text.slice(nameStart, i).toLowerCase();
    skipSpace();
    let value = '';
    if (text[i] === '=') {
      i++;
      skipSpace();
      const quote = text[i];
      if (quote === '"' || quote === "'") {
        const close = text.indexOf(quote, i + 1);
        value = text.slice(i + 1, close < 0 ? n : close);
        i = close < 0 ? n : close + 1;
      } else {
        const valueStart = i;
        while (i < n && !/[\s>]/.test(text[i]!)) i++;
        value = text.slice(valueStart, i);
      }
    }
    if (name && !Object.hasOwn(attrs, name)) attrs[name] = decodeEntities(value);
  }
}
