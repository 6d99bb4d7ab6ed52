import type { StoryWrite } from '../../src/store/story-store.js';

/** What a test says of a story to write; the rest is derived from `name` (default the id). */
export interface StorySpec {
  id: string;
  /** Used in the title, text, summary and URLs: `Story ${name}`, `https://news.example/${name}`. */
  name?: string;
  title?: string;
  text?: string;
  publishedAt: string | null;
  topics?: string[];
  score?: number;
  evidence?: string[];
  places?: string[];
  people?: string[];
}

/** The first copy of a story from feed 1 (https://news.example/feed.xml), ingested 2025-02-01. */
export function storyWrite(spec: StorySpec): StoryWrite {
  const { id, name = id } = spec;
  const url = `https://news.example/${name}`;
  return {
    storyId: id,
    clusterId: id,
    canonical: true,
    ingestedAt: '2025-02-01T00:00:00.000Z',
    story: {
      title: spec.title ?? `Story ${name}`,
      url,
      canonicalUrl: url,
      summary: `Summary ${name}`,
      text: spec.text ?? `Text of story ${name}`,
      publishedAt: spec.publishedAt,
      topics: (spec.topics ?? []).map((t) => ({ id: t, score: spec.score ?? 0.8, evidence: spec.evidence ?? ['gas'] })),
      entities: { places: (spec.places ?? []).map((n) => ({ name: n, count: 1 })), people: (spec.people ?? []).map((n) => ({ name: n, count: 1 })), organizations: [] },
    },
    source: { itemKey: `1:${id}`, feedId: 1, feedUrl: 'https://news.example/feed.xml', guid: id, url, canonicalUrl: null, title: `Story ${name}`, publishedAt: null, match: 'new', similarity: null },
  };
}
