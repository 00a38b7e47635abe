import type { InputItem, OutputItem } from '@mimo-agents/core';

/**
 * Turns one output item into the item to resend: reasoning without `summary` (MiMo folds a replayed
 * summary into the context, doubling the reasoning every turn), calls as `{ call_id, name, arguments }`,
 * messages as assistant `output_text` parts.
 */
export function toReplayItem(item: OutputItem): InputItem {
  switch (item.type) {
    case 'reasoning': {
      const replay: InputItem = {
        type: 'reasoning',
        id: item.id,
        content: item.content.map((c) => ({ ...c })),
      };
      if (item.status !== undefined) replay.status = item.status;
      return replay;
    }
    case 'function_call':
      return { type: 'function_call', call_id: item.call_id, name: item.name, arguments: item.arguments };
    case 'message':
      return {
        role: 'assistant',
        content: item.content.map((part) => ({ type: 'output_text' as const, text: part.text })),
      };
    default: {
      const never: never = item;
      throw new TypeError(`Unknown output item: ${JSON.stringify(never)}`);
    }
  }
}

/**
 * The replay of one turn's output, in order, for the history. Reasoning is kept only when glued to an
 * item after it (a trailing reasoning item, as left by a cut-off turn, is dropped).
 */
export function toReplayItems(items: readonly OutputItem[]): InputItem[] {
  const replay = items.map(toReplayItem);
  while (replay.length > 0 && replay[replay.length - 1]?.type === 'reasoning') replay.pop();
  return replay;
}

/** The plain text of an output message (its `output_text` parts joined). */
export function messageText(items: readonly OutputItem[]): string {
  let text = '';
  for (const item of items) {
    if (item.type === 'message') for (const part of item.content) text += part.text;
  }
  return text;
}
