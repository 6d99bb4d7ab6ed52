import { IngestError } from '../errors.js';

export const OPML_ERROR_CODES = { OPML_INVALID: 'OPML_INVALID' } as const;

export type OpmlErrorCode = keyof typeof OPML_ERROR_CODES;

/** A document that is not OPML (no <opml> root). Never retryable: the file must be fixed. */
export class OpmlError extends IngestError {
  declare readonly code: OpmlErrorCode;

  constructor(code: OpmlErrorCode, message: string, opts: { details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(code, message, { ...opts, retryable: false });
  }
}
