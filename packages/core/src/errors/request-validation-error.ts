import { MimoError, type MimoErrorOptions } from './mimo-error.js';

/** Fields of a `RequestValidationError`. */
export interface RequestValidationErrorFields {
  /** Path of the bad field, e.g. `input[3].call_id`. */
  path: string;
  /** What is wrong, without the fix. */
  problem: string;
  /** What to do instead. */
  fix: string;
}

/** A request body with a bad shape (no `model`, empty `input`, an unanswered call…); nothing was sent. */
export class RequestValidationError extends MimoError {
  /** Path of the bad field, e.g. `input[3].call_id`. */
  readonly path: string;

  constructor(
    fields: RequestValidationErrorFields,
    options: MimoErrorOptions & { code?: 'request_invalid' | 'history_invalid' } = {},
  ) {
    const { path, problem, fix } = fields;
    super(options.code ?? 'request_invalid', `Invalid request at ${path}: ${problem}. Fix: ${fix}`, options);
    this.path = path;
  }
}
