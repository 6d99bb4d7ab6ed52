import { describe, expect, it } from 'vitest';
import { formatCounterSamples } from '../../../src/api/metrics-route.js';
import { COUNTERS } from '../../../src/metrics/counters.js';

describe('formatCounterSamples', () => {
  it('declares every counter before its first increment: unlabelled ones read 0, labelled ones have no series', () => {
    const text = formatCounterSamples([]);
    for (const c of Object.values(COUNTERS)) {
      expect(text).toContain(`# HELP ${c.name} ${c.help}\n# TYPE ${c.name} counter\n`);
    }
    expect(text).toContain('newsfeed_items_new_total 0\n');
    expect(text).toContain('newsfeed_stories_stored_total 0\n');
    expect(text).not.toMatch(/^newsfeed_ingest_item_failures_total/m);
    expect(text).not.toMatch(/^newsfeed_fetch_outcomes_total/m);
  });

  it('writes the samples under their declaration, labels escaped', () => {
    const text = formatCounterSamples([
      { name: COUNTERS.ingestFailures.name, help: COUNTERS.ingestFailures.help, labels: { code: 'ITEM_"EMPTY"' }, value: 2 },
      { name: COUNTERS.itemsSeen.name, help: COUNTERS.itemsSeen.help, labels: {}, value: 7 },
    ]);
    expect(text).toContain('# TYPE newsfeed_ingest_item_failures_total counter\nnewsfeed_ingest_item_failures_total{code="ITEM_\\"EMPTY\\""} 2\n');
    expect(text).toContain('# TYPE newsfeed_items_new_total counter\nnewsfeed_items_new_total 7\n');
    expect(text).not.toContain('newsfeed_items_new_total 0');
    expect(text.match(/# TYPE newsfeed_items_new_total/g)).toHaveLength(1);
  });
});
