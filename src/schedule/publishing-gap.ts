/**
 * Estimates how often a feed publishes from the dates of the items it currently carries.
 * Pure; used by computeNextPoll.
 */
export interface PublishingGap {
  /** Median gap in seconds between consecutive distinct item dates, or null with fewer than two dates. */
  medianGapSec: number | null;
  /** Seconds since the newest item, or null when no item is dated. */
  sinceNewestSec: number | null;
  /** Distinct dates used. */
  samples: number;
}

/** Dates further in the future than this are feed bugs and ignored; nearer ones count as `now`. */
const FUTURE_TOLERANCE_MS = 3_600_000;

/** Uses the newest `sampleSize` distinct dates (to the second); invalid and far-future dates are dropped. */
export function estimatePublishingGap(dates: readonly (string | Date | null | undefined)[], nowMs: number, sampleSize: number): PublishingGap {
  const seconds = new Set<number>();
  for (const d of dates) {
    if (d === null || d === undefined) continue;
    const ms = d instanceof Date ? d.getTime() : Date.parse(d);
    if (!Number.isFinite(ms) || ms > nowMs + FUTURE_TOLERANCE_MS) continue;
    seconds.add(Math.floor(Math.min(ms, nowMs) / 1000));
  }
  const newest = [...seconds].sort((a, b) => b - a).slice(0, Math.max(2, sampleSize));
  if (newest.length === 0) return { medianGapSec: null, sinceNewestSec: null, samples: 0 };
  const sinceNewestSec = Math.max(0, nowMs / 1000 - newest[0]!);
  if (newest.length < 2) return { medianGapSec: null, sinceNewestSec, samples: 1 };
  const gaps = newest.slice(1).map((t, i) => newest[i]! - t).sort((a, b) => a - b);
  const mid = gaps.length >> 1;
  const medianGapSec = gaps.length % 2 === 1 ? gaps[mid]! : (gaps[mid - 1]! + gaps[mid]!) / 2;
  return { medianGapSec, sinceNewestSec, samples: newest.length };
}
