import type { RunSummary } from './run-summary.js';

/** The parent of a sub-run id (`<parent runId>/<callId>`, as agentTool saves it), or undefined. */
export function parentIdOf(runId: string): string | undefined {
  const slash = runId.lastIndexOf('/');
  return slash > 0 ? runId.slice(0, slash) : undefined;
}

/**
 * The summaries of a source, kept sorted by last save (newest first) for paging, with a lookup by run
 * id and the sub-run tree (a run `<parent>/<callId>` whose parent is indexed is that parent's sub-run).
 */
export class RunIndex {
  private readonly byKey = new Map<string, RunSummary>();
  private readonly keyOfRun = new Map<string, string>();
  private sorted: RunSummary[] | undefined;
  private tree: { topLevel: RunSummary[]; children: Map<string, RunSummary[]> } | undefined;

  /** Adds or replaces the summary stored under `key` (file name or Redis key). */
  set(key: string, summary: RunSummary): void {
    const old = this.byKey.get(key);
    if (old !== undefined && old.runId !== summary.runId) this.keyOfRun.delete(old.runId);
    this.byKey.set(key, summary);
    this.keyOfRun.set(summary.runId, key);
    this.changed();
  }

  /** Forgets `key`; returns the run id it held. */
  delete(key: string): string | undefined {
    const old = this.byKey.get(key);
    this.byKey.delete(key);
    if (old !== undefined && this.keyOfRun.get(old.runId) === key) this.keyOfRun.delete(old.runId);
    this.changed();
    return old?.runId;
  }

  /** The summary under `key`. */
  get(key: string): RunSummary | undefined {
    return this.byKey.get(key);
  }

  /** The summary of run `runId`. */
  byRunId(runId: string): RunSummary | undefined {
    const key = this.keyOfRun.get(runId);
    return key === undefined ? undefined : this.byKey.get(key);
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

  /** Runs that are no indexed run's sub-run, newest save first. */
  topLevel(): readonly RunSummary[] {
    return this.buildTree().topLevel;
  }

  /** The indexed sub-runs of `runId` (direct children), newest save first. */
  children(runId: string): readonly RunSummary[] {
    return this.buildTree().children.get(runId) ?? [];
  }

  private buildTree() {
    if (this.tree !== undefined) return this.tree;
    const topLevel: RunSummary[] = [];
    const children = new Map<string, RunSummary[]>();
    for (const summary of this.all()) {
      const parent = parentIdOf(summary.runId);
      if (parent === undefined || !this.keyOfRun.has(parent)) topLevel.push(summary);
      else {
        const list = children.get(parent);
        if (list === undefined) children.set(parent, [summary]);
        else list.push(summary);
      }
    }
    this.tree = { topLevel, children };
    return this.tree;
  }

  private changed(): void {
    this.sorted = undefined;
    this.tree = undefined;
  }
}
