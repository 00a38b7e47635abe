/**
 * Per-run FIFO of async tasks: tasks for one run id run one after another, in call order, so
 * concurrent saves (e.g. two parallel tool outcomes) land in the order they were asked for and the
 * last save always wins. Different run ids do not wait for each other.
 */
export interface RunQueue {
  /** Runs `task` after every task queued earlier for `runId` has settled. */
  enqueue<T>(runId: string, task: () => Promise<T>): Promise<T>;
  /** Resolves once every task queued so far for `runId` has settled. */
  idle(runId: string): Promise<void>;
}

/** Creates an empty `RunQueue`. */
export function createRunQueue(): RunQueue {
  const tails = new Map<string, Promise<void>>();
  return {
    enqueue(runId, task) {
      const previous = tails.get(runId) ?? Promise.resolve();
      const current = previous.then(task);
      const tail = current.then(
        () => undefined,
        () => undefined,
      );
      tails.set(runId, tail);
      void tail.then(() => {
        if (tails.get(runId) === tail) tails.delete(runId);
      });
      return current;
    },
    async idle(runId) {
      await tails.get(runId);
    },
  };
}
