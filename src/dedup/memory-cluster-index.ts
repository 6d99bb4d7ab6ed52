import type { ClusterIndex } from './cluster-index.js';
import { clusterGenerationExpiry, currentClusterGeneration } from './cluster-index.js';
import type { ClusterSettings } from './cluster-settings.js';
import { resolveClusterSettings } from './cluster-settings.js';
import type { ClusterStore } from './decide-cluster.js';
import { decideCluster } from './decide-cluster.js';

export interface MemoryClusterIndexOptions {
  /** Default 72 hours. */
  windowSec?: number;
  /** Clock in milliseconds (default Date.now). */
  now?: () => number;
  /** Other settings (cluster-settings.ts); windowSec above wins. */
  settings?: Partial<ClusterSettings>;
}

const NOTHING: Array<string | undefined> = [];

/** A ClusterIndex for one process, laid out like the Redis one; memory bounded by the window. */
export function createMemoryClusterIndex(opts: MemoryClusterIndexOptions = {}): ClusterIndex {
  const settings = resolveClusterSettings({ ...opts.settings, ...(opts.windowSec === undefined ? {} : { windowSec: opts.windowSec }) });
  const now = opts.now ?? Date.now;
  const gens = new Map<number, Map<string, string>>();
  const store: ClusterStore = {
    getMany: (gen, fields) => {
      const map = gens.get(gen);
      return map ? fields.map((f) => map.get(f)) : NOTHING;
    },
    setMany: (gen, values) => {
      let map = gens.get(gen);
      if (!map) {
        map = new Map();
        gens.set(gen, map);
      }
      for (const [k, v] of values) map.set(k, v);
    },
  };
  return {
    settings,
    async decide(fingerprints) {
      const nowMs = now();
      for (const gen of gens.keys()) if (clusterGenerationExpiry(gen, settings) * 1000 <= nowMs) gens.delete(gen);
      const gen = currentClusterGeneration(nowMs, settings);
      return fingerprints.map((fp) => decideCluster(fp, settings, store, gen, Math.floor(nowMs / 1000)));
    },
  };
}
