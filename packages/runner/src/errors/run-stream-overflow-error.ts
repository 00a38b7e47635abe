import { MimoError } from '@mimo-agents/core';
import type { RunResult } from '../run-result.js';

/**
 * A `RunStream`'s consumer fell `maxBufferedEvents` events behind (it stopped reading, or reads more
 * slowly than the run produces): the run was aborted rather than buffer without bound. The iteration
 * throws this after the events it had buffered (a prefix of the run's events), `finalResult()` rejects with it.
 */
export class RunStreamOverflowError extends MimoError {
  /** The bound that was reached (the run option `maxBufferedEvents`). */
  readonly maxBufferedEvents: number;
  /**
   * What the run did before it was stopped (unfinished calls carry a "cancelled" output, so its history
   * is valid to resend; with a `checkpoint` store, that state is saved and `resume()` continues it).
   * Undefined only when the run failed on something else meanwhile (then that error is the `cause`).
   */
  readonly partialResult: RunResult | undefined;

  constructor(
    fields: { maxBufferedEvents: number; partialResult: RunResult | undefined },
    options: { cause?: unknown } = {},
  ) {
    const { maxBufferedEvents, partialResult } = fields;
    super(
      'run_stream_overflow',
      `Invalid maxBufferedEvents (${maxBufferedEvents} events were waiting for the RunStream's consumer, which stopped reading or reads more slowly than the run produces; the run was aborted). ` +
        'Fix: read the events as they come (keep slow work out of the for-await loop, or hand it to a queue of your own), ' +
        "call finalResult() alone when you need no events, or raise the run's maxBufferedEvents (Infinity: no bound); " +
        'error.partialResult holds what the run did, and with a checkpoint store resume() continues it.',
      { cause: options.cause, retryable: false },
    );
    this.maxBufferedEvents = maxBufferedEvents;
    this.partialResult = partialResult;
  }
}
