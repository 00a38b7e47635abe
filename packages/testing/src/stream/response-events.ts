import type { WireOutputItem, WireResponse } from '../wire/response.js';
import type { WireStreamEvent } from '../wire/stream-event.js';
import { interleaveCalls } from './interleave-calls.js';

/** Distributes `Omit` over a union, so each event keeps its own fields. */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** An event before its `sequence_number` is assigned. */
export type UnnumberedEvent = DistributiveOmit<WireStreamEvent, 'sequence_number'>;

/** Splits text into deltas of `size` characters (code points, so no delta holds half a surrogate pair). */
export function splitDeltas(text: string, size: number): string[] {
  const chars = Array.from(text);
  const step = Math.max(1, Math.floor(size));
  const deltas: string[] = [];
  for (let i = 0; i < chars.length; i += step) deltas.push(chars.slice(i, i + step).join(''));
  return deltas;
}

/**
 * The full SSE event sequence for a final response, as MiMo streams it: lifecycle events, then
 * each item's added / part / deltas / done events, then the terminal event matching `status`.
 */
export function responseEvents(
  response: WireResponse,
  options: { deltaSize: number; interleaveCalls?: boolean },
): WireStreamEvent[] {
  const shell: WireResponse = {
    ...response,
    status: 'in_progress',
    output: [],
    output_text: '',
    usage: null,
    error: null,
    incomplete_details: null,
  };
  const events: UnnumberedEvent[] = [
    { type: 'response.created', response: shell },
    { type: 'response.in_progress', response: shell },
  ];
  let calls: UnnumberedEvent[][] = [];
  // Appended one by one, never `push(...list)`: a long text makes hundreds of thousands of delta
  // events, more arguments than one call's stack holds ("Maximum call stack size exceeded").
  const append = (list: readonly UnnumberedEvent[]): void => {
    for (const event of list) events.push(event);
  };
  const flushCalls = (): void => {
    append(options.interleaveCalls === true ? interleaveCalls(calls) : calls.flat());
    calls = [];
  };
  response.output.forEach((item, outputIndex) => {
    const itemEventList = itemEvents(item, outputIndex, options.deltaSize);
    if (item.type === 'function_call') calls.push(itemEventList);
    else {
      flushCalls();
      append(itemEventList);
    }
  });
  flushCalls();
  events.push({ type: terminalType(response), response });
  // `sequence_number` right after `type`, in the order MiMo writes them.
  return events.map(
    ({ type, ...rest }, sequence_number) => ({ type, sequence_number, ...rest }) as WireStreamEvent,
  );
}

function terminalType(
  response: WireResponse,
): 'response.completed' | 'response.incomplete' | 'response.failed' {
  switch (response.status) {
    case 'incomplete':
      return 'response.incomplete';
    case 'failed':
      return 'response.failed';
    case 'completed':
    case 'in_progress':
      return 'response.completed';
    default: {
      const never: never = response.status;
      throw new Error(`Unknown response status ${String(never)}`);
    }
  }
}

function itemEvents(item: WireOutputItem, output_index: number, deltaSize: number): UnnumberedEvent[] {
  const item_id = item.id;
  switch (item.type) {
    case 'reasoning': {
      const text = item.content.map((part) => part.text).join('');
      const added: WireOutputItem = { ...item, status: 'in_progress', content: [] };
      const at = { item_id, output_index, content_index: 0 };
      return [
        { type: 'response.output_item.added', output_index, item: added },
        { type: 'response.content_part.added', ...at, part: { type: 'reasoning_text', text: '' } },
        ...splitDeltas(text, deltaSize).map((delta) => ({
          type: 'response.reasoning_text.delta' as const,
          ...at,
          delta,
        })),
        { type: 'response.reasoning_text.done', ...at, text },
        { type: 'response.content_part.done', ...at, part: { type: 'reasoning_text', text } },
        { type: 'response.output_item.done', output_index, item },
      ];
    }
    case 'message': {
      const text = item.content.map((part) => part.text).join('');
      const added: WireOutputItem = { ...item, status: 'in_progress', content: [] };
      const at = { item_id, output_index, content_index: 0 };
      return [
        { type: 'response.output_item.added', output_index, item: added },
        {
          type: 'response.content_part.added',
          ...at,
          part: { type: 'output_text', text: '', annotations: [] },
        },
        ...splitDeltas(text, deltaSize).map((delta) => ({
          type: 'response.output_text.delta' as const,
          ...at,
          delta,
        })),
        { type: 'response.output_text.done', ...at, text },
        { type: 'response.content_part.done', ...at, part: { type: 'output_text', text, annotations: [] } },
        { type: 'response.output_item.done', output_index, item },
      ];
    }
    case 'function_call': {
      const added: WireOutputItem = { ...item, status: 'in_progress', arguments: '' };
      const deltas = splitDeltas(item.arguments, deltaSize).map((delta) => ({
        type: 'response.function_call_arguments.delta' as const,
        item_id,
        output_index,
        delta,
      }));
      // A call cut off by max_output_tokens never gets its `.done`: a client must not run it.
      if (item.status === 'incomplete') {
        return [{ type: 'response.output_item.added', output_index, item: added }, ...deltas];
      }
      return [
        { type: 'response.output_item.added', output_index, item: added },
        ...deltas,
        {
          type: 'response.function_call_arguments.done',
          item_id,
          output_index,
          arguments: item.arguments,
          name: item.name,
        },
        { type: 'response.output_item.done', output_index, item },
      ];
    }
    default: {
      const never: never = item;
      throw new Error(`Unknown output item ${JSON.stringify(never)}`);
    }
  }
}
