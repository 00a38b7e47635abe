import { MimoError } from '@mimo-agents/core';
import type { RunResult } from '../run-result.js';

/** The run used all of its `maxTurns` tool-capable turns (and any final-answer request) and the model still wanted to call tools. */
export class MaxTurnsExceededError extends MimoError {
  /** The turn limit that was reached. */
  readonly maxTurns: number;
  /** Everything done so far; `partialResult.history` is valid to resend in a follow-up run. */
  readonly partialResult: RunResult;

  constructor(fields: { maxTurns: number; partialResult: RunResult }) {
    const { maxTurns, partialResult } = fields;
    super(
      'max_turns_exceeded',
      `The run reached maxTurns (${maxTurns}) while the model was still calling tools. ` +
        "Fix: raise maxTurns, pass onMaxTurns: 'final-answer' to get an answer without tools, " +
        'or continue with a follow-up run on error.partialResult.history.',
    );
    this.maxTurns = maxTurns;
    this.partialResult = partialResult;
  }
}
