/**
 * Event-clustering cases run against both cluster indexes (memory: cluster-cases.test.ts, Redis:
 * tests/integration/dedup/redis-cluster-index.test.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { ClusterInput } from '../../../src/dedup/cluster-features.js';
import { cleanStoryText } from '../../../src/dedup/clean-text.js';
import { fixture } from './dedup-table.js';

const SEED = fileURLToPath(new URL('../../../../shared/seed/treaty-article.txt', import.meta.url));
export const SEED_PRESENT = existsSync(SEED);

const T0 = Date.parse('2025-01-17T08:00:00.000Z');

function story(storyId: string, title: string, html: string, hoursAfter = 0, entities?: ClusterInput['entities']): ClusterInput {
  const cleaned = cleanStoryText({ title, contentHtml: html });
  return { storyId, title: cleaned.title, text: cleaned.text, publishedAt: new Date(T0 + hoursAfter * 3600_000).toISOString(), ...(entities ? { entities } : {}) };
}

export const STORIES = {
  treatyWire: (id = 'treaty-wire', h = 0) => story(id, 'Putin and Pezeshkian sign 20-year partnership treaty', fixture('treaty-wire.html'), h),
  treatyAnalysis: (id = 'treaty-analysis', h = 3) => story(id, 'Iran and Russia seal two-decade strategic pact', fixture('treaty-analysis.html'), h),
  treatyAnalysisWithEntities: (id = 'treaty-analysis-e', h = 3) =>
    story(id, 'Iran and Russia seal two-decade strategic pact', fixture('treaty-analysis.html'), h, {
      places: ['Iran', 'Russia', 'Moscow', 'Azerbaijan'],
      people: ['Masoud Pezeshkian', 'Vladimir Putin'],
      organizations: [],
    }),
  seed: (id = 'treaty-seed', h = 1) =>
    story(id, 'Strengthening Alliances: Russia and Iran Forge Military Partnership', SEED_PRESENT ? readFileSync(SEED, 'utf8') : '', h),
  drill: (id = 'drill', h = 2) => story(id, 'Russia and Iran start joint naval drill near Hormuz', fixture('iran-russia-drill.html'), h),
  wheat: (id = 'wheat', h = 4) => story(id, 'Iran steps up Russian wheat purchases', fixture('russia-iran-wheat.html'), h),
  cyclone: (id = 'cyclone', h = 1) => story(id, 'Cyclone Mara kills 12 in southern Mozambique', fixture('cyclone-original.html'), h),
  cycloneIndependent: (id = 'cyclone-indep', h = 5) => story(id, 'Mozambique cyclone leaves at least a dozen dead', fixture('cyclone-independent.html'), h),
  cycloneUpdate: (id = 'cyclone-update', h = 3) => story(id, 'Mozambique cyclone death toll rises to 15', fixture('cyclone-update.html'), h),
  cycloneSyndicated: (id = 'cyclone-synd', h = 2) => story(id, 'Cyclone Mara kills 12 in Mozambique, officials say', fixture('cyclone-syndicated.html'), h),
  cycloneSummary: (id = 'cyclone-summary', h = 2) => story(id, 'Cyclone Mara kills 12', fixture('cyclone-summary.html'), h),
  rates: (id = 'mz-rates', h = 6) => story(id, 'Mozambique central bank cuts key rate to 12.75%', fixture('mozambique-rates.html'), h),
};

/** A headline-only item, with the places and people the classifier finds in it (as the ingest worker passes them). */
function headline(storyId: string, title: string, places: string[], people: string[] = [], hoursAfter = 1): ClusterInput {
  return { storyId, title, text: '', publishedAt: new Date(T0 + hoursAfter * 3600_000).toISOString(), entities: { places, people, organizations: [] } };
}

export const HEADLINES = {
  treaty: () => headline('h-treaty', 'Russia and Iran sign 20-year strategic partnership treaty', ['Russia', 'Iran']),
  treatyLeaders: () => headline('h-leaders', 'Putin, Pezeshkian sign Russia-Iran treaty in Moscow', ['Russia', 'Iran', 'Moscow'], ['Vladimir Putin', 'Masoud Pezeshkian']),
  drill: () => headline('h-drill', 'Russia and Iran start joint naval drill near Hormuz', ['Russia', 'Iran', 'Strait of Hormuz']),
  wheat: () => headline('h-wheat', 'Iran steps up Russian wheat purchases', ['Iran', 'Russia']),
  meeting: () => headline('h-meeting', 'Putin meets Pezeshkian in Moscow', ['Moscow'], ['Vladimir Putin', 'Masoud Pezeshkian']),
  defencePact: () => headline('h-defence-pact', 'Iran, Russia sign defence pact', ['Iran', 'Russia']),
  cyclone: () => headline('h-cyclone', 'Cyclone Mara hits southern Mozambique, 12 killed', ['Mozambique']),
  cycloneToll: () => headline('h-cyclone-toll', 'Floods after cyclone: Mozambique appeals for aid', ['Mozambique']),
};

export interface ClusterCase {
  name: string;
  needsSeed?: boolean;
  batches: ClusterInput[][];
  /** Per story (flattened): the index of the story whose cluster it must join, or null for its own new cluster. */
  sameAs: Array<number | null>;
}

