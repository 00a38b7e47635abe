import type { ItemSpec } from '../reply/reply-spec.js';
import type { WireRequest } from '../wire/request.js';
import { fillSchema } from './fill-schema.js';
import { readHistory } from './read-history.js';

/** Every demo answer starts with this, so nobody mistakes it for a real model. */
export const demoModelTag = '(local demo model)';

/**
 * The deterministic local demo model. On a new user message it calls every declared tool whose
 * schema it can fill (all in one turn); once those calls have outputs it answers with text that
 * quotes them. It never calls tools twice for one user message, so an agent loop ends in two turns.
 * With thinking on (any `reasoning.effort` but `none`) each turn starts with a reasoning item.
 */
export function demoModel(request: WireRequest, options: { thinkingDefault: boolean }): ItemSpec[] {
  const effort = request.reasoning?.effort;
  const thinking = effort === undefined ? options.thinkingDefault : effort !== 'none';
  const history = readHistory(request);
  const asked = history.userText.trim() || '(no user message)';
  const calls = history.calls.length > 0 ? [] : plannedCalls(request, history.userText);
  const items: ItemSpec[] = [];
  if (calls.length > 0) {
    const names = calls.map((call) => call.name).join(', ');
    if (thinking)
      items.push({
        type: 'reasoning',
        text: `${demoModelTag} The user asked "${asked}". I will call ${names}.`,
      });
    items.push(...calls);
    return items;
  }
  const text = answer(history, asked);
  if (thinking)
    items.push({ type: 'reasoning', text: `${demoModelTag} Answering "${asked}" from what I have.` });
  items.push({
    type: 'message',
    text: request.text?.format?.type === 'json_object' ? JSON.stringify({ answer: text }) : text,
  });
  return items;
}

function plannedCalls(
  request: WireRequest,
  userText: string,
): Extract<ItemSpec, { type: 'function_call' }>[] {
  const calls: Extract<ItemSpec, { type: 'function_call' }>[] = [];
  for (const tool of request.tools ?? []) {
    if (tool.type !== 'function' || typeof tool.name !== 'string') continue;
    const schema = tool.parameters ?? { type: 'object', properties: {} };
    const filled = fillSchema(schema, { root: schema, userText, used: new Set() });
    if (filled.ok)
      calls.push({ type: 'function_call', name: tool.name, arguments: JSON.stringify(filled.value) });
  }
  return calls;
}

function answer(history: ReturnType<typeof readHistory>, asked: string): string {
  if (history.calls.length === 0) {
    return `${demoModelTag} You said: "${asked}". I am the local demo model of @mimo-agents/testing: declare tools and I will call them, then answer from their outputs.`;
  }
  const results = history.calls.map((call) => `${call.name}: ${call.output ?? '(no output)'}`).join('; ');
  return `${demoModelTag} Based on ${results}. That answers "${asked}".`;
}
