import { MimoError, type MimoErrorOptions } from './mimo-error.js';

/** A request body with a bad shape (no `model`, empty `input`, an unanswered call…); nothing was sent. */
export class RequestValidationError extends MimoError {
  /** Path of the bad field, e.g. `input[3].call_id`. */
  readonly path: string;

  constructor(path: string, problem: string, fix: string, options: MimoErrorOptions = {}) {
    super('request_invalid', `Invalid request at ${path}: ${problem}. Fix: ${fix}`, options);
    this.path = path;
  }
}
