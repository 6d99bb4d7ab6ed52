import type { Story } from '../model.js';

export interface FeedChannel {
  title: string;
  description: string;
  /** Absolute URL of the feed itself. */
  selfUrl: string;
  /** The one language of its stories, when it was asked for. */
  language?: string;
}

function escapeXml(value: string): string {
  return value
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** The name of a story's source channel: its feed's title when known, else the feed URL's host. */
export function sourceName(feedUrl: string, feedTitles: Record<string, string>): string {
  const title = feedTitles[feedUrl]?.trim();
  if (title) return title;
  try {
    return new URL(feedUrl).host || feedUrl;
  } catch {
    return feedUrl;
  }
}

/** Stored plain text (paragraphs joined by a blank line) as HTML paragraphs, escaped. */
export function textToHtml(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${escapeXml(p).replace(/\n/g, '<br>')}</p>`)
    .join('');
}

/** Stories as an RSS 2.0 document (with the stored text as `content:encoded` where the stories carry it); `feedTitles` (feed URL → title) names each item's `<source>`. */
export function renderRss(channel: FeedChannel, stories: Story[], feedTitles: Record<string, string> = {}): string {
  const items = stories.map((s) => {
    const lines = [
      `<title>${escapeXml(s.title)}</title>`,
      s.url ? `<link>${escapeXml(s.url)}</link>` : '',
      `<guid isPermaLink="false">${escapeXml(s.id)}</guid>`,
      s.publishedAt ? `<pubDate>${new Date(s.publishedAt).toUTCString()}</pubDate>` : '',
      `<description>${escapeXml(s.summary)}</description>`,
      s.language ? `<dc:language>${escapeXml(s.language)}</dc:language>` : '',
      s.text ? `<content:encoded>${escapeXml(textToHtml(s.text))}</content:encoded>` : '',
      ...s.topics.map((t) => `<category>${escapeXml(t.id)}</category>`),
      ...s.sources.slice(0, 1).map((src) => `<source url="${escapeXml(src.feedUrl)}">${escapeXml(sourceName(src.feedUrl, feedTitles))}</source>`),
    ];
    return `<item>${lines.filter(Boolean).join('')}</item>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>',
    `<title>${escapeXml(channel.title)}</title>`,
    `<link>${escapeXml(channel.selfUrl)}</link>`,
    `<description>${escapeXml(channel.description)}</description>`,
    ...(channel.language ? [`<language>${escapeXml(channel.language)}</language>`] : []),
    `<atom:link href="${escapeXml(channel.selfUrl)}" rel="self" type="application/rss+xml"/>`,
    ...items,
    '</channel></rss>',
    '',
  ].join('\n');
}

/** Stories as a JSON Feed 1.1 document: `content_text` is the stored text where the stories carry it, else the summary. */
export function renderJsonFeed(channel: FeedChannel, stories: Story[]) {
  return {
    version: 'https://jsonfeed.org/version/1.1',
    title: channel.title,
    description: channel.description,
    feed_url: channel.selfUrl,
    ...(channel.language ? { language: channel.language } : {}),
    items: stories.map((s) => ({
      id: s.id,
      ...(s.url ? { url: s.url } : {}),
      title: s.title,
      content_text: s.text || s.summary,
      ...(s.text && s.summary ? { summary: s.summary } : {}),
      ...(s.publishedAt ? { date_published: s.publishedAt } : {}),
      ...(s.language ? { language: s.language } : {}),
      tags: s.topics.map((t) => t.id),
      _newsfeed: { clusterId: s.clusterId, sources: s.sources },
    })),
  };
}
