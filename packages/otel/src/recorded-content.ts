import type { InputItem, OutputItem } from '@mimo-agents/core';

/** One message in the conventions' `gen_ai.input.messages` / `gen_ai.output.messages` shape. */
interface ConventionMessage {
  role: string;
  parts: Record<string, unknown>[];
  finish_reason?: string;
}

/** Shortens `text` to `max` characters, marking the cut. */
function bounded(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…[truncated ${text.length - max} chars]`;
}

/**
 * A content attribute's value: `value` as JSON (strings as they are), with the client's API key and
 * key-shaped text redacted (`client.redact`, the rules of the client's logs), cut at `max` characters.
 */
export function contentValue(value: unknown, redact: (text: string) => string, max: number): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return bounded(redact(text), max);
}

/** `gen_ai.system_instructions`: the instructions as one text part. */
export function systemInstructions(instructions: string): unknown[] {
  return [{ type: 'text', content: instructions }];
}

/** Input items (or a plain input string) as the conventions' input messages. */
export function inputMessages(input: string | readonly InputItem[]): ConventionMessage[] {
  if (typeof input === 'string') return [{ role: 'user', parts: [{ type: 'text', content: input }] }];
  return input.map(inputMessage);
}

function inputMessage(item: InputItem): ConventionMessage {
  switch (item.type) {
    case 'function_call':
      return {
        role: 'assistant',
        parts: [{ type: 'tool_call', id: item.call_id, name: item.name, arguments: item.arguments }],
      };
    case 'function_call_output':
      return {
        role: 'tool',
        parts: [{ type: 'tool_call_response', id: item.call_id, response: item.output }],
      };
    case 'reasoning':
      return {
        role: 'assistant',
        parts: (item.content ?? []).map((c) => ({ type: 'reasoning', content: c.text })),
      };
    default: {
      const parts =
        typeof item.content === 'string'
          ? [{ type: 'text', content: item.content }]
          : item.content.map((part) =>
              part.type === 'input_text' || part.type === 'output_text'
                ? { type: 'text', content: part.text }
                : { type: part.type },
            );
      return { role: item.role, parts };
    }
  }
}

/** A response's output items as one assistant message of the conventions' output messages. */
export function outputMessages(output: readonly OutputItem[], finishReason: string): ConventionMessage[] {
  const parts: Record<string, unknown>[] = [];
  for (const item of output) {
    if (item.type === 'message') for (const c of item.content) parts.push({ type: 'text', content: c.text });
    else if (item.type === 'function_call')
      parts.push({ type: 'tool_call', id: item.call_id, name: item.name, arguments: item.arguments });
    else for (const c of item.content ?? []) parts.push({ type: 'reasoning', content: c.text });
  }
  return [{ role: 'assistant', parts, finish_reason: finishReason }];
}
