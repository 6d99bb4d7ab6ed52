import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { TLSSocket } from 'node:tls';
import { readDecodedBody, type DecodedBody } from './decode-body.js';
import { FetchError } from './errors.js';

/** One HTTP request (a GET of a redirect chain, or a webhook POST), without following anything. */
export interface RequestOnceOptions {
  url: URL;
  /** Default GET. */
  method?: 'GET' | 'POST';
  /** The request body (POST). */
  body?: Buffer;
  headers: Record<string, string>;
  lookup: LookupFunction;
  agent: http.Agent | false;
  connectTimeoutMs: number;
  /** Time left for the whole exchange, body included. */
  remainingMs: number;
  maxBytes: number;
  /** Whether the body of a response with this status is read (otherwise the response is dropped). */
  wantsBody: (status: number) => boolean;
  signal?: AbortSignal;
}

export interface OnceResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: DecodedBody | null;
}

const STALE_SOCKET_CODES = new Set(['ECONNRESET', 'EPIPE']);
const NETWORK_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ETIMEDOUT', 'ERR_STREAM_PREMATURE_CLOSE']);

/** Maps a socket/HTTP/TLS error to its FetchError code. */
export function toFetchError(err: unknown, url: string): FetchError {
  if (err instanceof FetchError) return err;
  const code = String((err as NodeJS.ErrnoException | undefined)?.code ?? '');
  const message = err instanceof Error ? err.message : String(err);
  const details = { url, cause: code || undefined };
  if (code.startsWith('HPE_')) return new FetchError('FETCH_PROTOCOL', `invalid HTTP response: ${message}`, { details, cause: err });
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_(VERIFY|GET)/.test(code)) return new FetchError('FETCH_TLS', `TLS failure: ${message}`, { details, cause: err });
  if (NETWORK_CODES.has(code) || code === '') return new FetchError('FETCH_NETWORK', `network failure: ${message}`, { details, cause: err });
  return new FetchError('FETCH_NETWORK', `network failure (${code}): ${message}`, { details, cause: err });
}

/**
 * Sends one request and, when `wantsBody(status)`, reads the decoded body. The connect timeout runs
 * until the socket (and TLS) is up, DNS included; `remainingMs` bounds everything. Either fires
 * FETCH_TIMEOUT (details.phase 'connect' | 'total') and destroys the socket; the caller's signal
 * gives FETCH_ABORTED.
 */
export async function requestOnce(opts: RequestOnceOptions): Promise<OnceResponse> {
  const { url } = opts;
  const href = url.href;
  const controller = new AbortController();
  let req: http.ClientRequest | undefined;
  // The parser's error (HPE_*: a bad chunk, a bad header) reaches the request, while the body
  // being read only sees its socket close ('aborted'): the request's error names the cause.
  let requestError: unknown = null;
  const abortWith = (err: FetchError) => {
    if (controller.signal.aborted) return;
    controller.abort(err);
    req?.destroy(err);
  };
  const totalTimer = setTimeout(
    () => abortWith(new FetchError('FETCH_TIMEOUT', `no complete response from ${url.host} in time`, { details: { url: href, phase: 'total' } })),
    Math.max(0, opts.remainingMs),
  );
  const connectTimer = setTimeout(
    () => abortWith(new FetchError('FETCH_TIMEOUT', `could not connect to ${url.host} within ${opts.connectTimeoutMs} ms`, { details: { url: href, phase: 'connect' } })),
    opts.connectTimeoutMs,
  );
  const onOuterAbort = () => abortWith(new FetchError('FETCH_ABORTED', 'fetch aborted by shutdown', { details: { url: href } }));
  if (opts.signal?.aborted) onOuterAbort();
  else opts.signal?.addEventListener('abort', onOuterAbort, { once: true });

  try {
    if (controller.signal.aborted) throw controller.signal.reason;
    const send = () =>
      new Promise<http.IncomingMessage>((resolve, reject) => {
        const client = url.protocol === 'https:' ? https : http;
        req = client.request(url, { method: opts.method ?? 'GET', headers: opts.headers, lookup: opts.lookup, agent: opts.agent }, resolve);
        req.on('error', (e) => {
          requestError = e;
          reject(e);
        });
        req.on('socket', (socket) => {
          const connected = socket instanceof TLSSocket ? 'secureConnect' : 'connect';
          if (socket.connecting) socket.once(connected, () => clearTimeout(connectTimer));
          else clearTimeout(connectTimer);
        });
        req.end(opts.body);
      });
    let res: http.IncomingMessage;
    try {
      res = await send();
    } catch (err) {
      // A pooled keep-alive socket the server had already closed before the request: try once more.
      if (controller.signal.aborted || !req?.reusedSocket || !STALE_SOCKET_CODES.has(String((err as NodeJS.ErrnoException).code))) throw err;
      res = await send();
    }
    clearTimeout(connectTimer);
    const status = res.statusCode ?? 0;
    if (!opts.wantsBody(status)) {
      res.destroy();
      return { status, headers: res.headers, body: null };
    }
    const body = await readDecodedBody(res, { maxBytes: opts.maxBytes, url: href });
    return { status, headers: res.headers, body };
  } catch (err) {
    if (controller.signal.aborted && controller.signal.reason instanceof FetchError) throw controller.signal.reason;
    const parserError = String((requestError as NodeJS.ErrnoException | null)?.code ?? '').startsWith('HPE_') ? requestError : null;
    throw toFetchError(parserError ?? err, href);
  } finally {
    clearTimeout(totalTimer);
    clearTimeout(connectTimer);
    opts.signal?.removeEventListener('abort', onOuterAbort);
  }
}
