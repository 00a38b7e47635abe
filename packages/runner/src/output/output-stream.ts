import type { RunEvent } from '../events.js';
import { parsePartialJson } from './partial-json.js';

/** Most answer characters re-parsed for `output.delta` events; past it only `output.completed` follows. */
export const MAX_PARTIAL_OUTPUT_CHARS = 256 * 1024;

/**
 * Wraps a run's `emit` for one structured-output turn: after each `text.delta` it emits
 * `output.delta` when the best partial object changed. A resent attempt (`turn.retried`) starts over.
 */
export function withOutputDeltas(emit: (event: RunEvent) => void): (event: RunEvent) => void {
  let chunks: string[] = [];
  let length = 0;
  let last = '';
  return (event) => {
    emit(event);
    if (event.type === 'turn.retried') {
      chunks = [];
      length = 0;
      last = '';
      return;
    }
    if (event.type !== 'text.delta' || length > MAX_PARTIAL_OUTPUT_CHARS) return;
    chunks.push(event.delta);
    length += event.delta.length;
    const partial = parsePartialJson(chunks.join(''));
    if (partial === undefined) return;
    const key = JSON.stringify(partial);
    if (key === last) return;
    last = key;
    emit({ type: 'output.delta', turn: event.turn, partial });
  };
}
