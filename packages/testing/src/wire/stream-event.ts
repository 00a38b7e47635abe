import type { WireOutputItem, WireResponse } from './response.js';

/** A content part carried by `response.content_part.*` events. */
export type WireContentPart =
  | { type: 'output_text'; text: string; annotations: unknown[] }
  | { type: 'reasoning_text'; text: string };

/** Fields every SSE event carries. */
interface EventBase {
  sequence_number: number;
}

/** One event of the SSE stream, discriminated on `type`. */
export type WireStreamEvent =
  | (EventBase & {
      type:
        | 'response.created'
        | 'response.in_progress'
        | 'response.completed'
        | 'response.incomplete'
        | 'response.failed';
      response: WireResponse;
    })
  | (EventBase & {
      type: 'response.output_item.added' | 'response.output_item.done';
      output_index: number;
      item: WireOutputItem;
    })
  | (EventBase & {
      type: 'response.content_part.added' | 'response.content_part.done';
      item_id: string;
      output_index: number;
      content_index: number;
      part: WireContentPart;
    })
  | (EventBase & {
      type: 'response.output_text.delta' | 'response.reasoning_text.delta';
      item_id: string;
      output_index: number;
      content_index: number;
      delta: string;
    })
  | (EventBase & {
      type: 'response.output_text.done' | 'response.reasoning_text.done';
      item_id: string;
      output_index: number;
      content_index: number;
      text: string;
    })
  | (EventBase & {
      type: 'response.function_call_arguments.delta';
      item_id: string;
      output_index: number;
      delta: string;
    })
  | (EventBase & {
      type: 'response.function_call_arguments.done';
      item_id: string;
      output_index: number;
      arguments: string;
      name: string;
    })
  | (EventBase & { type: 'error'; code: string; message: string; param: string | null });

/** The event types that end a response stream. */
export const terminalEventTypes: ReadonlySet<string> = new Set([
  'response.completed',
  'response.incomplete',
  'response.failed',
  'error',
]);
