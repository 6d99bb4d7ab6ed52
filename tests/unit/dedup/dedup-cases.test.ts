import { describe, expect, it } from 'vitest';
import type { DedupDecision, DedupInput } from '../../../src/dedup/assign-stories.js';
import { assignStories } from '../../../src/dedup/assign-stories.js';
import { DedupInputError } from '../../../src/dedup/dedup-errors.js';
import { createMemoryDedupIndex } from '../../../src/dedup/memory-dedup-index.js';
import { CYCLONE, DEDUP_CASES, OTHER, checkCase } from './dedup-table.js';

async function runBatches(batches: DedupInput[][], index = createMemoryDedupIndex()): Promise<DedupDecision[]> {
  const out: DedupDecision[] = [];
  for (const batch of batches) out.push(...(await assignStories(batch, { index })));
  return out;
}

describe('assignStories with the memory index', () => {
  it.each(DEDUP_CASES)('$name', async (c) => {
    checkCase(c, await runBatches(c.batches));
  });

  it('is idempotent: the same batch twice gives the same decisions and changes nothing', async () => {
    const index = createMemoryDedupIndex();
    const batch = [CYCLONE.original(), CYCLONE.syndicated(), CYCLONE.update(), CYCLONE.summary(), OTHER.drill()];
    const first = await assignStories(batch, { index });
    const second = await assignStories(batch, { index });
    expect(second).toEqual(first);
    // Nothing changed: a new copy still joins the story the first batch created, as the same kind of match.
    const later = await assignStories([CYCLONE.tracked()], { index });
    expect(later[0]).toMatchObject({ match: 'url', storyId: first[0]?.storyId });
  });

  it('gives a new story an id derived from its itemKey (a retried job gets the same id)', async () => {
    const a = await assignStories([CYCLONE.original('feed9:guid-1')], { index: createMemoryDedupIndex() });
    const b = await assignStories([CYCLONE.original('feed9:guid-1')], { index: createMemoryDedupIndex() });
    const c = await assignStories([CYCLONE.original('feed9:guid-2')], { index: createMemoryDedupIndex() });
    expect(a[0]?.storyId).toBe(b[0]?.storyId);
    expect(a[0]?.storyId).not.toBe(c[0]?.storyId);
  });

  it('joins every copy of one story whatever the arrival order', async () => {
    const copies = [CYCLONE.original(), CYCLONE.syndicated(), CYCLONE.update(), CYCLONE.tracked(), CYCLONE.summary()];
    const orders = permutations([0, 1, 2, 3, 4]);
    for (const order of orders) {
      const decisions = await runBatches(order.map((i) => [copies[i] as DedupInput]));
      expect({ order, stories: new Set(decisions.map((d) => d.storyId)).size }).toEqual({ order, stories: 1 });
      expect(decisions.filter((d) => d.match === 'new')).toHaveLength(1);
    }
  });

  it('forgets stories after the window', async () => {
    let now = Date.UTC(2025, 2, 3);
    const index = createMemoryDedupIndex({ windowSec: 3600, now: () => now });
    const [first] = await assignStories([CYCLONE.original('a:1')], { index });
    now += 1800 * 1000;
    const [inside] = await assignStories([CYCLONE.syndicated('b:1')], { index });
    expect(inside).toMatchObject({ match: 'text', storyId: first?.storyId });
    now += 2 * 3600 * 1000;
    const [after] = await assignStories([CYCLONE.syndicated('c:1')], { index });
    expect(after?.match).toBe('new');
  });

  it.each([
    [{ itemKey: '', guid: 'g', canonicalUrl: null, title: 't', text: 'x', publishedAt: null }, 'itemKey'],
    [{ itemKey: 'k', guid: 7, canonicalUrl: null, title: 't', text: 'x', publishedAt: null }, 'guid'],
    [{ itemKey: 'k', guid: 'g', canonicalUrl: 3, title: 't', text: 'x', publishedAt: null }, 'canonicalUrl'],
    [{ itemKey: 'k', guid: 'g', canonicalUrl: null, title: null, text: 'x', publishedAt: null }, 'title'],
    [{ itemKey: 'k', guid: 'g', canonicalUrl: null, title: 't', text: undefined, publishedAt: null }, 'text'],
    [null, 'object'],
  ])('rejects a malformed input before touching the index (%j)', async (bad, field) => {
    const index = createMemoryDedupIndex();
    const good = CYCLONE.original();
    const err = await assignStories([good, bad as unknown as DedupInput], { index }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DedupInputError);
    expect(err).toMatchObject({ code: 'DEDUP_BAD_INPUT', retryable: false, details: { index: 1 } });
    expect((err as Error).message).toContain(field);
    // The good item was not registered: it is still new.
    const [again] = await assignStories([good], { index });
    expect(again?.match).toBe('new');
  });

  it('returns nothing for an empty batch', async () => {
    expect(await assignStories([], { index: createMemoryDedupIndex() })).toEqual([]);
  });
});

function permutations(items: number[]): number[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((x, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [x, ...rest]));
}
