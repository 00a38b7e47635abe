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
export declare function createRunQueue(): RunQueue;
//# sourceMappingURL=run-queue.d.ts.map