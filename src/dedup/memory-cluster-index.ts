import type { ClusterIndex } from './cluster-index.js';
import { clusterGenerationExpiry } from './cluster-index.js';
import type { ClusterSettings } from './cluster-settings.js';
import { resolveClusterSettings } from './cluster-settings.js';
import type { ClusterCommitResult, ClusterStore } from './cluster-store.js';
import { decideClusters } from './decide-cluster.js';

export interface MemoryClusterIndexOptions {
  /** Default 72 hours. */
  windowSec?: number;
  /** Clock in milliseconds (default Date.now). */
  now?: () => number;
  /** Other settings (cluster-settings.ts); windowSec above wins. */
  settings?: Partial<ClusterSettings>;
}

const EMPTY = Buffer.alloc(0);

/** A ClusterIndex for one process, the same bytes as the Redis one in Maps; memory bounded by the window. */
export function createMemoryClusterIndex(opts: MemoryClusterIndexOptions = {}): ClusterIndex {
  const settings = resolveClusterSettings({ ...opts.settings, ...(opts.windowSec === undefined ? {} : { windowSec: opts.windowSec }) });
  const now = opts.now ?? Date.now;
  const gens = new Map<number, Map<string, Buffer>>();
  const store: ClusterStore = {
    async readLatest(readGens, fields) {
      return readGens.map((gen) => {
        const map = gens.get(gen);
        return fields.map((f) => map?.get(f) ?? null);
      });
    },
    async read(reads) {
      return reads.map(({ gen, fields }) => {
        const map = gens.get(gen);
        return fields.map((f) => map?.get(f) ?? null);
      });
    },
    async commit(gen, _expireAtSec, stories) {
      let map = gens.get(gen);
      if (!map) {
        map = new Map();
        gens.set(gen, map);
      }
      const hash = map;
      // As the commit script (cluster-script.ts): a list "still is" its expected value when its
      // length and first 4 bytes are the same.
      return stories.map((s): ClusterCommitResult => {
        const record = hash.get(s.recordField);
        if (record) return { kind: 'known', record };
        const changed = s.lists.some((l) => {
          if (l.mode !== 'check') return false;
          const now = hash.get(l.field) ?? EMPTY;
          const head = Math.min(4, now.length);
          return now.length !== l.expected.length || now.compare(l.expected, 0, head, 0, head) !== 0;
        });
        if (changed) return { kind: 'conflict' };
        hash.set(s.recordField, s.record);
        for (const l of s.lists) hash.set(l.field, l.next);
        return { kind: 'registered' };
      });
    },
  };
  return {
    settings,
    async decide(fingerprints) {
      const nowMs = now();
      for (const gen of gens.keys()) if (clusterGenerationExpiry(gen, settings) * 1000 <= nowMs) gens.delete(gen);
      return decideClusters(fingerprints, settings, store, nowMs);
    },
  };
}
