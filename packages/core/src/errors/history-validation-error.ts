import { RequestValidationError } from './request-validation-error.js';

/** Fields of a `HistoryValidationError`. */
export interface HistoryValidationErrorFields {
  /** Index of the offending item in the history (`input`). */
  index: number;
  /** The item's field at fault, when one is (`call_id`, `summary`…). */
  field?: string | undefined;
  /** What is wrong with that item, without the fix. */
  reason: string;
  /** What to do instead. */
  fix: string;
}

/**
 * The history (`input` items) breaks MiMo's rules; `index` names the offending item and `path` its
 * field (`input[3].call_id`). Raised before any request is sent, by `client.create()`,
 * `client.stream()` and the runner alike.
 */
export class HistoryValidationError extends RequestValidationError {
  /** Index of the offending item in the history. */
  readonly index: number;
  /** What is wrong with that item, without the fix. */
  readonly reason: string;

  constructor(fields: HistoryValidationErrorFields) {
    const { index, field, reason, fix } = fields;
    const path = field === undefined ? `input[${index}]` : `input[${index}].${field}`;
    super({ path, problem: `history item at index ${index}: ${reason}`, fix }, { code: 'history_invalid' });
    this.index = index;
    this.reason = reason;
  }
}
