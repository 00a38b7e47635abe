/**
 * `done`, or, once `signal` has aborted (the call was cancelled or timed out), at most `timeoutMs` later:
 * then `onExpire` runs and the promise resolves anyway. It never rejects.
 */
export function settleWithin(
  done: Promise<void>,
  signal: AbortSignal,
  timeoutMs: number,
  onExpire: () => void,
): Promise<void> {
  if (!Number.isFinite(timeoutMs)) return done;
  return new Promise<void>((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const start = (): void => {
      timer = setTimeout(
        () => {
          onExpire();
          resolve();
        },
        Math.min(timeoutMs, 2 ** 31 - 1),
      );
    };
    const finish = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', start);
      resolve();
    };
    void done.then(finish, finish);
    if (signal.aborted) start();
    else signal.addEventListener('abort', start, { once: true });
  });
}
