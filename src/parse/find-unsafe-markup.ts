/**
 * An independent check of HTML the sanitiser produced (or any other HTML): finds script-capable markup
 * by reading tag by tag with quotes respected, without the sanitiser's tokenizer. Used by the
 * conformance script and the property tests; cheap enough for assertions elsewhere.
 */

const TAG = /<([a-zA-Z][^\s/>]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
const ATTRIBUTE = /([^\s=/"'>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;
const DANGEROUS_ELEMENT = /^(?:style|object|embed|form|base|meta|link|svg|math)$/i;
/** Tabs, newlines and controls (raw or as references) that browsers strip from a URL before its scheme. */
const URL_NOISE = /&#x?0*(?:9|a|d|10|13);?|[\s\u0000-\u001f]/gi;
const SCRIPT_SCHEME = /(?:^|,)(?:javascript|vbscript|data):/i;

/**
 * A short description of the first unsafe construct, or null. Always looked for: script elements,
 * on* attributes, javascript:/vbscript:/data: URLs. With `strict` (the default) also what the sanitiser
 * promises to remove besides: style, object, embed, form, base, meta, link, svg and math elements,
 * style/action attributes, iframes it did not sandbox.
 */
export function findUnsafeMarkup(html: string, { strict = true }: { strict?: boolean } = {}): string | null {
  if (html.indexOf('<') === -1) return null;
  for (const [, name, attrs] of html.matchAll(TAG)) {
    if (/^script$/i.test(name!)) return '<script> element';
    if (strict && DANGEROUS_ELEMENT.test(name!)) return `<${name}> element`;
    if (strict && /^iframe$/i.test(name!) && !/\ssandbox=/.test(attrs!)) return '<iframe> without sandbox';
    for (const [, key, v1, v2, v3] of attrs!.matchAll(ATTRIBUTE)) {
      if (/^on/i.test(key!)) return `${key} attribute on <${name}>`;
      if (strict && /^(?:style|formaction|action)$/i.test(key!)) return `${key} attribute on <${name}>`;
      const value = (v1 ?? v2 ?? v3 ?? '').replace(URL_NOISE, '');
      if (SCRIPT_SCHEME.test(value)) return `script URL in ${key} on <${name}>`;
    }
  }
  return null;
}
