// Test-only: waits for a condition on real state (Redis, files) with a bound.

/**
 * Resolves once `check` holds, polling every 10 ms; rejects after `withinMs`. The bound only keeps a
 * broken test from hanging: the test asserts on the state it waited for, never on how long it took.
 */
export async function until(check: () => Promise<boolean> | boolean, withinMs = 5_000): Promise<void> {
  const end = Date.now() + withinMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`condition not met within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
