/**
 * The signal of every run that nothing can cancel (`run()` without a `signal`: no stream, no caller's
 * signal). It never aborts, so a listener on it would never be called: it keeps none. One object for all
 * such runs, instead of an `AbortSignal` (and its listener map) per run that each waiting run would hold.
 */
export const NEVER_ABORTED: AbortSignal = neverAborted();

function neverAborted(): AbortSignal {
  // Its controller is dropped here: nobody can abort the signal.
  const signal = new AbortController().signal;
  // Listeners are not kept (they could never fire): thousands of runs adding and removing theirs on one
  // shared signal would otherwise scan one long list and trip Node's too-many-listeners warning.
  const ignore = (): void => {};
  Object.defineProperties(signal, {
    addEventListener: { value: ignore },
    removeEventListener: { value: ignore },
  });
  return signal;
}
