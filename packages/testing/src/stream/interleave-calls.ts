import type { UnnumberedEvent } from './response-events.js';

/**
 * Merges the event lists of several function calls of one turn so their argument deltas
 * interleave: every `output_item.added` first, then the deltas round-robin, then each call's
 * `.done` events. A client must key deltas by `item_id` / `output_index` to survive this.
 */
export function interleaveCalls(calls: readonly UnnumberedEvent[][]): UnnumberedEvent[] {
  const added: UnnumberedEvent[] = [];
  const deltas: UnnumberedEvent[][] = [];
  const tails: UnnumberedEvent[] = [];
  for (const events of calls) {
    added.push(...events.filter((event) => event.type === 'response.output_item.added'));
    deltas.push(events.filter((event) => event.type === 'response.function_call_arguments.delta'));
    tails.push(
      ...events.filter(
        (event) =>
          event.type !== 'response.output_item.added' &&
          event.type !== 'response.function_call_arguments.delta',
      ),
    );
  }
  const merged: UnnumberedEvent[] = [...added];
  const longest = Math.max(0, ...deltas.map((list) => list.length));
  for (let i = 0; i < longest; i++) {
    for (const list of deltas) {
      const event = list[i];
      if (event !== undefined) merged.push(event);
    }
  }
  return [...merged, ...tails];
}
