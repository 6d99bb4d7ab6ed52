import type { DedupIndex } from './dedup-index.js';
import { currentGeneration, generationExpiry } from './dedup-index.js';
import type { DedupSettings } from './dedup-settings.js';
import { resolveDedupSettings } from './dedup-settings.js';
import type { DecisionStore, DocRecord, RawDecision } from './decide-story.js';
import { decideStory, docLookup } from './decide-story.js';

const NOTHING: Array<string | undefined> = [];

export interface MemoryDedupIndexOptions {
  /** Default 7 days. */
  windowSec?: number;
  /** Clock in milliseconds (default Date.now). */
  now?: () => number;
  /** Other settings (dedup-settings.ts); windowSec above wins. */
  settings?: Partial<DedupSettings>;
}

/**
 * A DedupIndex for one process, laid out like the Redis one (one map per generation, dropped when
 * the generation expires) so both decide the same. Memory is bounded by the window.
 */
export function createMemoryDedupIndex(opts: MemoryDedupIndexOptions = {}): DedupIndex {
  const settings = resolveDedupSettings({ ...opts.settings, ...(opts.windowSec === undefined ? {} : { windowSec: opts.windowSec }) });
  const now = opts.now ?? Date.now;
  const gens = new Map<number, Map<string, string | DocRecord>>();

  const store: DecisionStore = {
    getMany: (gen, fields) => {
      const map = gens.get(gen);
      if (!map) return NOTHING;
      return fields.map((f) => {
        const v = map.get(f);
        return typeof v === 'string' ? v : undefined;
      });
    },
    getDocs: (gen, docIds) => {
      const map = gens.get(gen);
      return docIds.map((id) => {
        const v = map?.get(docLookup(id));
        return typeof v === 'object' ? v : undefined;
      });
    },
    setMany: (gen, values, doc) => {
      let map = gens.get(gen);
      if (!map) {
        map = new Map();
        gens.set(gen, map);
      }
      for (const [k, v] of values) map.set(k, v);
      if (doc) map.set(docLookup(doc.docId), doc.record);
    },
  };

  return {
    settings,
    async decide(fingerprints) {
      const nowMs = now();
      for (const gen of gens.keys()) if (generationExpiry(gen, settings) * 1000 <= nowMs) gens.delete(gen);
      const gen = currentGeneration(nowMs, settings);
      const out: RawDecision[] = [];
      for (const fp of fingerprints) out.push(decideStory(fp, settings, store, gen));
      return out;
    },
  };
}
