import type { InputItem } from '@mimo-agents/core';
import type { RunState } from '../run-state.js';
import { estimateTokens } from './estimate-tokens.js';

/** Where the server's count of a request's input ends: turn `turn` was sent with `history.slice(0, items)`. */
export interface ContextMark {
  turn: number;
  items: number;
}

/**
 * The input tokens the next request will carry. When the last request's turn reported `usage`, its
 * `input_tokens` (the server's own count of instructions, tools and the history it was sent) is used
 * and only the items added since are estimated; otherwise everything is estimated, `fixed` (the
 * instructions and tool definitions) included.
 */
export function contextTokens(state: RunState, fixed: number): number {
  const mark = state.contextMark;
  const known =
    mark === undefined || mark.items > state.history.length
      ? undefined
      : state.turns.find((turn) => turn.turn === mark.turn);
  if (mark !== undefined && known !== undefined && known.usage.requests > 0)
    return known.usage.inputTokens + itemsTokens(state.history.slice(mark.items));
  return fixed + itemsTokens(state.history);
}

/** The estimate of some items, each measured as its JSON. */
export function itemsTokens(items: readonly InputItem[]): number {
  let sum = 0;
  for (const item of items) sum += estimateTokens(item);
  return sum;
}
