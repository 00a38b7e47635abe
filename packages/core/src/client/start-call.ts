import { TimeoutError } from '../errors/timeout-error.js';
import { followSignals } from '../http/follow-signals.js';
import type { ClientContext } from './client-context.js';

/** One call (all its attempts): its signal, which also fires at the total deadline. */
export interface Call {
  signal: AbortSignal;
  startedAt: number;
  /** Arm `timeouts.totalMs` (once; later calls do nothing): when the first attempt got its limiter slot. */
  startTotal(): void;
  /** Clear the total deadline and stop following the caller's signals; call once the call is over. */
  dispose(): void;
}

/**
 * Start a call: follow the caller's signals now; `startTotal()` arms `timeouts.totalMs` once the first
 * attempt holds a limiter slot, so time spent queueing never counts against it. `dispose()` undoes both.
 */
export function startCall(context: ClientContext, signals: readonly (AbortSignal | undefined)[]): Call {
  const totalMs = context.options.timeouts.totalMs;
  const call = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expire = (): void => {
    call.abort(
      new TimeoutError({
        phase: 'total',
        timeoutMs: totalMs,
        message: `The request did not finish within timeouts.totalMs (${totalMs} ms, retries included). Fix: raise timeouts.totalMs.`,
      }),
    );
  };
  const unfollow = followSignals(call, signals);
  return {
    signal: call.signal,
    startedAt: Date.now(),
    startTotal: () => {
      timer ??= setTimeout(expire, totalMs);
    },
    dispose: () => {
      clearTimeout(timer);
      unfollow();
    },
  };
}
