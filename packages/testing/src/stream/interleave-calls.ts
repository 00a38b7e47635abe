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
    // One by one, not `push(...list)`: a call with long arguments has more deltas than a call's
    // stack holds as arguments.
    const own: UnnumberedEvent[] = [];
    for (const event of events) {
      if (event.type === 'response.output_item.added') added.push(event);
      else if (event.type === 'response.function_call_arguments.delta') own.push(event);
      else tails.push(event);
    }
    deltas.push(own);
  }
  const merged: UnnumberedEvent[] = [...added];
  const longest = deltas.reduce((most, list) => Math.max(most, list.length), 0);
  for (let i = 0; i < longest; i++) {
    for (const list of deltas) {
      const event = list[i];
      if (event !== undefined) merged.push(event);
    }
  }
  for (const event of tails) merged.push(event);
  return merged;
}
