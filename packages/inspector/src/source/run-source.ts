import type { RunState } from '@mimo-agents/runner';
import type { RunSummary } from './run-summary.js';

/** What one checkpoint holds when read for the run page: the state, or the typed error that stopped it. */
export type RunDetail =
  | { ok: true; summary: RunSummary; state: RunState }
  | { ok: false; summary: RunSummary; error: { code: string; message: string } };

/** A checkpoint store seen by the inspector: an in-memory index of summaries, refreshed on demand. */
export interface RunSource {
  /** Where the runs come from, for the page header (`dir /path` or `redis host:port`). */
  readonly label: string;
  /**
   * Re-reads what changed since the last refresh (new, updated, removed checkpoints) and returns the
   * ids of the runs that changed.
   */
  refresh(): Promise<string[]>;
  /** Every known run, newest save first. */
  summaries(): readonly RunSummary[];
  /** Reads one run in full; `undefined` for an unknown id. */
  detail(runId: string): Promise<RunDetail | undefined>;
  /** Releases connections and watchers. */
  close(): Promise<void>;
}

/** A typed error as the page shows it. */
export function describeError(error: unknown): { code: string; message: string } {
  if (error instanceof Error) {
    const code = (error as Error & { code?: unknown }).code;
    return { code: typeof code === 'string' ? code : error.name, message: error.message };
  }
  return { code: 'unknown', message: String(error) };
}
