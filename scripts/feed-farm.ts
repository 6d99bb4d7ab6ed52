/**
 * A local feed farm for the end-to-end test and the benchmark: `feeds` RSS feeds of `itemsPerFeed`
 * distinct stories each (everyday words with a few of one theme's words, so a story carries one or
 * two topics as real copy does), spread over several loopback addresses (127.0.0.x, so per-host politeness
 * applies as it would on the web), with ETag / Last-Modified and gzip, plus hostile endpoints.
 * Nothing here is used by the service itself.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { makeRandom } from '../src/random/make-random.js';

export interface FarmOptions {
  feeds: number;
  itemsPerFeed: number;
  /** Loopback hosts to spread feeds over (127.0.0.10, .11, …). */
  hosts?: number;
  seed?: number;
  /** Extra documents served as-is: path → { body, contentType }. */
  extra?: Record<string, { body: string | Buffer; contentType: string }>;
}

export interface FeedFarm {
  feedUrls: string[];
  /** Hostile endpoints by behaviour: timeout, status500, huge, redirectLoop, html, truncated. */
  hostile: Record<'timeout' | 'status500' | 'huge' | 'redirectLoop' | 'html' | 'truncated', string>;
  extraUrls: Record<string, string>;
  stats: { requests: number; notModified: number; full: number };
  /** Adds `count` new items at the top of every feed (a new edition). */
  publish(count: number): void;
  close(): Promise<void>;
}

/** Everyday words of news copy, carrying no topic by themselves. */
const FILLER = (
  'the a of to in and said on for with at by from as that it was is will has have had after over about more than new year years ' +
  'people city local officials report week day time first two three last also told statement according including other some during ' +
  'while where which when before under between near around many most into out up down since each back this these those their they ' +
  'there here would could should may might can must not no yes all any both few several such only own same so than too very just ' +
  'now then later early late today yesterday morning evening night month months area areas part parts group groups number numbers ' +
  'place places plan plans issue issues case cases point points way ways work works life lives world country countries state states ' +
  'family families home homes side sides change changes effort efforts move moves step steps sign signs level levels rise fall'
).split(' ');

/** One theme per story: a handful of its words make the story about something, as real copy is. */
const THEMES = [
  'market shares investors inflation bank interest prices growth profit company earnings quarter'.split(' '),
  'match goal team coach league season player championship win striker final'.split(' '),
  'storm rain temperatures forecast winds flooding weather snow heatwave'.split(' '),
  'researchers study scientists laboratory data space satellite experiment'.split(' '),
  'parliament minister election vote party government opposition coalition'.split(' '),
  'hospital patients doctors vaccine virus treatment health clinic'.split(' '),
  'police court trial arrested judge charged prosecutors sentence'.split(' '),
  'film festival museum album concert artist exhibition theatre'.split(' '),
];

function sentence(rand: () => number, words: number, theme: readonly string[]): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    const pool = rand() < 0.15 ? theme : FILLER;
    out.push(pool[Math.floor(rand() * pool.length)]!);
  }
  const s = out.join(' ');
  return `${s[0]!.toUpperCase()}${s.slice(1)}.`;
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

interface FarmItem { guid: string; title: string; link: string; description: string; pubDate: string }

function makeItem(feed: number, n: number, seed: number, baseUrl: string): FarmItem {
  const rand = makeRandom(seed * 7919 + feed * 100_003 + n);
  const theme = THEMES[Math.floor(rand() * THEMES.length)]!;
  const paragraphs = Array.from({ length: 3 }, () => sentence(rand, 30 + Math.floor(rand() * 20), theme));
  return {
    guid: `farm-${feed}-${n}`,
    title: `${sentence(rand, 9, theme).slice(0, -1)} (${feed}/${n})`,
    link: `${baseUrl}/story/${feed}/${n}?utm_source=farm&utm_medium=rss`,
    description: paragraphs.map((p) => `<p>${p}</p>`).join(''),
    pubDate: new Date(Date.UTC(2025, 0, 1) + (feed * 1000 + n) * 60_000).toUTCString(),
  };
}

