import { describe, expect, it } from 'vitest';
import { clusterLines } from '../../../src/dedup/cluster-lines.js';
import type { ClusterLine } from '../../../src/dedup/cluster-lines.js';
import { DedupInputError } from '../../../src/dedup/dedup-errors.js';
import { createMemoryClusterIndex } from '../../../src/dedup/memory-cluster-index.js';
import { createMemoryDedupIndex } from '../../../src/dedup/memory-dedup-index.js';
import { fixture } from './dedup-table.js';

/** The fixtures as plain text, the way `cluster --jsonl` receives them. */
function plain(name: string): string {
  return fixture(name)
    .replace(/<\/(p|div|blockquote)>/g, '\n\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&quot;/g, '"')
    .trim();
}

const deps = () => ({ dedup: createMemoryDedupIndex(), clusters: createMemoryClusterIndex() });
const at = (h: number) => new Date(Date.parse('2025-03-03T08:00:00Z') + h * 3600_000).toISOString();

describe('clusterLines (the cluster --jsonl contract)', () => {
  it('reports copies with duplicateOf and events with one clusterId, in arrival order', async () => {
    const lines: ClusterLine[] = [
      { id: 'a', title: 'Cyclone Mara kills 12 in southern Mozambique', text: plain('cyclone-original.html'), url: 'https://wire.example/mara', publishedAt: at(0) },
      { id: 'b', title: 'Russia and Iran start joint naval drill near Hormuz', text: plain('iran-russia-drill.html'), url: 'https://afp.example/drill', publishedAt: at(1) },
      { id: 'c', title: 'At least 12 dead as Cyclone Mara slams Mozambique coast', text: plain('cyclone-syndicated.html'), url: 'https://digest.example/mara', publishedAt: at(2) },
      { id: 'd', title: 'Cyclone Mara', text: 'Short teaser.', url: 'https://wire.example/mara?utm_source=x', publishedAt: at(2) },
      { id: 'e', title: 'Mozambique cyclone leaves at least a dozen dead', text: plain('cyclone-independent.html'), url: 'https://other.example/x', publishedAt: at(3) },
      { id: 'f', title: 'Mozambique central bank cuts key rate to 12.75%', text: plain('mozambique-rates.html'), url: null, publishedAt: at(4) },
    ];
    expect(await clusterLines(lines, deps())).toEqual([
      { id: 'a', clusterId: 'a', duplicateOf: null },
      { id: 'b', clusterId: 'b', duplicateOf: null },
      { id: 'c', clusterId: 'a', duplicateOf: 'a' },
      { id: 'd', clusterId: 'a', duplicateOf: 'a' },
      { id: 'e', clusterId: 'a', duplicateOf: null },
      { id: 'f', clusterId: 'f', duplicateOf: null },
    ]);
  });

  it.each([
    [{ id: '', title: '', text: '' }, 'id'],
    [{ id: 'x', title: 3, text: '' }, 'title'],
    [{ id: 'x', title: '', text: '', url: 5 }, 'url'],
  ])('rejects a malformed line %j', async (line, field) => {
    const err = await clusterLines([line as unknown as ClusterLine], deps()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DedupInputError);
    expect((err as Error).message).toContain(field);
  });
});
