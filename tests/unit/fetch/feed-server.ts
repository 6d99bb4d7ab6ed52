import http from 'node:http';
import type { AddressInfo, LookupFunction, Socket } from 'node:net';
import zlib from 'node:zlib';

/**
 * A real HTTP server on 127.0.0.1 (port 0) with one route per behaviour the fetcher must handle.
 * Records every request; `close()` destroys lingering sockets (hanging routes).
 */
export const FEED_BODY = `<?xml version="1.0"?><rss version="2.0"><channel><title>Test</title>${'<item><title>Russia and Iran sign a treaty</title></item>'.repeat(40)}</channel></rss>`;
export const LAST_MODIFIED = 'Wed, 21 Oct 2015 07:28:00 GMT';
export const ETAG = '"v1"';

export interface FeedServer {
  port: number;
  url(path: string, host?: string): string;
  requests: { path: string; headers: http.IncomingHttpHeaders }[];
  hits(path: string): number;
  maxConcurrent: number;
  /** Resolves when the server side of a /forever response has been closed by the client. */
  foreverClosed: Promise<void>;
  close(): Promise<void>;
}

const BOMB = zlib.gzipSync(Buffer.alloc(32 * 1024 * 1024));

export async function startFeedServer(): Promise<FeedServer> {
  const sockets = new Set<Socket>();
  const requests: FeedServer['requests'] = [];
  let active = 0;
  let maxConcurrent = 0;
  let markForeverClosed: () => void = () => {};
  const foreverClosed = new Promise<void>((resolve) => (markForeverClosed = resolve));
  let base = '';

  const redirect = (res: http.ServerResponse, status: number, location: string) => {
    res.writeHead(status, { location });
    res.end('moved');
  };

  const servedBySocket = new WeakMap<Socket, number>();
  const server = http.createServer((req, res) => {
    requests.push({ path: req.url ?? '/', headers: req.headers });
    const served = servedBySocket.get(req.socket) ?? 0;
    servedBySocket.set(req.socket, served + 1);
    const path = (req.url ?? '/').split('?')[0]!;
    const send = (status: number, body: string | Buffer, headers: http.OutgoingHttpHeaders = {}) => {
      res.writeHead(status, { 'content-type': 'application/rss+xml; charset=utf-8', ...headers });
      res.end(body);
    };
    const chain = /^\/chain\/(\d+)$/.exec(path);
    const status = /^\/status\/(\d+)$/.exec(path);
    if (chain) return redirect(res, 302, `/chain/${Number(chain[1]) + 1}`);
    if (status) return send(Number(status[1]), 'error page');
    switch (path) {
      case '/feed':
        return send(200, FEED_BODY, { etag: ETAG, 'last-modified': LAST_MODIFIED, 'cache-control': 'public, max-age=600' });
      case '/etag':
        return req.headers['if-none-match'] === ETAG ? send(304, '', { etag: ETAG }) : send(200, FEED_BODY, { etag: ETAG });
      case '/lastmod':
        return req.headers['if-modified-since'] === LAST_MODIFIED ? send(304, '') : send(200, FEED_BODY, { 'last-modified': LAST_MODIFIED });
      case '/gzip':
        return send(200, zlib.gzipSync(FEED_BODY), { 'content-encoding': 'gzip' });
      case '/deflate':
        return send(200, zlib.deflateSync(FEED_BODY), { 'content-encoding': 'deflate' });
      case '/deflate-raw':
        return send(200, zlib.deflateRawSync(FEED_BODY), { 'content-encoding': 'deflate' });
      case '/br':
        return send(200, zlib.brotliCompressSync(FEED_BODY), { 'content-encoding': 'br' });
      case '/gzip-br':
        return send(200, zlib.brotliCompressSync(zlib.gzipSync(FEED_BODY)), { 'content-encoding': 'gzip, br' });
      case '/bad-gzip':
        return send(200, 'this is not gzip at all', { 'content-encoding': 'gzip' });
      case '/compress':
        return send(200, 'whatever', { 'content-encoding': 'compress' });
      case '/bomb':
        return send(200, BOMB, { 'content-encoding': 'gzip' });
      case '/big-declared':
        res.writeHead(200, { 'content-length': String(1e9) });
        return res.write('x');
      case '/retry-seconds':
        return send(429, 'slow down', { 'retry-after': '120' });
      case '/retry-date':
        return send(503, 'maintenance', { 'retry-after': new Date(Date.now() + 90_000).toUTCString() });
      case '/p1':
        return redirect(res, 301, '/p2');
      case '/p2':
        return redirect(res, 308, `${base}/feed`);
      case '/t1':
        return redirect(res, 302, '/feed');
      case '/m1':
        return redirect(res, 301, '/m2');
      case '/m2':
        return redirect(res, 307, '/feed');
      case '/t2p':
        return redirect(res, 303, '/p1');
      case '/loop-a':
        return redirect(res, 301, '/loop-b');
      case '/loop-b':
        return redirect(res, 302, '/loop-a');
      case '/self':
        return redirect(res, 301, '/self');
      case '/no-location':
        return send(302, 'nowhere');
      case '/to-private':
        return redirect(res, 302, `http://internal.test:${(server.address() as AddressInfo).port}/feed`);
      case '/to-loopback':
        return redirect(res, 302, `http://[::1]:${(server.address() as AddressInfo).port}/feed`);
      case '/to-file':
        return redirect(res, 302, 'file:///etc/passwd');
      case '/forever': {
        res.writeHead(200, { 'content-type': 'text/xml' });
        const chunk = Buffer.alloc(16 * 1024, 'a');
        let open = true;
        res.on('close', () => {
          open = false;
          markForeverClosed();
        });
        const pump = () => {
          while (open && res.write(chunk));
          if (open) res.once('drain', pump);
        };
        return pump();
      }
      case '/close-reused':
        return served > 0 ? req.socket.destroy() : send(200, FEED_BODY);
      case '/hang':
        return;
      case '/stall':
        res.writeHead(200, { 'content-type': 'text/xml' });
        return res.write(FEED_BODY.slice(0, 100));
      case '/reset':
        res.writeHead(200, { 'content-type': 'text/xml', 'content-length': '100000' });
        res.write(FEED_BODY.slice(0, 100));
        return setTimeout(() => req.socket.destroy(), 20);
      case '/garbage':
        return req.socket.end('NOT HTTP AT ALL\r\n\r\n');
      case '/bad-chunk':
        // A valid head, then a chunk size that is not hexadecimal.
        req.socket.write('HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n<rss>\r\nZZZ\r\nbad\r\n');
        return setTimeout(() => req.socket.end(), 20);
      case '/slow':
        active++;
        maxConcurrent = Math.max(maxConcurrent, active);
        return setTimeout(() => {
          active--;
          send(200, FEED_BODY);
        }, 60);
      default:
        return send(404, 'not found');
    }
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
  return {
    port,
    url: (path, host = '127.0.0.1') => `http://${host}:${port}${path}`,
    requests,
    hits: (path) => requests.filter((r) => r.path === path).length,
    get maxConcurrent() {
      return maxConcurrent;
    },
    foreverClosed,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A lookup that answers from a fixed table (ENOTFOUND otherwise), as dns.lookup would. */
export function mapLookup(table: Record<string, string>): LookupFunction {
  return (hostname, options, callback) => {
    const address = table[hostname];
    if (address === undefined) {
      return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
    }
    const family = address.includes(':') ? 6 : 4;
    if (options.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };
}
