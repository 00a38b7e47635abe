import type { InputItem, OutputItem, OutputMessage, OutputText, ReasoningItem } from '@mimo-agents/core';

/**
 * Turns one output item into the item to resend: reasoning without `summary` (MiMo folds a replayed
 * summary into the context, doubling the reasoning every turn), calls as `{ call_id, name, arguments }`,
 * messages as assistant `output_text` parts; `undefined` for a type the runner does not know.
 */
export function toReplayItem(item: OutputItem): InputItem | undefined {
  switch (item.type) {
    case 'reasoning': {
      // Some servers send reasoning with only `summary` / `encrypted_content`: replayed by its `id` alone.
      const replay: ReasoningItem = { type: 'reasoning', id: item.id };
      if (Array.isArray(item.content)) replay.content = item.content.map((c) => ({ ...c }));
      if (item.status !== undefined) replay.status = item.status;
      return replay;
    }
    case 'function_call':
      return { type: 'function_call', call_id: item.call_id, name: item.name, arguments: item.arguments };
    case 'message':
      return {
        role: 'assistant',
        content: textParts(item).map((part) => ({ type: 'output_text' as const, text: part.text })),
      };
    default:
      // A type the runner does not know (a hosted tool's item): MiMo could not take it back.
      return undefined;
  }
}

/**
 * The replay of one turn's output, in order, for the history. Reasoning is kept only when glued to an
 * item after it (a trailing reasoning item, as left by a cut-off turn, is dropped). Items of a type the
 * runner does not know are left out.
 */
export function toReplayItems(items: readonly OutputItem[]): InputItem[] {
  const replay = items.flatMap((item) => toReplayItem(item) ?? []);
  while (replay.length > 0 && replay[replay.length - 1]?.type === 'reasoning') replay.pop();
  return replay;
}

/** The `output_text` parts of a message (other part types, e.g. `refusal`, carry no answer text). */
function textParts(item: OutputMessage): OutputText[] {
  return item.content.filter((part) => part.type === 'output_text' && typeof part.text === 'string');
}

/** The plain text of an output message (its `output_text` parts joined). */
export function messageText(items: readonly OutputItem[]): string {
  let text = '';
  for (const item of items) {
    if (item.type === 'message') for (const part of textParts(item)) text += part.text;
  }
  return text;
}
