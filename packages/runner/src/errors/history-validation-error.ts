import { MimoError } from '@mimo-agents/core';

/** The history about to be sent breaks MiMo's rules; `index` names the offending item. */
export class HistoryValidationError extends MimoError {
  /** Index of the offending item in the history (`-1` when the history as a whole is at fault). */
  readonly index: number;
  /** What is wrong with that item, without the fix. */
  readonly reason: string;

  constructor(index: number, reason: string, fix: string) {
    super('history_invalid', `Invalid history item at index ${index}: ${reason}. Fix: ${fix}`);
    this.index = index;
    this.reason = reason;
  }
}
