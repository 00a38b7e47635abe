import type { InputItem, ReasoningEffort } from '@mimo-agents/core';

/**
 * When a context policy acts: before a request whose estimated input passes `tokens`, or else
 * `fraction` of the model's context window (from the client's model table). It then cuts the history
 * down to `targetFraction` of that limit, so the prefix stays the same (and cached) for many turns
 * before the next cut.
 */
export interface ContextThreshold {
  /** Act above this fraction of the model's context window (default 0.8). */
  fraction?: number;
  /** Act above this many tokens instead (a budget; wins over `fraction`). */
  tokens?: number;
  /** After acting, aim for at most this fraction of the limit (default 0.5). */
  targetFraction?: number;
}

/** What every policy accepts. */
export interface ContextPolicyCommon {
  /** When to act (default: 80% of the context window, cut down to 50% of it). */
  threshold?: ContextThreshold;
  /** Items never dropped or summarised (their whole turn group is kept). The first user message never is. */
  pinned?: (item: InputItem, index: number) => boolean;
}

/** Drop the oldest whole turn groups (reasoning, calls and outputs together) until under the target. */
export interface TrimPolicy extends ContextPolicyCommon {
  type: 'trim';
}

/** Replace the oldest turn groups by one summary message written by a compaction request. */
export interface SummarizePolicy extends ContextPolicyCommon {
  type: 'summarize';
  /** The model of the compaction request (default: the agent's). */
  model?: string;
  /** The compaction request's instructions (default: `DEFAULT_SUMMARY_INSTRUCTIONS`). */
  instructions?: string;
  /** Longest summary, in output tokens (default 4096). */
  maxOutputTokens?: number;
  /** Reasoning effort of the compaction request (default: the server's). */
  reasoning?: { effort: ReasoningEffort };
}

/** What a custom policy gets: the history, its groups, the ones to remove and the size estimate. */
export interface CustomCompactionInput {
  history: readonly InputItem[];
  /** Index after the first user message: items before it must stay. */
  head: number;
  /** The oldest unpinned turn groups whose removal reaches the target, as `[start, end)` spans. */
  suggested: readonly { start: number; end: number }[];
  /** Estimated input tokens now, the limit that was passed and the target. */
  tokens: number;
  limit: number;
  target: number;
  signal: AbortSignal;
}

/** Your own function returns the new history; the runner validates it before sending it. */
export interface CustomPolicy extends ContextPolicyCommon {
  type: 'custom';
  compact: (input: CustomCompactionInput) => readonly InputItem[] | Promise<readonly InputItem[]>;
}

/**
 * How a run keeps its history inside the context window, applied before each request.
 * @example
 * await run({ client, agent, input, contextPolicy: { type: 'trim', threshold: { fraction: 0.7 } } });
 */
export type ContextPolicy = TrimPolicy | SummarizePolicy | CustomPolicy;

/** The default instructions of a `summarize` compaction request. */
export const DEFAULT_SUMMARY_INSTRUCTIONS =
  'You compress conversations. Summarise the transcript you are given so that an assistant can continue the work without it: keep facts, decisions, names, numbers, tool results that still matter and open tasks; drop chatter. Write plain prose, at most a few paragraphs.';
