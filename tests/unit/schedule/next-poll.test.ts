import { describe, expect, it } from 'vitest';
import { computeNextPoll, DEFAULT_POLL_POLICY, type NextPollInput, type NextPollReason, type PollOutcome } from '../../../src/schedule/next-poll.js';
import { estimatePublishingGap } from '../../../src/schedule/publishing-gap.js';

const NOW = new Date('2025-01-17T12:00:00Z');
const ago = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000).toISOString();
/** Items every `gapMin` minutes, the newest `newestMin` minutes ago. */
const every = (gapMin: number, count: number, newestMin = 0) => Array.from({ length: count }, (_, i) => ago(newestMin + i * gapMin));

const updated: PollOutcome = { kind: 'updated', newItems: 3 };
const unchanged: PollOutcome = { kind: 'unchanged' };
const failed = (code: string, extra: Partial<Extract<PollOutcome, { kind: 'failed' }>> = {}): PollOutcome => ({ kind: 'failed', code, retryable: true, ...extra });

/** random() = 0.5: symmetric jitter is 0, one-sided (floor) jitter is +5%. */
const base = (over: Partial<NextPollInput>): NextPollInput => ({ now: NOW, outcome: updated, consecutiveErrors: 0, random: () => 0.5, ...over });

describe('computeNextPoll: successful polls', () => {
  it.each<[string, Partial<NextPollInput>, number, NextPollReason]>([
    ['nothing known -> default 15 min', {}, 900, 'default'],
    ['unchanged, nothing known -> default', { outcome: unchanged }, 900, 'default'],
    ['items every 60 min -> half the median gap', { itemDates: every(60, 10) }, 1800, 'rate'],
    ['unchanged items every 2 h, newest 30 min ago -> rate', { outcome: unchanged, itemDates: every(120, 10, 30) }, 3600, 'rate'],
    ['items every 2 min -> min bound', { itemDates: every(2, 20) }, 300, 'min'],
    ['items every 2 days -> max bound', { itemDates: every(2880, 5) }, 14_400, 'max'],
    ['hourly items, newest 8 h ago -> quiet (a quarter of its age)', { itemDates: every(60, 10, 480) }, 7200, 'quiet'],
    ['one item 10 min ago -> default', { itemDates: [ago(10)] }, 900, 'default'],
    ['one item 2 h ago -> quiet beats default', { itemDates: [ago(120)] }, 1800, 'quiet'],
    ['undated items -> default', { itemDates: [null, undefined, 'not a date'] }, 900, 'default'],
    ['all items share one timestamp -> default', { itemDates: [ago(5), ago(5), ago(5)] }, 900, 'default'],
    ['far-future dates ignored', { itemDates: [...every(60, 5), '2030-01-01T00:00:00Z'] }, 1800, 'rate'],
    ['ttl 60 min raises the interval (one-sided jitter)', { itemDates: every(10, 10), hints: { ttlMinutes: 60 } }, 3780, 'hint'],
    ['sy:updatePeriod hourly', { hints: { updatePeriodMinutes: 60 } }, 3780, 'hint'],
    ['Cache-Control max-age 1 h', { hints: { maxAgeSec: 3600 } }, 3780, 'hint'],
    ['Expires in 2 h', { hints: { expiresAt: new Date(NOW.getTime() + 7_200_000) } }, 7560, 'hint'],
    ['hint below min is ignored', { hints: { maxAgeSec: 60 } }, 900, 'default'],
    ['hint below the rate is ignored', { itemDates: every(240, 5), hints: { ttlMinutes: 30 } }, 7200, 'rate'],
    ['ttl of a day is capped at max', { hints: { ttlMinutes: 1440 } }, 15_120, 'hint'],
    ['max-age 0 (no-cache) is no hint', { hints: { maxAgeSec: 0 } }, 900, 'default'],
  ])('%s', (_name, over, intervalSec, reason) => {
    const next = computeNextPoll(base(over));
    expect(next).toMatchObject({ intervalSec, reason, retire: false, consecutiveErrors: 0 });
    expect(next.nextPollAt.getTime()).toBe(NOW.getTime() + intervalSec * 1000);
  });

  it.each<[string, Partial<NextPollInput>, number]>([
    ['a fixed 2 min beats the min bound', { fixedIntervalSec: 120, itemDates: every(60, 10) }, 120],
    ['a fixed 6 h beats the max bound', { fixedIntervalSec: 21_600 }, 21_600],
    ['a fixed interval beats a server hint', { fixedIntervalSec: 60, hints: { ttlMinutes: 60, maxAgeSec: 3600 } }, 60],
    ['a fixed interval beats a quiet feed', { fixedIntervalSec: 90, outcome: unchanged, itemDates: every(60, 10, 480) }, 90],
    ['a fixed 5 s is raised to minFixedIntervalSec', { fixedIntervalSec: 5 }, 30],
  ])('fixed interval: %s', (_name, over, intervalSec) => {
    expect(computeNextPoll(base(over))).toMatchObject({ intervalSec, reason: 'fixed', consecutiveErrors: 0 });
  });

  it('fixed interval: jittered by ±jitterRatio, raised floor configurable, failures back off as for any feed', () => {
    expect(computeNextPoll(base({ fixedIntervalSec: 100, random: () => 0 })).intervalSec).toBe(90);
    expect(computeNextPoll(base({ fixedIntervalSec: 100, random: () => 0.999 })).intervalSec).toBe(110);
    expect(computeNextPoll(base({ fixedIntervalSec: 5 }), { minFixedIntervalSec: 1 }).intervalSec).toBe(5);
    expect(computeNextPoll(base({ fixedIntervalSec: 60, outcome: failed('FETCH_TIMEOUT'), consecutiveErrors: 3 }))).toMatchObject({ intervalSec: 480, reason: 'backoff', consecutiveErrors: 4 });
    expect(computeNextPoll(base({ fixedIntervalSec: 60, outcome: failed('HTTP_STATUS', { status: 429, retryAfterMs: 600_000 }) }))).toMatchObject({ intervalSec: 630, reason: 'retry-after' });
    expect(computeNextPoll(base({ fixedIntervalSec: null, itemDates: every(60, 10) })).reason).toBe('rate');
  });

  it('resets the error count on success', () => {
    expect(computeNextPoll(base({ consecutiveErrors: 7 })).consecutiveErrors).toBe(0);
  });

  it('ignores hints when respectHints is false', () => {
    expect(computeNextPoll(base({ hints: { ttlMinutes: 120 } }), { respectHints: false }).reason).toBe('default');
  });

  it.each([
    [{ minIntervalSec: 60, rateFactor: 1 }, every(2, 20), 120, 'rate'],
    [{ defaultIntervalSec: 600 }, [], 600, 'default'],
    [{ maxIntervalSec: 3600 }, every(600, 5), 3600, 'max'],
    [{ backoffBaseSec: 300, backoffMaxSec: 86_400 }, every(60, 5), 1800, 'rate'],
  ] as const)('policy %j', (policy, itemDates, intervalSec, reason) => {
    expect(computeNextPoll(base({ itemDates }), policy)).toMatchObject({ intervalSec, reason });
  });
});

