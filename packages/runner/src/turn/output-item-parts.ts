import type { OutputFunctionCall, OutputItem, OutputMessage, OutputReasoningItem } from '@mimo-agents/core';
import type { AccumulatedCall } from './call-accumulator.js';

/**
 * A message or reasoning item rebuilt from its streamed text chunks (`parts[contentIndex]`), for when
 * its `output_item.done` never came; `undefined` for a message with no text or a function call; an item
 * of a type the runner does not know comes back as it is.
 */
export function rebuildItem(
  item: OutputItem,
  parts: readonly (string[] | undefined)[],
): OutputItem | undefined {
  const texts = Array.from(parts, (chunks) => (chunks ?? []).join(''));
  switch (item.type) {
    case 'message': {
      if (texts.length === 0) return undefined;
      const message: OutputMessage = {
        ...item,
        content: texts.map((text) => ({ type: 'output_text', text, annotations: [] })),
      };
      return message;
    }
    case 'reasoning': {
      const reasoning: OutputReasoningItem = {
        ...item,
        content: texts.map((text) => ({ type: 'reasoning_text', text })),
      };
      return reasoning;
    }
    case 'function_call':
      return undefined;
    default:
      // A type this runner does not know (a hosted tool's item): kept as the stream announced it.
      return item;
  }
}

const KNOWN_OUTPUT_TYPES: ReadonlySet<unknown> = new Set(['message', 'reasoning', 'function_call']);

/** True for the output item types the runner replays (message, reasoning, function_call). */
export function isKnownOutputItem(item: unknown): item is OutputItem {
  return (
    typeof item === 'object' && item !== null && KNOWN_OUTPUT_TYPES.has((item as { type?: unknown }).type)
  );
}

/** A final accumulated call as a completed `function_call` output item. */
export function asOutputCall(call: AccumulatedCall): OutputFunctionCall {
  return {
    type: 'function_call',
    id: call.itemId,
    status: 'completed',
    call_id: call.callId,
    name: call.name,
    arguments: call.arguments,
  };
}
