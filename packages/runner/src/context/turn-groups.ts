import type { InputItem } from '@mimo-agents/core';

/** A span `[start, end)` of history items that is dropped or kept as a whole. */
export interface TurnGroup {
  start: number;
  end: number;
}

/** How a history splits: the protected head (up to the first user message) and the turn groups after it. */
export interface HistoryLayout {
  /** Items `[0, head)`: everything up to and including the first user message; never dropped. */
  head: number;
  /** The rest, oldest first; the last group is the live one and is never dropped. */
  groups: TurnGroup[];
}

/**
 * Splits a valid history into turn groups: a group starts at a user message or at the model turn that
 * follows tool outputs, and runs until the next such point. A group therefore holds each reasoning item
 * with the call or message after it, and every call with its output, so dropping whole groups keeps the
 * history valid.
 */
export function turnGroups(items: readonly InputItem[]): HistoryLayout {
  const firstUser = items.findIndex(isUserMessage);
  const head = firstUser === -1 ? 0 : firstUser + 1;
  const groups: TurnGroup[] = [];
  let start = head;
  let open = 0;
  for (let i = head; i < items.length; i += 1) {
    const item = items[i];
    const previous = items[i - 1];
    if (item === undefined) continue;
    const startsTurn =
      isUserMessage(item) ||
      (previous?.type === 'function_call_output' && item.type !== 'function_call_output');
    if (i > start && open === 0 && startsTurn) {
      groups.push({ start, end: i });
      start = i;
    }
    if (item.type === 'function_call') open += 1;
    else if (item.type === 'function_call_output') open -= 1;
  }
  if (start < items.length) groups.push({ start, end: items.length });
  return { head, groups };
}

/** Whether an item is a user message (plain or typed `message`). */
export function isUserMessage(item: InputItem): boolean {
  return (item.type === undefined || item.type === 'message') && 'role' in item && item.role === 'user';
}
