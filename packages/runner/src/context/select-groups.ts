import type { InputItem } from '@mimo-agents/core';
import { itemsTokens } from './context-tokens.js';
import type { HistoryLayout, TurnGroup } from './turn-groups.js';

/**
 * The oldest turn groups to remove so that about `excess` tokens go: never the head, never the last
 * (live) group, never a group holding a pinned item. Returns them oldest first, with their estimate.
 */
export function selectGroups(
  history: readonly InputItem[],
  layout: HistoryLayout,
  excess: number,
  pinned: ((item: InputItem, index: number) => boolean) | undefined,
): { groups: TurnGroup[]; tokens: number } {
  const groups: TurnGroup[] = [];
  let tokens = 0;
  for (const group of layout.groups.slice(0, -1)) {
    if (tokens >= excess) break;
    if (
      pinned !== undefined &&
      history.slice(group.start, group.end).some((item, k) => pinned(item, group.start + k))
    )
      continue;
    groups.push(group);
    tokens += itemsTokens(history.slice(group.start, group.end));
  }
  return { groups, tokens };
}

/** The history without `groups`; `replacement` (if any) goes where the first removed group was. */
export function withoutGroups(
  history: readonly InputItem[],
  groups: readonly TurnGroup[],
  replacement?: InputItem,
): InputItem[] {
  const out: InputItem[] = [];
  let g = 0;
  for (let i = 0; i < history.length; i += 1) {
    const group = groups[g];
    if (group !== undefined && i === group.start) {
      if (g === 0 && replacement !== undefined) out.push(replacement);
      i = group.end - 1;
      g += 1;
      continue;
    }
    const item = history[i];
    if (item !== undefined) out.push(item);
  }
  return out;
}

/** The items inside `groups`, in order. */
export function groupItems(history: readonly InputItem[], groups: readonly TurnGroup[]): InputItem[] {
  return groups.flatMap((group) => history.slice(group.start, group.end));
}
