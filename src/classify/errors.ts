import { IngestError } from '../errors.js';

/** Codes the classify stage raises. All are permanent: retrying the same input gives the same error. */
export const CLASSIFY_ERROR_CODES = {
  taxonomyUnreadable: 'CLASSIFY_TAXONOMY_UNREADABLE',
  taxonomyInvalid: 'CLASSIFY_TAXONOMY_INVALID',
  modelUnreadable: 'CLASSIFY_MODEL_UNREADABLE',
  modelUnwritable: 'CLASSIFY_MODEL_UNWRITABLE',
  modelInvalid: 'CLASSIFY_MODEL_INVALID',
  modelMismatch: 'CLASSIFY_MODEL_MISMATCH',
  trainingDataInvalid: 'CLASSIFY_TRAINING_DATA_INVALID',
  inputInvalid: 'CLASSIFY_INPUT_INVALID',
} as const;

export type ClassifyErrorCode = (typeof CLASSIFY_ERROR_CODES)[keyof typeof CLASSIFY_ERROR_CODES];

export class ClassifyError extends IngestError {
  declare readonly code: ClassifyErrorCode;

  constructor(code: ClassifyErrorCode, message: string, opts: { details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(code, message, { ...opts, retryable: false });
  }
}
