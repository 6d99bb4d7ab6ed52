import { estimatePublishingGap } from './publishing-gap.js';

/**
 * The poll scheduling policy: when to poll a feed next, given what this poll found. Pure; the
 * scheduler loop stores `nextPollAt`, `intervalSec` and `errorCount`, and retires the feed when
 * `retire` is true. docs/polling.md explains every setting.
 */
export interface PollPolicy {
  /** Lower bound of a successful poll's interval. */
  minIntervalSec: number;
  /** Upper bound of a successful poll's interval (server hints above it are capped here). */
  maxIntervalSec: number;
  /** Interval when nothing is known about the feed's rhythm. */
  defaultIntervalSec: number;
  /** ± fraction of random jitter so feeds do not poll in lockstep (0.1 = ±10%). */
  jitterRatio: number;
  /** Interval after the first failure; doubles with each consecutive failure. */
  backoffBaseSec: number;
  /** Cap of the failure backoff; a failing feed is retried at least this often, forever. */
  backoffMaxSec: number;
  /** Interval = rateFactor × median gap between the feed's recent items. */
  rateFactor: number;
  /** How many of the newest distinct item dates the rate is estimated from. */
  rateSampleSize: number;
  /** When the newest item is older than the usual gap, interval ≥ quietFactor × its age. */
  quietFactor: number;
  /** Respect ttl, sy:updatePeriod, Cache-Control max-age and Expires as a floor. */
  respectHints: boolean;
  /** Retry-After values are capped to this. */
  maxRetryAfterSec: number;
  /** Retire the feed on FETCH_GONE / HTTP 410. */
  retireOnGone: boolean;
  /** Codes meaning "the feed was not contacted" (host busy/blocked, fetch slots for failing feeds taken, shutdown): no error counted. */
  deferCodes: readonly string[];
  /** Interval after a deferred poll when no Retry-After is known. */
  deferIntervalSec: number;
  /**
   * Interval after FETCH_HOST_BUSY: this service's own fetchers held every slot of the host for
   * the whole wait, the host was not contacted and is not unwilling, so the poll comes back soon.
   */
  busyDeferSec: number;
  /** A feed's fixed interval (its operator's) is raised to this. */
  minFixedIntervalSec: number;
}

export const DEFAULT_POLL_POLICY: Readonly<PollPolicy> = Object.freeze({
  minIntervalSec: 300,
  maxIntervalSec: 14_400,
  defaultIntervalSec: 900,
  jitterRatio: 0.1,
  backoffBaseSec: 60,
  backoffMaxSec: 21_600,
  rateFactor: 0.5,
  rateSampleSize: 20,
  quietFactor: 0.25,
  respectHints: true,
  maxRetryAfterSec: 86_400,
  retireOnGone: true,
  deferCodes: Object.freeze(['FETCH_HOST_BLOCKED', 'FETCH_HOST_BUSY', 'FETCH_ABORTED', 'FETCH_SLOTS_BUSY']),
  deferIntervalSec: 60,
  busyDeferSec: 5,
  minFixedIntervalSec: 30,
});

export type PollOutcome =
  | { kind: 'updated'; newItems?: number }
  /** 304, or a 200 whose body hash equals the stored one. */
  | { kind: 'unchanged' }
  | { kind: 'failed'; code: string; retryable: boolean; retryAfterMs?: number | null; status?: number | null };

/** What the feed and its HTTP response say about polling (all optional). */
export interface PollHints {
  ttlMinutes?: number | null;
  updatePeriodMinutes?: number | null;
  maxAgeSec?: number | null;
  expiresAt?: string | Date | null;
}

export interface NextPollInput {
  now: Date;
  outcome: PollOutcome;
  /** Consecutive failures before this poll (FeedRecord.errorCount). */
  consecutiveErrors: number;
  hints?: PollHints;
  /** publishedAt of the items currently in the feed. */
  itemDates?: readonly (string | Date | null | undefined)[];
  /** Uniform [0, 1); default Math.random. */
  random?: () => number;
  /**
   * The operator's interval for this feed: a successful poll comes back after it (raised to
   * minFixedIntervalSec), whatever the feed's rhythm, its hints and the min/max bounds say.
   * Failures back off as for any feed.
   */
  fixedIntervalSec?: number | null;
}

export type NextPollReason =
  | 'default' /** nothing known: defaultIntervalSec */
  | 'rate' /** rateFactor × median gap between items */
  | 'fixed' /** the feed's fixed interval */
  | 'quiet' /** quietFactor × age of the newest item */
  | 'hint' /** raised to a server hint */
  | 'min'
  | 'max'
  | 'backoff'
  | 'retry-after'
  | 'deferred'
  | 'gone';

export interface NextPoll {
  nextPollAt: Date;
  /** Seconds from `now` to `nextPollAt`, jitter included. */
  intervalSec: number;
  reason: NextPollReason;
  /** True only for 410 Gone (with retireOnGone): mark the feed retired. */
  retire: boolean;
  /** Consecutive failures after this poll: 0 on success, +1 on failure, unchanged when deferred. */
  consecutiveErrors: number;
}

