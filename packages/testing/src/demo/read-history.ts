import type { WireInputItem, WireRequest } from '../wire/request.js';

/** What the demo model reads from a request's input. */
export interface HistoryView {
  /** The text of the latest user message. */
  userText: string;
  /** Function calls made since that message, with their outputs (if sent). */
  calls: { name: string; arguments: string; output: string | undefined }[];
}

/** Reads the latest user message and the tool calls (with outputs) that followed it. */
export function readHistory(request: WireRequest): HistoryView {
  const input = request.input;
  if (typeof input === 'string') return { userText: input, calls: [] };
  let last = -1;
  input.forEach((item, index) => {
    if (item.role === 'user' && (item.type === undefined || item.type === 'message')) last = index;
  });
  const userText = last >= 0 ? contentText(input[last]?.content) : '';
  const after = input.slice(last + 1);
  const outputs = new Map<string, string>();
  for (const item of after) {
    if (item.type === 'function_call_output' && typeof item.call_id === 'string') {
      outputs.set(item.call_id, typeof item.output === 'string' ? item.output : JSON.stringify(item.output));
    }
  }
  const calls = after
    .filter(
      (item): item is WireInputItem & { call_id: string } =>
        item.type === 'function_call' && typeof item.call_id === 'string',
    )
    .map((item) => ({
      name: item.name ?? '',
      arguments: item.arguments ?? '',
      output: outputs.get(item.call_id),
    }));
  return { userText, calls };
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part: unknown) =>
      typeof part === 'object' && part !== null && 'text' in part ? String(part.text) : '',
    )
    .join(' ');
}
