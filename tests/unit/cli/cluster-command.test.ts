import { describe, expect, it } from 'vitest';
import { runCluster } from '../../../src/cli/cluster-command.js';
import { memoryIo } from '../../helpers/cli-streams.js';
import { fixture } from '../dedup/dedup-table.js';

function plain(name: string): string {
  return fixture(name).replace(/<\/(p|div|blockquote)>/g, '\n\n').replace(/<[^>]+>/g, '').replace(/&quot;/g, '"').trim();
}
const at = (h: number) => new Date(Date.parse('2025-03-03T08:00:00Z') + h * 3600_000).toISOString();

describe('newsfeed cluster --jsonl', () => {
  const lines = [
    { id: 'a', title: 'Cyclone Mara kills 12 in southern Mozambique', text: plain('cyclone-original.html'), url: 'https://wire.example/mara', publishedAt: at(0) },
    { id: 'b', title: 'Russia and Iran start joint naval drill near Hormuz', text: plain('iran-russia-drill.html'), url: 'https://afp.example/drill', publishedAt: at(1) },
    { id: 'c', title: 'At least 12 dead as Cyclone Mara slams Mozambique coast', text: plain('cyclone-syndicated.html'), url: 'https://digest.example/mara', publishedAt: at(2) },
    { id: 'd', title: 'Cyclone Mara', text: 'Short teaser.', url: 'https://wire.example/mara?utm_source=x', publishedAt: at(2) },
    { id: 'e', title: 'Mozambique cyclone leaves at least a dozen dead', text: plain('cyclone-independent.html'), url: 'https://other.example/x', publishedAt: at(3) },
    { id: 'f', title: 'Mozambique central bank cuts key rate to 12.75%', text: plain('mozambique-rates.html'), url: null, publishedAt: at(4) },
  ];
  const expected = [
    { id: 'a', clusterId: 'a', duplicateOf: null },
    { id: 'b', clusterId: 'b', duplicateOf: null },
    { id: 'c', clusterId: 'a', duplicateOf: 'a' },
    { id: 'd', clusterId: 'a', duplicateOf: 'a' },
    { id: 'e', clusterId: 'a', duplicateOf: null },
    { id: 'f', clusterId: 'f', duplicateOf: null },
  ];

  it.each([1, 2, 100])('reports copies and events in arrival order (batches of %i)', async (batch) => {
    const { io, out } = memoryIo(lines.map((l) => JSON.stringify(l)).join('\n'));
    expect(await runCluster(['--jsonl', '--batch', String(batch)], io)).toBe(0);
    expect(out().trim().split('\n').map((l) => JSON.parse(l))).toEqual(expected);
  });

  it('answers a bad line with a coded error and exit 1, and goes on', async () => {
    const { io, out } = memoryIo(['not json', JSON.stringify({ title: 'no id' }), JSON.stringify(lines[0])].join('\n'));
    expect(await runCluster(['--jsonl'], io)).toBe(1);
    const rows = out().trim().split('\n').map((l) => JSON.parse(l));
    expect(rows[0].error.code).toBe('CLUSTER_INPUT_INVALID');
    expect(rows[1].error.code).toBe('CLUSTER_INPUT_INVALID');
    expect(rows[2]).toEqual({ id: 'a', clusterId: 'a', duplicateOf: null });
  });

  it('needs --jsonl', async () => {
    const { io, err } = memoryIo('');
    expect(await runCluster([], io)).toBe(2);
    expect(err()).toContain('usage: newsfeed cluster --jsonl');
  });
});
