/**
 * The base of every coded error the pipeline raises. Each stage defines its own subclasses and
 * codes beside its code (src/fetch/errors.ts, src/parse/errors.ts, ...); a code is a constant
 * SCREAMING_SNAKE string that operators see in /api/feeds, logs and metrics.
 *
 * `retryable` is a hint from the stage; workers/retry-policy.ts makes the final decision.
 */
export class IngestError extends Error {
  readonly code: string;
  readonly retryable: boolean;
  readonly details: Record<string, unknown>;

  constructor(code: string, message: string, opts: { retryable?: boolean; details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = new.target.name;
    this.code = code;
    this.retryable = opts.retryable ?? false;
    this.details = opts.details ?? {};
  }

  toJSON(): { code: string; message: string } {
    return { code: this.code, message: this.message };
  }
}

/** Wraps anything thrown into an IngestError so callers always have a code. */
export function toIngestError(err: unknown, fallbackCode = 'INTERNAL'): IngestError {
  if (err instanceof IngestError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new IngestError(fallbackCode, message, { cause: err });
}
