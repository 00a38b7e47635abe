import { TimeoutError } from '../errors/timeout-error.js';
import { type AbortLike, CallAbort } from '../http/call-abort.js';
import { type DeadlineEntry, requestDeadlines } from '../timers/deadline-timer.js';
import type { ClientContext } from './client-context.js';

/** One call (all its attempts): its signal, which also fires at the total deadline. */
export interface Call {
  signal: AbortLike;
  startedAt: number;
  /** Arm `timeouts.totalMs` (once; later calls do nothing): when the first attempt got its limiter slot. */
  startTotal(): void;
  /** Clear the total deadline and stop following the caller's signals; call once the call is over. */
  dispose(): void;
}

/**
 * {@link Call} as a class: one object per call, which is also its entry on the process's shared
 * {@link requestDeadlines} (no Node timer and no bound callback of its own).
 */
class TotalDeadlineCall implements Call, DeadlineEntry {
  readonly startedAt = Date.now();
  /** {@link DeadlineEntry}: when the total deadline passes, and its place in the queue. */
  deadline = 0;
  heapIndex = -1;
  readonly #abort: CallAbort;
  readonly #totalMs: number;
  /** Whether `#abort` is this call's own (it then follows the caller's signal until `dispose()`). */
  readonly #ownAbort: boolean;
  #started = false;
  /** Set by `dispose()`: an attempt that gets its slot after the call is over arms nothing. */
  #disposed = false;

  constructor(totalMs: number, signal: AbortSignal | undefined, owned: CallAbort | undefined) {
    this.#totalMs = totalMs;
    this.#ownAbort = owned === undefined;
    if (owned === undefined) {
      this.#abort = new CallAbort();
      this.#abort.follow(signal);
    } else this.#abort = owned;
  }

  get signal(): AbortLike {
    return this.#abort;
  }

  startTotal(): void {
    if (this.#started || this.#disposed) return;
    this.#started = true;
    requestDeadlines.add(this, this.#totalMs);
  }

  dispose(): void {
    this.#disposed = true;
    requestDeadlines.remove(this);
    // An owned controller's owner follows (and unfollows) the caller's signal itself.
    if (this.#ownAbort) this.#abort.unfollow();
  }

  /** {@link DeadlineEntry}: the total deadline passed. */
  expire(): void {
    const totalMs = this.#totalMs;
    this.#abort.abort(
      new TimeoutError({
        phase: 'total',
        timeoutMs: totalMs,
        message: `The request did not finish within timeouts.totalMs (${totalMs} ms, retries included). Fix: raise timeouts.totalMs.`,
      }),
    );
  }
}

/**
 * Start a call: follow the caller's signal now; `startTotal()` arms `timeouts.totalMs` once the first
 * attempt holds a limiter slot, so time spent queueing never counts against it. `dispose()` undoes both.
 * With `owned` (the controller behind `signal`, which only this call's owner aborts, e.g. a
 * `ResponseStream`'s), the call aborts that one at the total deadline instead of making and
 * following its own: one controller and one listener less per request.
 */
export function startCall(context: ClientContext, signal: AbortSignal | undefined, owned?: CallAbort): Call {
  return new TotalDeadlineCall(context.options.timeouts.totalMs, signal, owned);
}
