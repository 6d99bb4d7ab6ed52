import type { DedupSettings } from './dedup-settings.js';
import type { RawDecision } from './decide-story.js';
import type { StoryFingerprint } from './fingerprint-story.js';

/**
 * Where stories are remembered. Two implementations with the same decisions: in memory (one
 * process, tests, the offline `cluster` command) and in Redis (shared by every worker).
 */
export interface DedupIndex {
  readonly settings: DedupSettings;
  /** Decides each fingerprint in order, each atomically; later items see earlier ones. */
  decide(fingerprints: readonly StoryFingerprint[]): Promise<RawDecision[]>;
}

/** Generation length in seconds: the window cut into `generations` whole-second parts. */
export function generationSeconds(settings: DedupSettings): number {
  return Math.max(1, Math.ceil(settings.windowSec / settings.generations));
}

export function currentGeneration(nowMs: number, settings: DedupSettings): number {
  return Math.floor(nowMs / 1000 / generationSeconds(settings));
}

/** Unix seconds at which generation gen's buckets expire. */
export function generationExpiry(gen: number, settings: DedupSettings): number {
  return (gen + 1) * generationSeconds(settings) + settings.windowSec;
}
