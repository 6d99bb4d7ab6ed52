import { resolveNumericSettings } from './dedup-settings.js';

/**
 * Limits of event clustering, each with its default. Workers sharing one cluster index must use
 * the same feature settings (marked *).
 */
export interface ClusterSettings {
  /** Stories further apart than this (by publication time) never share a cluster; index entries live at least this long (default 72 h). */
  windowSec: number;
  /** The window is cut into this many generations; a lookup reads the current one and this many before it, and entries live between 1 and 1 + 1/generations windows (default 1: two hashes per lookup). */
  generations: number;
  /** Weighted Jaccard of the event features at or above which two stories share a cluster (default 0.15). */
  threshold: number;
  /**
   * * A story whose text has fewer words than this is a headline (a headline-only feed item, or a
   * headline with a line): against it the score is the share of the headline's feature weight the
   * other story holds, not the Jaccard, and every shared feature counts (default 10; 0: none).
   */
  headlineWords: number;
  /** The share of a headline's feature weight the other story must hold (default 0.6). */
  headlineThreshold: number;
  /** Content words a headline must share with the other story, besides names and numbers (default 2). */
  headlineSharedWords: number;
  /** Content words the two stories must share, besides names and numbers (default 3). */
  minSharedWords: number;
  /** Names (capitalised words, given entities) the two stories must share (default 1). */
  minSharedNames: number;
  /** * Words of the text read after the title: the lead carries the event (default 150). */
  leadWords: number;
  /** * Features kept per story, heaviest first (default 64); all are stored in the story's record and scored. */
  maxFeatures: number;
  /** * The heaviest features that get postings (anchors): candidates come from them (default 16, at most 32). */
  anchorFeatures: number;
  /** Stories remembered per anchor, newest first; a full list marks a common feature (default 8). */
  maxPostings: number;
  /** Best candidates by shared anchor weight scored against their records (default 4). */
  maxCandidates: number;
  /**
   * Postings lists a story that starts a cluster has checked at its commit (its heaviest anchors whose
   * lists are not full): a concurrent report of the same event that wrote one of them sends the story
   * round again (default 10; 0 = no check; anchorFeatures = every rare list, the full guarantee).
   */
  checkedAnchors: number;
  /** Decide-and-commit rounds when concurrent stories keep changing the checked postings; then DEDUP_INDEX_UNAVAILABLE (default 8). */
  commitAttempts: number;
}

export const DEFAULT_CLUSTER_SETTINGS: Readonly<ClusterSettings> = Object.freeze({
  windowSec: 72 * 3600,
  generations: 1,
  threshold: 0.15,
  headlineWords: 10,
  headlineThreshold: 0.6,
  headlineSharedWords: 2,
  minSharedWords: 3,
  minSharedNames: 1,
  leadWords: 150,
  maxFeatures: 64,
  anchorFeatures: 16,
  maxPostings: 8,
  maxCandidates: 4,
  checkedAnchors: 10,
  commitAttempts: 8,
});

const LIMITS: Readonly<Record<keyof ClusterSettings, readonly [number, number]>> = {
  windowSec: [60, 90 * 24 * 3600],
  generations: [1, 16],
  threshold: [0.01, 1],
  headlineWords: [0, 1000],
  headlineThreshold: [0.01, 1],
  headlineSharedWords: [0, 100],
  minSharedWords: [0, 100],
  minSharedNames: [0, 100],
  leadWords: [10, 10_000],
  maxFeatures: [4, 512],
  anchorFeatures: [1, 32],
  maxPostings: [1, 256],
  maxCandidates: [1, 256],
  checkedAnchors: [0, 32],
  commitAttempts: [1, 100],
};

/** Defaults overlaid with the given values; throws DedupInputError (DEDUP_BAD_SETTING) when out of range. */
export function resolveClusterSettings(overrides: Partial<ClusterSettings> = {}): ClusterSettings {
  return resolveNumericSettings('cluster', DEFAULT_CLUSTER_SETTINGS, LIMITS, overrides);
}
