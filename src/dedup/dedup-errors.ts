import { IngestError } from '../errors.js';

/** Codes raised by src/dedup (duplicate detection and event clustering). */
export const DEDUP_ERROR_CODES = {
  /** A document passed to assignStories/assignClusters is malformed (permanent). */
  badInput: 'DEDUP_BAD_INPUT',
  /** A setting is unknown or out of range (permanent; a configuration error). */
  badSetting: 'DEDUP_BAD_SETTING',
  /** Redis could not be reached or refused the command (retryable). */
  indexUnavailable: 'DEDUP_INDEX_UNAVAILABLE',
  /** The index answered something this code cannot read (permanent: a bug or a foreign key). */
  indexCorrupt: 'DEDUP_INDEX_CORRUPT',
} as const;

export type DedupErrorCode = (typeof DEDUP_ERROR_CODES)[keyof typeof DEDUP_ERROR_CODES];

/** Bad documents or settings: retrying will not help. */
export class DedupInputError extends IngestError {
  constructor(code: 'DEDUP_BAD_INPUT' | 'DEDUP_BAD_SETTING', message: string, details: Record<string, unknown> = {}) {
    super(code, message, { retryable: false, details });
  }
}

/** The shared index failed; DEDUP_INDEX_UNAVAILABLE is retryable (the batch is idempotent). */
export class DedupIndexError extends IngestError {
  constructor(code: 'DEDUP_INDEX_UNAVAILABLE' | 'DEDUP_INDEX_CORRUPT', message: string, opts: { cause?: unknown; details?: Record<string, unknown> } = {}) {
    super(code, message, { retryable: code === 'DEDUP_INDEX_UNAVAILABLE', details: opts.details ?? {}, cause: opts.cause });
  }
}
