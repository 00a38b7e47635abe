import { isMimoError } from '@mimo-agents/core';
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
  /** The list row of one run, from memory; `undefined` for an unknown id. */
  summary(runId: string): RunSummary | undefined;
  /** Runs that are not an indexed run's sub-run (`<parent runId>/<callId>`), newest save first. */
  topLevel(): readonly RunSummary[];
  /** The indexed direct sub-runs of `runId`, newest save first. */
  children(runId: string): readonly RunSummary[];
  /** Reads one run in full; `undefined` for an unknown id. */
  detail(runId: string): Promise<RunDetail | undefined>;
  /** Releases connections and watchers. */
  close(): Promise<void>;
}

/**
 * A typed error as the page shows it: a library error keeps its code and message (fix included);
 * anything else means the state decoded but has a shape the inspector cannot read.
 */
export function describeError(error: unknown, location: string): { code: string; message: string } {
  if (isMimoError(error)) return { code: error.code, message: error.message };
  const detail = error instanceof Error ? error.message : String(error);
  return {
    code: 'checkpoint_unreadable',
    message: `The checkpoint at ${location} decoded but its state has an unexpected shape (${detail}). Fix: check which program wrote it; the runner writes RunState version 1.`,
  };
}
