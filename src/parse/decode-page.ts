import { decodeBody } from './decode-body.js';

/** An HTML page's `<meta charset>` (or `http-equiv` Content-Type) in its first 1,024 bytes, as browsers prescan; null when none. */
export function sniffMetaCharset(body: Uint8Array): string | null {
  const head = Buffer.from(body.subarray(0, 1024)).toString('latin1');
  return /<meta\s[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)/i.exec(head)?.[1]?.toLowerCase() ?? null;
}

/** A web page's text: the charset of the Content-Type header, else of its `<meta>`, else detected. */
export function decodePage(page: { body: Uint8Array; contentType: string | null }): string {
  const declared = /charset=/i.test(page.contentType ?? '') ? page.contentType : null;
  const meta = declared ? null : sniffMetaCharset(page.body);
  return decodeBody(page.body, declared ?? (meta ? `text/html; charset=${meta}` : page.contentType)).text;
}
