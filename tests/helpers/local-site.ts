import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the site answers at one path. */
export interface SiteRoute {
  status?: number;
  type?: string;
  body?: string | Buffer;
  location?: string;
  delayMs?: number;
}

/** A local web site (pages and feeds) on 127.0.0.1: routes by exact path and query; anything else is an HTML 404. */
export interface LocalSite {
  base: string;
  routes: Map<string, SiteRoute>;
  /** Paths requested, in order. */
  requested: string[];
  reset(): void;
  close(): Promise<void>;
}

export async function startLocalSite(): Promise<LocalSite> {
  const routes = new Map<string, SiteRoute>();
  const requested: string[] = [];
  const server = http.createServer((req, res) => {
    const url = req.url!;
    requested.push(url);
    const route = routes.get(url);
    if (!route) return void res.writeHead(404, { 'content-type': 'text/html' }).end('<html><body>Not found</body></html>');
    setTimeout(() => {
      res.writeHead(route.status ?? 200, { 'content-type': route.type ?? 'text/html; charset=utf-8', ...(route.location ? { location: route.location } : {}) });
      res.end(route.body ?? '');
    }, route.delayMs ?? 0);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    routes,
    requested,
    reset() {
      routes.clear();
      requested.length = 0;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export const siteRss = (title: string, link = 'https://site.example/') =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>${title}</title><link>${link}</link><item><guid>a</guid><title>A</title></item><item><guid>b</guid><title>B</title></item></channel></rss>`;
export const sitePage = (links: string, body = '') => `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Site</title>${links}</head><body>${body}<p>News.</p></body></html>`;
export const rssLink = (href: string, title = 'RSS') => `<link rel="alternate" type="application/rss+xml" title="${title}" href="${href}">`;
