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

  const run = async (rows: unknown[], batch: number) => {
    const { io, out } = memoryIo(rows.map((l) => JSON.stringify(l)).join('\n'));
    const code = await runCluster(['--jsonl', '--batch', String(batch)], io);
    return { code, rows: out().trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>) };
  };
  /** `lines` with the ids `ids` gives them, and `expected` with the same ids. */
  const withIds = (ids: Array<string | number>) => {
    const to = (id: unknown) => (id === null ? null : ids['abcdef'.indexOf(id as string)]);
    return { input: lines.map((l, i) => ({ ...l, id: ids[i] })), output: expected.map((e) => ({ id: to(e.id), clusterId: to(e.clusterId), duplicateOf: to(e.duplicateOf) })) };
  };

  it.each<[string, Array<string | number>, number]>([
    ['numbers', [1, 2, 3, 4, 5, 6], 100],
    ['numbers, one line per batch', [1, 2, 3, 4, 5, 6], 1],
    ['numbers and strings', [10, 'b', 30, '4', 0, -1.5], 2],
  ])('writes ids back as given: %s', async (_name, ids, batch) => {
    const { input, output } = withIds(ids);
    const { code, rows } = await run(input, batch);
    expect(code).toBe(0);
    expect(rows).toEqual(output);
  });

  it.each<[string, Array<string | number>, number, number, string]>([
    ['a string id again', ['a', 'b', 'a', 'c', 'd', 'e'], 100, 2, 'line 3: id "a" was given on line 1 already; give each line an id of its own'],
    ['a number id again, in a later batch', [1, 2, 3, 4, 5, 1], 2, 5, 'line 6: id 1 was given on line 1 already; give each line an id of its own'],
    ['a number id again as a string', [1, 2, '1', 4, 5, 6], 1, 2, 'line 3: id "1" was given on line 1 already (as 1: ids that read the same are one id); give each line an id of its own'],
  ])('answers a repeated id with CLUSTER_INPUT_INVALID on its line and goes on: %s', async (_name, ids, batch, at, message) => {
    const { code, rows } = await run(lines.map((l, i) => ({ ...l, id: ids[i] })), batch);
    expect(code).toBe(1);
    expect(rows).toHaveLength(lines.length);
    expect(rows[at]).toEqual({ id: ids[at], error: { code: 'CLUSTER_INPUT_INVALID', message } });
    // The other lines as before: the first line with the id keeps it.
    expect(rows.filter((_, i) => i !== at).every((r) => 'clusterId' in r)).toBe(true);
    expect(rows[0]).toEqual({ id: ids[0], clusterId: ids[0], duplicateOf: null });
  });

  it('needs --jsonl', async () => {
    const { io, err } = memoryIo('');
    expect(await runCluster([], io)).toBe(2);
    expect(err()).toContain('usage: newsfeed cluster --jsonl');
  });
});
