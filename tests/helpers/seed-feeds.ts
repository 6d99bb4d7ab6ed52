import { existsSync, readFileSync } from 'node:fs';
import { sharedPath } from './shared-dir.js';

export const SEED_PATH = sharedPath('seed/treaty-article.txt');
export const seedPresent = existsSync(SEED_PATH);
if (!seedPresent) console.warn(`[tests] ${SEED_PATH} is absent (set TEST_SHARED_DIR or lay ../shared beside the repository): seed-article checks are skipped.`);

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export interface SeedArticle {
  headline: string;
  /** Every line of the file after the headline, as it is (repeats included). */
  lines: string[];
  /** Each distinct body paragraph once, in order. */
  paragraphs: string[];
}

/** The seed article: its bold headline line (appearing twice) and its body lines. */
export function readSeed(): SeedArticle {
  const lines = readFileSync(SEED_PATH, 'utf8').split('\n').map((l) => l.trim()).filter(Boolean);
  const headline = lines.find((l) => l.startsWith('**'))!.replace(/\*\*/g, '');
  const body = lines.filter((l) => !l.startsWith('**'));
  return { headline, lines: body, paragraphs: [...new Set(body)] };
}

function rssDoc(title: string, item: { guid: string; title: string; link: string; description: string; content?: string }): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>${title}</title><link>https://example.org/</link><description>${title}</description>
<item><title>${escapeXml(item.title)}</title><link>${escapeXml(item.link)}</link><guid isPermaLink="false">${item.guid}</guid><pubDate>Fri, 17 Jan 2025 10:00:00 GMT</pubDate>
<description>${escapeXml(item.description)}</description>${item.content ? `<content:encoded><![CDATA[${item.content}]]></content:encoded>` : ''}</item>
</channel></rss>`;
}

/**
 * The seed story as three outlets carry it: the original (full text, headline and paragraphs
 * repeated as in the file), an aggregator re-publishing it with tracking parameters on the same URL,
 * and a summary-only feed with the first two paragraphs under its own URL.
 */
export function seedOutletFeeds(): Record<string, { body: string; contentType: string }> {
  const seed = readSeed();
  const full = [`<p><strong>${seed.headline}</strong></p>`, `<p><strong>${seed.headline}</strong></p>`, ...seed.lines.map((l) => `<p>${escapeXml(l)}</p>`)].join('\n');
  const type = 'application/rss+xml; charset=utf-8';
  return {
    '/seed/outlet-a.xml': { contentType: type, body: rssDoc('Outlet A', { guid: 'a-2025-0117-treaty', title: seed.headline, link: 'https://outlet-a.example/world/2025/01/17/russia-iran-treaty', description: seed.lines[0]!, content: full }) },
    '/seed/outlet-b.xml': {
      contentType: type,
      body: rssDoc('Aggregator B', { guid: 'b-991', title: seed.headline, link: 'https://outlet-a.example/world/2025/01/17/russia-iran-treaty?utm_source=aggregator&utm_medium=rss&fbclid=xyz', description: seed.lines[0]!, content: full }),
    },
    '/seed/outlet-c.xml': {
      contentType: type,
      body: rssDoc('Digest C', { guid: 'https://digest-c.example/n/55123', title: `Russia, Iran sign 20-year pact`, link: 'https://digest-c.example/n/55123', description: seed.paragraphs.slice(2, 4).map((p) => `<p>${p}</p>`).join('') }),
    },
  };
}
