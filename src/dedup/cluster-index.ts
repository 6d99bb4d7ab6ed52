import type { ClusterFingerprint } from './cluster-features.js';
import type { ClusterSettings } from './cluster-settings.js';

/** Where recent stories' event features are remembered: in memory or in Redis, same decisions. */
export interface ClusterIndex {
  readonly settings: ClusterSettings;
  /** One clusterId per fingerprint, in order, each decided atomically; later ones see earlier ones. */
  decide(fingerprints: readonly ClusterFingerprint[]): Promise<string[]>;
}

export function clusterGenerationSeconds(settings: ClusterSettings): number {
  return Math.max(1, Math.ceil(settings.windowSec / settings.generations));
}

export function currentClusterGeneration(nowMs: number, settings: ClusterSettings): number {
  return Math.floor(nowMs / 1000 / clusterGenerationSeconds(settings));
}

/** Unix seconds at which generation gen expires. */
export function clusterGenerationExpiry(gen: number, settings: ClusterSettings): number {
  return (gen + 1) * clusterGenerationSeconds(settings) + settings.windowSec;
}
