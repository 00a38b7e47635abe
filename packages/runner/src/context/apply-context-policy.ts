import { type InputItem, validateHistory } from '@mimo-agents/core';
import { costOf } from '../cost.js';
import type { ContextCompactedEvent } from '../events.js';
import { type LoopRun, saveStep } from '../loop/loop-run.js';
import { addUsage } from '../usage.js';
import type { CompactionRecord } from './compaction-record.js';
import { contextLimit } from './context-limit.js';
import { contextTokens, itemsTokens } from './context-tokens.js';
import { estimateTokens } from './estimate-tokens.js';
import { groupItems, selectGroups, withoutGroups } from './select-groups.js';
import { summarizeItems } from './summarize-history.js';
import { turnGroups } from './turn-groups.js';

/**
 * Runs the run's context policy before the request of `turn`: when the estimated input passes the
 * limit, the oldest unpinned turn groups are trimmed, summarised or handed to the custom function; the
 * new history is validated, the change checkpointed (step `context.compacted`), then reported by a
 * `context.compacted` event. Without a policy it does nothing. A history that cannot shrink (only the
 * head and the live group left) is sent as it is.
 */
export async function applyContextPolicy(run: LoopRun, turn: number): Promise<void> {
  const { state, options } = run;
  const policy = options.contextPolicy;
  if (policy === undefined) return;
  const fixed = estimateTokens([options.agent.instructions ?? '', options.registry.definitions()]);
  const before = contextTokens(state, fixed);
  const { limit, target } = contextLimit(policy, options.client, options.agent);
  if (before > limit) await compact(run, turn, { before, limit, target, fixed });
  state.contextMark = { turn, items: state.history.length };
}

interface Sizes {
  before: number;
  limit: number;
  target: number;
  fixed: number;
}

async function compact(run: LoopRun, turn: number, sizes: Sizes): Promise<void> {
  const { state, options } = run;
  const policy = options.contextPolicy;
  if (policy === undefined) return;
  const history = state.history;
  const layout = turnGroups(history);
  const picked = selectGroups(history, layout, sizes.before - sizes.target, policy.pinned);
  if (picked.groups.length === 0 && policy.type !== 'custom') return;
  let next: InputItem[];
  const record: CompactionRecord = {
    turn,
    policy: policy.type,
    itemsBefore: history.length,
    itemsAfter: 0,
    tokensBefore: sizes.before,
    tokensAfter: 0,
  };
  switch (policy.type) {
    case 'trim':
      next = withoutGroups(history, picked.groups);
      break;
    case 'summarize': {
      const summary = await summarizeItems({
        client: options.client,
        policy,
        model: options.agent.model,
        items: groupItems(history, picked.groups),
        signal: options.signal,
      });
      next = withoutGroups(history, picked.groups, summary.message);
      record.usage = summary.usage;
      if (options.price !== undefined) record.cost = costOf(summary.usage, options.price);
      state.usage = addUsage(state.usage, summary.usage);
      options.spending?.add(summary.usage, record.cost);
      break;
    }
    case 'custom':
      next = [
        ...(await policy.compact({
          history,
          head: layout.head,
          suggested: picked.groups,
          tokens: sizes.before,
          limit: sizes.limit,
          target: sizes.target,
          signal: options.signal,
        })),
      ];
      break;
    default: {
      const unknown: never = policy;
      throw new TypeError(`Unknown context policy ${JSON.stringify(unknown)}`);
    }
  }
  if (policy.type !== 'custom') record.removed = picked.groups.map(({ start, end }) => ({ start, end }));
  validateHistory(next);
  state.inputLength = keptInput(history, next, state.inputLength);
  state.history = next;
  record.itemsAfter = next.length;
  record.tokensAfter = sizes.fixed + itemsTokens(next);
  state.compactions = [...(state.compactions ?? []), record];
  delete state.contextMark;
  await saveStep(run, 'context.compacted');
  const event: ContextCompactedEvent = {
    type: 'context.compacted',
    turn,
    policy: record.policy,
    itemsBefore: record.itemsBefore,
    itemsAfter: record.itemsAfter,
    tokensBefore: record.tokensBefore,
    tokensAfter: record.tokensAfter,
    limit: sizes.limit,
  };
  if (record.removed !== undefined) event.removed = record.removed.map((span) => ({ ...span }));
  if (record.usage !== undefined) event.usage = record.usage;
  if (record.cost !== undefined) event.cost = record.cost;
  options.emit(event);
}

/**
 * The new `inputLength`: how many items of the new history come from the caller's input. Kept items
 * are the same objects, so the last kept input item marks the end; an inserted summary that stands
 * before it counts as input too.
 */
function keptInput(before: readonly InputItem[], after: readonly InputItem[], inputLength: number): number {
  const input = new Set(before.slice(0, inputLength));
  let last = -1;
  after.forEach((item, index) => {
    if (input.has(item)) last = index;
  });
  return last + 1;
}
