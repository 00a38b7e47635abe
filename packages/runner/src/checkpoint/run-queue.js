/** Creates an empty `RunQueue`. */
export function createRunQueue() {
    const tails = new Map();
    return {
        enqueue(runId, task) {
            const previous = tails.get(runId) ?? Promise.resolve();
            const current = previous.then(task);
            const tail = current.then(() => undefined, () => undefined);
            tails.set(runId, tail);
            void tail.then(() => {
                if (tails.get(runId) === tail)
                    tails.delete(runId);
            });
            return current;
        },
        async idle(runId) {
            await tails.get(runId);
        },
    };
}
//# sourceMappingURL=run-queue.js.map