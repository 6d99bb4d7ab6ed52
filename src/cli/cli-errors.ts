import { IngestError } from '../errors.js';

/**
 * Codes of the errors the CLI itself raises (the stages' own codes pass through: PARSE_*,
 * CLASSIFY_*, OPML_INVALID, FETCH_BAD_URL, CONFIG_INVALID, …).
 */
export const CLI_ERROR_CODES = {
  /** An input file cannot be read (missing, a directory, no permission). */
  fileUnreadable: 'FILE_UNREADABLE',
  /** `feeds remove` of a URL or id that is not in the store. */
  feedNotFound: 'FEED_NOT_FOUND',
  /** `cluster`: a line that is not a JSON object with an id, or whose id an earlier line had. */
  clusterInputInvalid: 'CLUSTER_INPUT_INVALID',
  /** `cluster`: a line the ingest code gave no story (should not happen; says so rather than guess). */
  clusterFailed: 'CLUSTER_FAILED',
} as const;

export type CliErrorCode = (typeof CLI_ERROR_CODES)[keyof typeof CLI_ERROR_CODES];

export class CliError extends IngestError {
  declare readonly code: CliErrorCode;

  constructor(code: CliErrorCode, message: string, opts: { details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(code, message, { ...opts, retryable: false });
  }
}

/** FILE_UNREADABLE for a read that failed: `cannot read PATH: ENOENT: no such file or directory, …`. */
export function fileUnreadable(path: string, err: unknown): CliError {
  return new CliError(CLI_ERROR_CODES.fileUnreadable, `cannot read ${path}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
}

/** `newsfeed NAME: CODE: message` on stderr. */
export function formatCliError(command: string, err: IngestError): string {
  return `newsfeed ${command}: ${err.code}: ${err.message}\n`;
}
