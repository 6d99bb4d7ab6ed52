import { IngestError } from '../errors.js';

/**
 * Codes of a failed webhook delivery, as the subscription's last error shows them. Retryable:
 * timeouts, network and TLS failures, 5xx, 408 and 429. Permanent: a refused address, a redirect,
 * 410 Gone (the subscription is disabled) and the other 4xx.
 */
export const WEBHOOK_ERROR_CODES = {
  timeout: 'WEBHOOK_TIMEOUT',
  network: 'WEBHOOK_NETWORK',
  tls: 'WEBHOOK_TLS',
  protocol: 'WEBHOOK_PROTOCOL',
  aborted: 'WEBHOOK_ABORTED',
  blockedAddress: 'WEBHOOK_BLOCKED_ADDRESS',
  badUrl: 'WEBHOOK_BAD_URL',
  redirect: 'WEBHOOK_REDIRECT',
  gone: 'WEBHOOK_GONE',
  httpStatus: 'WEBHOOK_HTTP_STATUS',
} as const;
export type WebhookErrorCode = (typeof WEBHOOK_ERROR_CODES)[keyof typeof WEBHOOK_ERROR_CODES];

export class WebhookError extends IngestError {
  constructor(code: WebhookErrorCode, message: string, opts: { retryable: boolean; status?: number | null; cause?: unknown }) {
    super(code, message, { retryable: opts.retryable, details: opts.status == null ? {} : { status: opts.status }, cause: opts.cause });
  }

  /** The receiver's HTTP status, when it answered. */
  get status(): number | null {
    return typeof this.details.status === 'number' ? this.details.status : null;
  }
}