/** Decides the next poll time; see DEFAULT_POLL_POLICY for the settings. */
export function computeNextPoll(input: NextPollInput, policy: Partial<PollPolicy> = {}): NextPoll {
  const p: PollPolicy = { ...DEFAULT_POLL_POLICY, ...policy };
  const random = input.random ?? Math.random;
  const plan = input.outcome.kind === 'failed' ? planFailure(input, input.outcome, p) : planSuccess(input, p);
  const jitter = plan.floorBinds ? p.jitterRatio * random() : p.jitterRatio * (2 * random() - 1);
  const intervalSec = Math.max(1, Math.min(Math.round(plan.intervalSec * (1 + jitter)), plan.ceilingSec ?? Number.POSITIVE_INFINITY));
  return {
    nextPollAt: new Date(input.now.getTime() + intervalSec * 1000),
    intervalSec,
    reason: plan.reason,
    retire: plan.retire,
    consecutiveErrors: plan.consecutiveErrors,
  };
}

interface Plan {
  intervalSec: number;
  reason: NextPollReason;
  /** A server-imposed floor decides the interval: jitter may only lengthen it. */
  floorBinds: boolean;
  retire: boolean;
  consecutiveErrors: number;
  /** Jitter never takes the interval past this (a Retry-After is capped at maxRetryAfterSec, jitter included). */
  ceilingSec?: number;
}

function planSuccess(input: NextPollInput, p: PollPolicy): Plan {
  if (input.fixedIntervalSec != null && input.fixedIntervalSec > 0) {
    return { intervalSec: Math.max(input.fixedIntervalSec, p.minFixedIntervalSec), reason: 'fixed', floorBinds: false, retire: false, consecutiveErrors: 0 };
  }
  const nowMs = input.now.getTime();
  const gap = estimatePublishingGap(input.itemDates ?? [], nowMs, p.rateSampleSize);
  let intervalSec = p.defaultIntervalSec;
  let reason: NextPollReason = 'default';
  if (gap.medianGapSec !== null) {
    intervalSec = p.rateFactor * gap.medianGapSec;
    reason = 'rate';
  }
  if (gap.sinceNewestSec !== null && gap.sinceNewestSec > (gap.medianGapSec ?? 0)) {
    const quiet = p.quietFactor * gap.sinceNewestSec;
    if (quiet > intervalSec) {
      intervalSec = quiet;
      reason = 'quiet';
    }
  }
  const hintSec = p.respectHints ? Math.min(hintFloorSec(input.hints, nowMs), p.maxIntervalSec) : 0;
  let floorBinds = false;
  if (hintSec > 0 && hintSec >= intervalSec && hintSec >= p.minIntervalSec) {
    intervalSec = hintSec;
    reason = 'hint';
    floorBinds = true;
  }
  if (intervalSec < p.minIntervalSec) {
    intervalSec = p.minIntervalSec;
    reason = 'min';
  } else if (intervalSec > p.maxIntervalSec) {
    intervalSec = p.maxIntervalSec;
    reason = 'max';
  }
  return { intervalSec, reason, floorBinds, retire: false, consecutiveErrors: 0 };
}

function hintFloorSec(hints: PollHints | undefined, nowMs: number): number {
  if (!hints) return 0;
  const expiresMs = hints.expiresAt ? new Date(hints.expiresAt).getTime() : Number.NaN;
  const candidates = [
    (hints.ttlMinutes ?? 0) * 60,
    (hints.updatePeriodMinutes ?? 0) * 60,
    hints.maxAgeSec ?? 0,
    Number.isFinite(expiresMs) ? (expiresMs - nowMs) / 1000 : 0,
  ];
  return Math.max(0, ...candidates.filter((c) => Number.isFinite(c)));
}

function planFailure(input: NextPollInput, outcome: Extract<PollOutcome, { kind: 'failed' }>, p: PollPolicy): Plan {
  const retryAfterSec = outcome.retryAfterMs != null && outcome.retryAfterMs >= 0 ? Math.min(outcome.retryAfterMs / 1000, p.maxRetryAfterSec) : null;
  const prior = Math.max(0, Math.floor(input.consecutiveErrors));
  if (p.deferCodes.includes(outcome.code)) {
    const floor = outcome.code === 'FETCH_HOST_BUSY' ? p.busyDeferSec : p.deferIntervalSec;
    const intervalSec = Math.max(retryAfterSec ?? 0, floor);
    return { intervalSec, reason: 'deferred', floorBinds: retryAfterSec !== null && retryAfterSec >= floor, retire: false, consecutiveErrors: prior, ceilingSec: Math.max(p.maxRetryAfterSec, floor) };
  }
  const consecutiveErrors = prior + 1;
  if (p.retireOnGone && (outcome.code === 'FETCH_GONE' || outcome.status === 410)) {
    return { intervalSec: p.backoffMaxSec, reason: 'gone', floorBinds: false, retire: true, consecutiveErrors };
  }
  const backoff = Math.min(p.backoffMaxSec, p.backoffBaseSec * 2 ** Math.min(consecutiveErrors - 1, 40));
  // A Retry-After as long as the backoff binds too: jitter may then only lengthen the wait.
  if (retryAfterSec !== null && retryAfterSec >= backoff) {
    return { intervalSec: retryAfterSec, reason: 'retry-after', floorBinds: true, retire: false, consecutiveErrors, ceilingSec: Math.max(p.maxRetryAfterSec, backoff) };
  }
  return { intervalSec: backoff, reason: 'backoff', floorBinds: false, retire: false, consecutiveErrors };
}
