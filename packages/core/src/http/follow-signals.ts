import type { AbortLike } from './call-abort.js';

const NOTHING_TO_UNFOLLOW = (): void => undefined;

/** What {@link followSignal} aborts: an `AbortController`, or a `CallAbort`. */
export interface Abortable {
  abort(reason?: unknown): void;
}

/**
 * Abort `controller` as soon as `source` aborts, with its reason (at once if it already has).
 * Returns the function that stops following: call it when the work is done, so that a long-lived
 * source (a whole run's signal) does not collect listeners. One plain listener (no options object
 * to validate, no `once` bookkeeping: the returned function removes it), which costs far less than
 * an `AbortSignal.any` per call and per attempt.
 */
export function followSignal(controller: Abortable, source: AbortLike | undefined): () => void {
  if (source === undefined) return NOTHING_TO_UNFOLLOW;
  if (source.aborted) {
    controller.abort(source.reason);
    return NOTHING_TO_UNFOLLOW;
  }
  const onAbort = (): void => {
    controller.abort(source.reason);
  };
  source.addEventListener('abort', onAbort);
  return () => source.removeEventListener('abort', onAbort);
}

/** {@link followSignal} for several sources: the first to abort aborts `controller`. */
export function followSignals(
  controller: Abortable,
  sources: readonly (AbortLike | undefined)[],
): () => void {
  const unfollows = sources.map((source) => followSignal(controller, source));
  return () => {
    for (const unfollow of unfollows) unfollow();
  };
}
