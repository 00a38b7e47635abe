import type { OutputFunctionCall, OutputItem, OutputMessage, OutputReasoningItem } from '@mimo-agents/core';
import type { AccumulatedCall } from './call-accumulator.js';

/**
 * A message or reasoning item rebuilt from its streamed text chunks (`parts[contentIndex]`), for when
 * its `output_item.done` never came; `undefined` for a message with no text or any other item type.
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
    default: {
      const exhaustive: never = item;
      throw new TypeError(`Unknown output item: ${JSON.stringify(exhaustive)}`);
    }
  }
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
