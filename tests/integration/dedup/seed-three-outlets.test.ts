/**
 * The seed story (../shared/seed/treaty-article.txt) carried by three outlets: the original, a
 * partner feed linking to the same article with tracking parameters, and a summary-only feed.
 * It must become one story with three decisions pointing to it, its text each paragraph once.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import type { DedupInput } from '../../../src/dedup/assign-stories.js';
import { assignStories } from '../../../src/dedup/assign-stories.js';
import { cleanStoryText } from '../../../src/dedup/clean-text.js';
import type { DedupIndex } from '../../../src/dedup/dedup-index.js';
import { createMemoryDedupIndex } from '../../../src/dedup/memory-dedup-index.js';
import { createRedisDedupIndex, deleteDedupKeys } from '../../../src/dedup/redis-dedup-index.js';
import { canonicalUrl } from '../../../src/normalize/canonical-url.js';
import { REDIS_URL, redisAvailable, uniqueName } from '../../helpers/services.js';

const SEED = fileURLToPath(new URL('../../../../shared/seed/treaty-article.txt', import.meta.url));
const HEADLINE = 'Strengthening Alliances: Russia and Iran Forge Military Partnership';
const ARTICLE_URL = 'https://worlddaily.example/world/2025/01/17/russia-iran-military-partnership';

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function outlets(seed: string): { inputs: DedupInput[]; paragraphs: string[] } {
  const lines = seed.split('\n').map((l) => l.trim()).filter(Boolean);
  const html = lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('\n');
  const body = lines.filter((l) => !l.includes('Strengthening Alliances'));
  const make = (itemKey: string, guid: string, url: string, title: string, content: { summaryHtml?: string; contentHtml?: string }): DedupInput => {
    const cleaned = cleanStoryText({ title, ...content });
    return { itemKey, guid, canonicalUrl: canonicalUrl(url), title: cleaned.title, text: cleaned.text, publishedAt: '2025-01-17T09:00:00.000Z' };
  };
  const original = cleanStoryText({ title: HEADLINE, contentHtml: html });
  return {
    paragraphs: original.paragraphs,
    inputs: [
      make('worlddaily:1', 'https://worlddaily.example/?p=4411', ARTICLE_URL, HEADLINE, { contentHtml: html }),
      make('partner:8812', 'partner-8812', `${ARTICLE_URL}/?utm_source=partner&utm_medium=rss&utm_campaign=world#comments`, `${HEADLINE} | World Daily`, { contentHtml: html }),
      make('briefs:77', 'tag:briefs.example,2025:77', 'https://briefs.example/r/77', 'Russia, Iran sign 20-year military pact', {
        summaryHtml: `<p>${escapeHtml(body[1] as string)}</p><p>${escapeHtml(body[2] as string)}</p>`,
      }),
    ],
  };
}

async function checkSeed(index: DedupIndex, seed: string): Promise<void> {
  const { inputs, paragraphs } = outlets(seed);
  expect(paragraphs).toHaveLength(8);
  expect(new Set(paragraphs).size).toBe(8);
  // One batch and item by item must both give one story with three sources.
  const decisions = await assignStories(inputs, { index });
  expect(decisions.map((d) => d.match)).toEqual(['new', 'url', 'contained']);
  const storyId = decisions[0]?.storyId;
  expect(decisions.every((d) => d.storyId === storyId)).toBe(true);
  expect(decisions.slice(1).every((d) => d.duplicateOf === storyId)).toBe(true);
  expect(decisions[2]?.similarity).toBeGreaterThanOrEqual(0.9);
}

describe.skipIf(!existsSync(SEED))('the seed article through three outlets (needs ../shared/seed)', () => {
  it('memory index: one story, three decisions, each paragraph once', async () => {
    await checkSeed(createMemoryDedupIndex(), readFileSync(SEED, 'utf8'));
  });

  it('memory index: the summary first, then the full copies', async () => {
    const { inputs } = outlets(readFileSync(SEED, 'utf8'));
    const index = createMemoryDedupIndex();
    const order = [inputs[2], inputs[1], inputs[0]] as DedupInput[];
    const decisions = [];
    for (const input of order) decisions.push(...(await assignStories([input], { index })));
    expect(decisions.map((d) => d.match)).toEqual(['new', 'contained', 'url']);
    expect(new Set(decisions.map((d) => d.storyId)).size).toBe(1);
    expect(decisions[1]?.fuller).toBe(true);
  });

  it.each([
    ['under the headline', HEADLINE],
    ['under a close headline', 'Russia and Iran forge military partnership'],
  ])('a headline feed carrying only the standfirst sentence %s joins the story, before or after it', async (_name, title) => {
    const seed = readFileSync(SEED, 'utf8');
    const { inputs } = outlets(seed);
    const body = seed.split('\n').map((l) => l.trim()).filter((l) => l && !l.includes('Strengthening Alliances'));
    const cleaned = cleanStoryText({ title, summaryHtml: `<p>${escapeHtml(body[1] as string)}</p>` });
    const teaser: DedupInput = { itemKey: 'headlines:3', guid: 'headlines-3', canonicalUrl: canonicalUrl('https://headlines.example/3'), title: cleaned.title, text: cleaned.text, publishedAt: '2025-01-17T09:30:00.000Z' };
    for (const order of [[inputs[0], teaser], [teaser, inputs[0]]] as DedupInput[][]) {
      const index = createMemoryDedupIndex();
      const decisions = [];
      for (const input of order) decisions.push(...(await assignStories([input], { index })));
      expect(decisions.map((d) => d.match)).toEqual(['new', 'contained']);
      expect(decisions[1]?.storyId).toBe(decisions[0]?.storyId);
    }
  });

  it('a headline-only feed (no text at all) under the headline joins the story, before or after it, on both indexes', async () => {
    const { inputs } = outlets(readFileSync(SEED, 'utf8'));
    const headline: DedupInput = { itemKey: 'headlines:4', guid: 'headlines-4', canonicalUrl: canonicalUrl('https://headlines.example/4'), title: cleanStoryText({ title: HEADLINE }).title, text: '', publishedAt: '2025-01-17T09:30:00.000Z' };
    const redis = redisAvailable ? new Redis(REDIS_URL, { maxRetriesPerRequest: 2 }) : null;
    const prefix = uniqueName('seed-headline');
    try {
      for (const order of [[inputs[0], headline, inputs[2]], [headline, inputs[0], inputs[2]]] as DedupInput[][]) {
        const indexes: DedupIndex[] = [createMemoryDedupIndex()];
        if (redis) indexes.push(createRedisDedupIndex(redis, { prefix: `${prefix}-${order[0]!.itemKey}` }));
        for (const index of indexes) {
          const decisions = [];
          for (const input of order) decisions.push(...(await assignStories([input], { index })));
          expect(decisions.map((d) => d.match)).toEqual(['new', 'title', 'contained']);
          expect(new Set(decisions.map((d) => d.storyId)).size).toBe(1);
          expect(decisions[1]?.fuller).toBe(order[0] === headline);
        }
      }
    } finally {
      if (redis) {
        for (const first of ['worlddaily:1', 'headlines:4']) await deleteDedupKeys(redis, `${prefix}-${first}`);
        redis.disconnect();
      }
    }
  });

  it.skipIf(!redisAvailable)('Redis index: one story, three decisions', async () => {
    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 2 });
    const prefix = uniqueName('seed');
    try {
      await checkSeed(createRedisDedupIndex(redis, { prefix }), readFileSync(SEED, 'utf8'));
    } finally {
      await deleteDedupKeys(redis, prefix);
      redis.disconnect();
    }
  });
});
