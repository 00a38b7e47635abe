import type { RunCost } from '../cost.js';
import type { RunUsage } from '../usage.js';

/** One application of a context policy, kept in the run state and the result. */
export interface CompactionRecord {
  /** The turn whose request the history was cut for. */
  turn: number;
  policy: 'trim' | 'summarize' | 'custom';
  /** History items before and after. */
  itemsBefore: number;
  itemsAfter: number;
  /**
   * What was cut, as `[start, end)` spans of the history before the cut: the turn groups dropped
   * (`trim`) or replaced by the summary (`summarize`). Absent for `custom` (your function decides).
   */
  removed?: { start: number; end: number }[];
  /** Estimated input tokens before and after (see `estimateTokens`). */
  tokensBefore: number;
  tokensAfter: number;
  /** The compaction request's usage (`summarize` only); it is also in the run's `usage`. */
  usage?: RunUsage;
  /** What that request cost, when the run has prices. */
  cost?: RunCost;
}