export const CLUSTER_CASES: ClusterCase[] = [
  {
    name: 'independent reports of the treaty share a cluster; the naval drill and the wheat trade do not',
    batches: [[STORIES.treatyWire()], [STORIES.drill()], [STORIES.treatyAnalysis()], [STORIES.wheat()]],
    sameAs: [null, null, 0, null],
  },
  {
    name: 'the seed article joins the independent treaty reports',
    needsSeed: true,
    batches: [[STORIES.seed()], [STORIES.treatyWire()], [STORIES.drill()], [STORIES.treatyAnalysis()]],
    sameAs: [null, 0, null, 0],
  },
  {
    name: 'a cyclone and an independent report of it cluster; a rate cut in the same country does not',
    batches: [[STORIES.cyclone(), STORIES.rates(), STORIES.cycloneIndependent()]],
    sameAs: [null, null, 0],
  },
  {
    name: 'different events stay apart whatever the order',
    batches: [[STORIES.wheat(), STORIES.drill(), STORIES.rates(), STORIES.cyclone(), STORIES.treatyWire()]],
    sameAs: [null, null, null, null, null],
  },
  {
    name: 'reports further apart than the window start a new cluster',
    batches: [[STORIES.treatyWire()], [STORIES.treatyAnalysis('treaty-analysis-late', 80)]],
    sameAs: [null, null],
  },
  {
    name: 'entities from the classifier are optional on either side',
    batches: [[STORIES.treatyWire()], [STORIES.treatyAnalysisWithEntities()]],
    sameAs: [null, 0],
  },
  {
    name: 'headlines of the treaty (headline-only items) join its report; headlines of other Russia-Iran news do not',
    batches: [[STORIES.treatyWire()], [HEADLINES.treaty()], [HEADLINES.treatyLeaders()], [HEADLINES.drill()], [HEADLINES.wheat()], [HEADLINES.meeting()]],
    sameAs: [null, 0, 0, null, null, null],
  },
  {
    name: 'a report joins the cluster of its headline that came first; headlines join each other',
    batches: [[HEADLINES.treaty()], [STORIES.treatyWire()], [HEADLINES.treatyLeaders()], [HEADLINES.cyclone()], [STORIES.cyclone()], [HEADLINES.cycloneToll()]],
    sameAs: [null, 0, 0, null, 3, null],
  },
  {
    name: 'a British headline ("defence pact") joins an American report ("defense", "treaty") of the event',
    needsSeed: true,
    batches: [[STORIES.seed()], [HEADLINES.defencePact()], [HEADLINES.drill()]],
    sameAs: [null, 0, null],
  },
  {
    name: 'an empty story starts its own cluster',
    batches: [[STORIES.treatyWire()], [{ storyId: 'empty', title: '', text: '', publishedAt: null }]],
    sameAs: [null, null],
  },
];
/**
 * Reports of two events and three unrelated stories, for racing workers: every pair of reports of
 * one event clusters when registered one after the other, in any order, so any interleaving must
 * give one cluster per event.
 */
export function racingStories(): { treaty: ClusterInput[]; cyclone: ClusterInput[]; others: ClusterInput[] } {
  return {
    treaty: [STORIES.treatyWire(), STORIES.treatyAnalysis(), STORIES.treatyAnalysisWithEntities(), ...(SEED_PRESENT ? [STORIES.seed()] : [])],
    cyclone: [STORIES.cyclone(), STORIES.cycloneIndependent(), STORIES.cycloneUpdate(), STORIES.cycloneSyndicated(), STORIES.cycloneSummary()],
    others: [STORIES.drill(), STORIES.wheat(), STORIES.rates()],
  };
}

/** 0..n-1 in a deterministic shuffled order (Fisher-Yates over a small LCG). */
export function shuffled(n: number, seed: number): number[] {
  const out = Array.from({ length: n }, (_, i) => i);
  let x = seed >>> 0;
  for (let i = n - 1; i > 0; i--) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    const j = x % (i + 1);
    [out[i], out[j]] = [out[j] as number, out[i] as number];
  }
  return out;
}

/** Checks the clusters of racing stories: one per event, the others alone. */
export function expectRaceClusters(stories: ReturnType<typeof racingStories>, clusterOf: ReadonlyMap<string, string>): void {
  const ids = (list: ClusterInput[]) => new Set(list.map((s) => clusterOf.get(s.storyId)));
  const treaty = ids(stories.treaty);
  const cyclone = ids(stories.cyclone);
  expect(treaty.size).toBe(1);
  expect(cyclone.size).toBe(1);
  expect([...treaty][0]).not.toBe([...cyclone][0]);
  for (const s of stories.others) expect(clusterOf.get(s.storyId)).toBe(s.storyId);
}

/** Checks the clusters of a case's stories (flattened). */
export function expectClusters(stories: ClusterInput[], clusters: string[], sameAs: Array<number | null>): void {
  expect(clusters).toHaveLength(stories.length);
  sameAs.forEach((target, i) => {
    const got = { story: stories[i]?.storyId, cluster: clusters[i] };
    if (target === null) expect(got).toEqual({ story: stories[i]?.storyId, cluster: stories[i]?.storyId });
    else expect(got).toEqual({ story: stories[i]?.storyId, cluster: clusters[target] });
  });
}

