import { z } from 'zod';
import { toIsoBound } from '../store/story-query.js';
import { ApiError } from './api-errors.js';

const DAY_MS = 86_400_000;

/** A window of `since`/`until` query parameters and a `limit`, for the endpoints that rank a period (clusters, trends). */
export interface TimeWindow {
  since: string;
  /** The `until` given, as ISO-8601; null when none was. */
  until: string | null;
  /** Where the window ends: `until`, else now. */
  end: string;
  limit: number;
}

/**
 * Reads `since`, `until` (ISO-8601, unix seconds or epoch milliseconds) and `limit`. Without
 * `since`, the window is the 24 hours before `until`, or before now; `since` must be before `until`.
 */
export function readTimeWindow(query: Record<string, unknown>, opts: { now: Date; defaultLimit: number; maxLimit: number }): TimeWindow {
  const parsed = z
    .object({ since: z.string().trim().min(1).optional(), until: z.string().trim().min(1).optional(), limit: z.coerce.number().int().min(1).max(opts.maxLimit).default(opts.defaultLimit) })
    .safeParse(query);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ApiError('QUERY_INVALID', `${issue.path.join('.') || 'query'}: ${issue.message}`);
  }
  const until = parsed.data.until ? toIsoBound('until', parsed.data.until) : null;
  const end = until ?? opts.now.toISOString();
  const since = parsed.data.since ? toIsoBound('since', parsed.data.since) : new Date(Date.parse(end) - DAY_MS).toISOString();
  if (until !== null && since >= until) throw new ApiError('QUERY_INVALID', 'since: must be before until');
  return { since, until, end, limit: parsed.data.limit };
}
