import { TimeoutError } from '../errors/timeout-error.js';
import { followSignals } from '../http/follow-signals.js';
import type { ClientContext } from './client-context.js';

/** One call (all its attempts): its signal, which also fires at the total deadline. */
export interface Call {
  signal: AbortSignal;
  startedAt: number;
  /** Clear the total deadline and stop following the caller's signals; call once the call is over. */
  dispose(): void;
}

/** Start a call: follow the caller's signals and arm `timeouts.totalMs`; `dispose()` undoes both. */
export function startCall(context: ClientContext, signals: readonly (AbortSignal | undefined)[]): Call {
  const totalMs = context.options.timeouts.totalMs;
  const call = new AbortController();
  const timer = setTimeout(() => {
    call.abort(
      new TimeoutError({
        phase: 'total',
        timeoutMs: totalMs,
        message: `The request did not finish within timeouts.totalMs (${totalMs} ms, retries included). Fix: raise timeouts.totalMs.`,
      }),
    );
  }, totalMs);
  const unfollow = followSignals(call, signals);
  return {
    signal: call.signal,
    startedAt: Date.now(),
    dispose: () => {
      clearTimeout(timer);
      unfollow();
    },
  };
}
