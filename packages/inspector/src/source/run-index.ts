import type { RunSummary } from './run-summary.js';

/** The summaries of a source, kept sorted by last save (newest first) for paging. */
export class RunIndex {
  private readonly byKey = new Map<string, RunSummary>();
  private sorted: RunSummary[] | undefined;

  /** Adds or replaces the summary stored under `key` (file name or Redis key). */
  set(key: string, summary: RunSummary): void {
    this.byKey.set(key, summary);
    this.sorted = undefined;
  }

  /** Forgets `key`; returns the run id it held. */
  delete(key: string): string | undefined {
    const old = this.byKey.get(key);
    this.byKey.delete(key);
    this.sorted = undefined;
    return old?.runId;
  }

  /** The summary under `key`. */
  get(key: string): RunSummary | undefined {
    return this.byKey.get(key);
  }

  /** Every key held. */
  keys(): IterableIterator<string> {
    return this.byKey.keys();
  }

  /** All summaries, newest save first (sorted once per change). */
  all(): readonly RunSummary[] {
    this.sorted ??= [...this.byKey.values()].sort(
      (a, b) => b.savedAtMs - a.savedAtMs || a.runId.localeCompare(b.runId),
    );
    return this.sorted;
  }
}
