import { MimoError } from '@mimo-agents/core';
import type { RunResult } from '../run-result.js';

/** The run was cancelled through its `AbortSignal` (or by leaving a `streamRun` loop early). */
export class RunAbortedError extends MimoError {
  /** Everything done before the abort; unfinished calls carry a "cancelled" output, so the history is valid. */
  readonly partialResult: RunResult;

  constructor(fields: { partialResult: RunResult }, options: { cause?: unknown } = {}) {
    const { partialResult } = fields;
    const { cause } = options;
    super(
      'run_aborted',
      'The run was aborted (its signal fired or the stream consumer stopped early). ' +
        'Fix: none needed if intended; error.partialResult.history can be resent to continue.',
      { cause },
    );
    this.partialResult = partialResult;
  }
}
