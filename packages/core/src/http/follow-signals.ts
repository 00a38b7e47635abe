/**
 * Abort `controller` as soon as any of `sources` aborts, with that source's reason (at once if
 * one already has). Returns the function that stops following: call it when the work is done, so
 * that a long-lived source (a whole run's signal) does not collect listeners. One plain listener
 * per source, which costs far less than an `AbortSignal.any` per call and per attempt.
 */
export function followSignals(
  controller: AbortController,
  sources: readonly (AbortSignal | undefined)[],
): () => void {
  const followed: AbortSignal[] = [];
  const onAbort = (event: Event): void => {
    controller.abort((event.target as AbortSignal).reason);
  };
  for (const source of sources) {
    if (source === undefined) continue;
    if (source.aborted) controller.abort(source.reason);
    else {
      source.addEventListener('abort', onAbort, { once: true });
      followed.push(source);
    }
  }
  return () => {
    for (const source of followed) source.removeEventListener('abort', onAbort);
  };
}