describe('computeNextPoll: failures', () => {
  it.each<[string, PollOutcome, number, number, NextPollReason, boolean]>([
    ['first failure -> backoff base', failed('FETCH_TIMEOUT'), 0, 60, 'backoff', false],
    ['second failure doubles', failed('HTTP_STATUS', { status: 500 }), 1, 120, 'backoff', false],
    ['fifth failure', failed('FETCH_NETWORK'), 4, 960, 'backoff', false],
    ['backoff is capped, never abandoned', failed('HTTP_STATUS', { status: 404, retryable: false }), 30, 21_600, 'backoff', false],
    ['huge error counts stay finite', failed('FETCH_NETWORK'), 1e6, 21_600, 'backoff', false],
    ['Retry-After longer than the backoff wins (one-sided jitter)', failed('HTTP_STATUS', { status: 429, retryAfterMs: 3_600_000 }), 0, 3780, 'retry-after', false],
    ['Retry-After shorter than the backoff loses', failed('HTTP_STATUS', { status: 503, retryAfterMs: 10_000 }), 0, 60, 'backoff', false],
    ['Retry-After is capped, jitter included', failed('HTTP_STATUS', { status: 503, retryAfterMs: 30 * 86_400_000 }), 0, 86_400, 'retry-after', false],
    ['Retry-After just under the cap: jitter stops at the cap', failed('HTTP_STATUS', { status: 429, retryAfterMs: 86_000_000 }), 0, 86_400, 'retry-after', false],
    ['410 Gone retires the feed', failed('FETCH_GONE', { retryable: false, status: 410 }), 0, 21_600, 'gone', true],
  ])('%s', (_name, outcome, consecutiveErrors, intervalSec, reason, retire) => {
    const next = computeNextPoll(base({ outcome, consecutiveErrors }));
    expect(next).toMatchObject({ intervalSec, reason, retire, consecutiveErrors: consecutiveErrors + 1 });
  });

  it.each<[string, PollOutcome, number]>([
    ['host blocked with Retry-After', failed('FETCH_HOST_BLOCKED', { retryAfterMs: 600_000 }), 630],
    ['host busy (our own fetchers held its slots): back soon', failed('FETCH_HOST_BUSY'), 5],
    ['host busy with a known wait', failed('FETCH_HOST_BUSY', { retryAfterMs: 10_000 }), 11],
    ['host blocked, Retry-After unknown', failed('FETCH_HOST_BLOCKED'), 60],
    ['host blocked for a month: capped at maxRetryAfterSec, jitter included', failed('FETCH_HOST_BLOCKED', { retryAfterMs: 30 * 86_400_000 }), 86_400],
    ['shutdown', failed('FETCH_ABORTED'), 60],
  ])('defers without counting an error: %s', (_name, outcome, intervalSec) => {
    expect(computeNextPoll(base({ outcome, consecutiveErrors: 2 }))).toMatchObject({ intervalSec, reason: 'deferred', retire: false, consecutiveErrors: 2 });
  });

  it.each([
    [{ backoffBaseSec: 300, backoffMaxSec: 86_400 }, 3, 2400],
    [{ backoffBaseSec: 300, backoffMaxSec: 86_400 }, 20, 86_400],
  ] as const)('backoff policy %j after %i errors -> %i s', (policy, consecutiveErrors, intervalSec) => {
    expect(computeNextPoll(base({ outcome: failed('FETCH_TIMEOUT'), consecutiveErrors }), policy).intervalSec).toBe(intervalSec);
  });

  it('does not retire on 410 when retireOnGone is false', () => {
    const next = computeNextPoll(base({ outcome: failed('FETCH_GONE', { status: 410 }) }), { retireOnGone: false });
    expect(next).toMatchObject({ retire: false, reason: 'backoff' });
  });
});

