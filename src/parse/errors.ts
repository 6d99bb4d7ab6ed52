import { IngestError } from '../errors.js';

/** Every code the parse stage raises. None is retryable: the same bytes give the same answer. */
export const PARSE_ERROR_CODES = {
  /** The body is empty or only whitespace. */
  EMPTY: 'PARSE_EMPTY',
  /** The body is larger than `limits.maxBytes`. */
  TOO_LARGE: 'PARSE_TOO_LARGE',
  /** Decoded fine but is no feed: an HTML page, random bytes, XML with another root, plain JSON. */
  NOT_A_FEED: 'PARSE_NOT_A_FEED',
  /** Looks like a feed but cannot be recovered (JSON syntax error, no element at all). */
  MALFORMED: 'PARSE_MALFORMED',
  /** Internal DTD entities expand past `maxEntityExpansions` or `maxEntityChars` (billion laughs). */
  ENTITY_LIMIT: 'PARSE_ENTITY_LIMIT',
  /** Elements nest deeper than `limits.maxDepth`. */
  TOO_DEEP: 'PARSE_TOO_DEEP',
  /** A bug: something inside the parser threw; wrapped so callers only ever see ParseError. */
  INTERNAL: 'PARSE_INTERNAL',
} as const;

export type ParseErrorCode = (typeof PARSE_ERROR_CODES)[keyof typeof PARSE_ERROR_CODES];

/** The one error the parse stage throws. */
export class ParseError extends IngestError {
  declare readonly code: ParseErrorCode;

  constructor(code: ParseErrorCode, message: string, opts: { details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(code, message, { ...opts, retryable: false });
  }
}