function renderRss(feed: number, items: FarmItem[], baseUrl: string): string {
  const body = items
    .map((it) => `<item><title>${escapeXml(it.title)}</title><link>${escapeXml(it.link)}</link><guid isPermaLink="false">${it.guid}</guid><pubDate>${it.pubDate}</pubDate><description>${escapeXml(it.description)}</description></item>`)
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Farm feed ${feed}</title><link>${baseUrl}/</link><description>Synthetic feed ${feed}</description>\n${body}\n</channel></rss>\n`;
}

export async function startFeedFarm(opts: FarmOptions): Promise<FeedFarm> {
  const hostCount = Math.max(1, opts.hosts ?? 10);
  const seed = opts.seed ?? 1;
  const stats = { requests: 0, notModified: 0, full: 0 };
  const servers: http.Server[] = [];
  const sockets = new Set<import('node:net').Socket>();
  const bases: string[] = [];
  const editions = new Array<number>(opts.feeds).fill(0);
  const cache = new Map<number, { etag: string; lastModified: string; gz: Buffer; plain: Buffer }>();

  const feedBase = (feed: number) => bases[feed % hostCount]!;
  const render = (feed: number) => {
    let doc = cache.get(feed);
    if (!doc) {
      const total = opts.itemsPerFeed + editions[feed]!;
      const items: FarmItem[] = [];
      for (let n = total - 1; n >= total - opts.itemsPerFeed; n--) items.push(makeItem(feed, n, seed, feedBase(feed)));
      const plain = Buffer.from(renderRss(feed, items, feedBase(feed)));
      doc = { etag: `"${createHash('sha1').update(plain).digest('hex').slice(0, 16)}"`, lastModified: new Date(Date.UTC(2025, 0, 1) + editions[feed]! * 60_000).toUTCString(), gz: gzipSync(plain), plain };
      cache.set(feed, doc);
    }
    return doc;
  };

  const handler: http.RequestListener = (req, res) => {
    stats.requests++;
    const url = new URL(req.url ?? '/', 'http://farm');
    const feedMatch = /^\/feeds\/(\d+)\.xml$/.exec(url.pathname);
    if (feedMatch) {
      const feed = Number(feedMatch[1]);
      if (feed >= opts.feeds) return void res.writeHead(404).end();
      const doc = render(feed);
      if (req.headers['if-none-match'] === doc.etag || req.headers['if-modified-since'] === doc.lastModified) {
        stats.notModified++;
        return void res.writeHead(304, { etag: doc.etag, 'last-modified': doc.lastModified }).end();
      }
      stats.full++;
      const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag: doc.etag, 'last-modified': doc.lastModified, ...(gzip ? { 'content-encoding': 'gzip' } : {}) });
      return void res.end(gzip ? doc.gz : doc.plain);
    }
    const extra = opts.extra?.[url.pathname];
    if (extra) return void res.writeHead(200, { 'content-type': extra.contentType }).end(extra.body);
    switch (url.pathname) {
      case '/hostile/timeout':
        return; // never answers
      case '/hostile/500':
        return void res.writeHead(500, { 'content-type': 'text/plain' }).end('internal error');
      case '/hostile/huge': {
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        res.write('<?xml version="1.0"?><rss version="2.0"><channel><title>huge</title>');
        const chunk = Buffer.alloc(64 * 1024, 'x');
        let sent = 0;
        const pump = () => {
          while (sent < 400 * 1024 * 1024) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end('</channel></rss>');
        };
        res.on('close', () => (sent = Infinity));
        return pump();
      }
      case '/hostile/loop-a':
        return void res.writeHead(302, { location: '/hostile/loop-b' }).end();
      case '/hostile/loop-b':
        return void res.writeHead(302, { location: '/hostile/loop-a' }).end();
      case '/hostile/html':
        return void res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><html><head><title>Not a feed</title></head><body><p>Welcome</p></body></html>');
      case '/hostile/truncated':
        return void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end('<?xml version="1.0"?><rss version="2.0"><channel><title>Cut</title><item><title>Half an ite');
      default:
        res.writeHead(404).end();
    }
  };

  for (let h = 0; h < hostCount; h++) {
    const server = http.createServer(handler);
    server.keepAliveTimeout = 30_000;
    server.on('connection', (s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    const host = `127.0.0.${10 + h}`;
    await new Promise<void>((resolve) => server.listen(0, host, resolve));
    bases.push(`http://${host}:${(server.address() as AddressInfo).port}`);
    servers.push(server);
  }
  const first = bases[0]!;
  return {
    feedUrls: Array.from({ length: opts.feeds }, (_, i) => `${feedBase(i)}/feeds/${i}.xml`),
    hostile: {
      timeout: `${first}/hostile/timeout`,
      status500: `${first}/hostile/500`,
      huge: `${first}/hostile/huge`,
      redirectLoop: `${first}/hostile/loop-a`,
      html: `${first}/hostile/html`,
      truncated: `${first}/hostile/truncated`,
    },
    extraUrls: Object.fromEntries(Object.keys(opts.extra ?? {}).map((p) => [p, `${bases[1 % hostCount]}${p}`])),
    stats,
    publish(count) {
      for (let f = 0; f < opts.feeds; f++) editions[f]! += count;
      cache.clear();
    },
    async close() {
      for (const s of sockets) s.destroy();
      await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    },
  };
}

/** A TCP port free on 127.0.0.1 right now (for the service's API in the benchmark and the e2e test). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

/** An OPML document listing the given feed URLs. */
export function farmOpml(urls: string[]): string {
  const outlines = urls.map((u, i) => `<outline type="rss" text="Farm ${i}" title="Farm ${i}" xmlUrl="${escapeXml(u)}"/>`).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0"><head><title>farm</title></head><body>\n${outlines}\n</body></opml>\n`;
}
