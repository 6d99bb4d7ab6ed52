import { IngestError } from '../errors.js';

export const DISCOVER_ERROR_CODES = {
  /** The address is a web page, and neither its links nor the site's usual feed addresses lead to a feed. */
  NO_FEED: 'DISCOVER_NO_FEED',
} as const;

export type DiscoverErrorCode = (typeof DISCOVER_ERROR_CODES)[keyof typeof DISCOVER_ERROR_CODES];

export class DiscoverError extends IngestError {
  declare readonly code: DiscoverErrorCode;

  constructor(code: DiscoverErrorCode, message: string, opts: { details?: Record<string, unknown> } = {}) {
    super(code, message, { ...opts, retryable: false });
  }
}