describe('computeNextPoll: jitter', () => {
  it.each([
    [0, 810],
    [0.25, 855],
    [0.75, 945],
    [0.999_999, 990],
  ])('random %d spreads the default interval to %i s (±10%%)', (r, intervalSec) => {
    expect(computeNextPoll(base({ random: () => r })).intervalSec).toBe(intervalSec);
  });

  it.each([0, 0.5, 0.999_999])('never polls before a Retry-After as long as the backoff (random %d)', (r) => {
    const next = computeNextPoll(base({ outcome: failed('HTTP_STATUS', { status: 429, retryAfterMs: 120_000 }), consecutiveErrors: 1, random: () => r }));
    expect(next.reason).toBe('retry-after');
    expect(next.intervalSec).toBeGreaterThanOrEqual(120);
  });

  it.each([0, 0.5, 0.999_999])('never polls before a Retry-After (random %d)', (r) => {
    const next = computeNextPoll(base({ outcome: failed('HTTP_STATUS', { status: 429, retryAfterMs: 7_200_000 }), random: () => r }));
    expect(next.intervalSec).toBeGreaterThanOrEqual(7200);
    expect(next.intervalSec).toBeLessThanOrEqual(7920);
  });

  it('spreads a population of feeds instead of aligning them', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const intervals = new Set(Array.from({ length: 200 }, () => computeNextPoll(base({ random })).intervalSec));
    expect(intervals.size).toBeGreaterThan(100);
    expect(Math.min(...intervals)).toBeGreaterThanOrEqual(810);
    expect(Math.max(...intervals)).toBeLessThanOrEqual(990);
  });

  it('exports documented defaults', () => {
    expect(DEFAULT_POLL_POLICY).toMatchObject({ defaultIntervalSec: 900, jitterRatio: 0.1, minIntervalSec: 300 });
    expect(Object.isFrozen(DEFAULT_POLL_POLICY)).toBe(true);
  });
});

describe('estimatePublishingGap', () => {
  const nowMs = NOW.getTime();
  it.each([
    [[], { medianGapSec: null, sinceNewestSec: null, samples: 0 }],
    [[ago(30)], { medianGapSec: null, sinceNewestSec: 1800, samples: 1 }],
    [[ago(0), ago(10), ago(30)], { medianGapSec: 900, sinceNewestSec: 0, samples: 3 }],
    [[ago(0), ago(10), ago(20), ago(80)], { medianGapSec: 600, sinceNewestSec: 0, samples: 4 }],
    [[new Date(nowMs + 600_000), ago(60)], { medianGapSec: 3600, sinceNewestSec: 0, samples: 2 }],
  ])('%j', (dates, expected) => {
    expect(estimatePublishingGap(dates, nowMs, 20)).toEqual(expected);
  });

  it('uses only the newest sampleSize dates', () => {
    const dates = [...every(10, 5), ...every(1000, 20, 100)];
    expect(estimatePublishingGap(dates, nowMs, 5).medianGapSec).toBe(600);
  });
});
