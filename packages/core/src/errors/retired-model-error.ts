import { ApiError, type ApiErrorFields } from './api-error.js';
import type { MimoErrorOptions } from './mimo-error.js';

/** Fields of a {@link RetiredModelError}. */
export interface RetiredModelErrorFields extends ApiErrorFields {
  /** The retired model that was sent. */
  model: string;
  /** The model to use instead. */
  replacement: string;
  /** When it was retired (ISO date, or `unknown`). */
  retiredOn: string;
}

/**
 * The server refused a model that MiMo has retired (400 "Not supported model" or 404). Never
 * retried: the same name fails again. The message names the replacement.
 */
export class RetiredModelError extends ApiError {
  /** The retired model that was sent. */
  readonly model: string;
  /** The model to use instead. */
  readonly replacement: string;
  /** When it was retired. */
  readonly retiredOn: string;

  constructor(fields: RetiredModelErrorFields, options: MimoErrorOptions = {}) {
    const said = [fields.serverMessage, fields.param].filter((part) => part !== undefined).join(': ');
    const message = `Model ${fields.model} was retired on ${fields.retiredOn} (MiMo answered ${fields.status}${said === '' ? '' : `: ${said}`}). Fix: set model to '${fields.replacement}'.`;
    super({ ...fields, message }, { ...options, code: 'model_retired', retryable: false });
    this.model = fields.model;
    this.replacement = fields.replacement;
    this.retiredOn = fields.retiredOn;
  }
}
