import type { ItemSpec } from '../reply/reply-spec.js';
import type { WireRequest } from '../wire/request.js';
import { demoJsonAnswer } from './demo-json-answer.js';
import { planCalls } from './plan-calls.js';
import { readHistory } from './read-history.js';

/** Every demo answer starts with this, so nobody mistakes it for a real model. */
export const demoModelTag = '(local demo model)';

/**
 * The deterministic local demo model. On a new user message it calls the declared tools whose
 * schemas it can fill, one dependency level per turn (see `planCalls`: the order the instructions
 * name them, a tool waiting for the output it needs, a `submit`-like tool last and alone), filling
 * parameters from the user's words and the earlier outputs; once every tool has an output it
 * answers with text that quotes them. It never calls a tool twice for one user message, so an
 * agent loop always ends (in two turns when the tools are independent and unnamed).
 * With thinking on (any `reasoning.effort` but `none`) each turn starts with a reasoning item. A JSON
 * request (`text.format` `json_object` or `json_schema`) still calls tools first, then answers with an
 * object that fits the schema in its instructions (see `demoJsonAnswer`).
 */
export function demoModel(request: WireRequest, options: { thinkingDefault: boolean }): ItemSpec[] {
  const effort = request.reasoning?.effort;
  const thinking = effort === undefined ? options.thinkingDefault : effort !== 'none';
  const history = readHistory(request);
  const asked = history.userText.trim() || '(no user message)';
  const calls = planCalls(request, history);
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
    text: wantsJson(request) ? demoJsonAnswer(request, history.userText, text) : text,
  });
  return items;
}

function answer(history: ReturnType<typeof readHistory>, asked: string): string {
  if (history.calls.length === 0) {
    return `${demoModelTag} You said: "${asked}". I am the local demo model of @mimo-agents/testing: declare tools and I will call them, then answer from their outputs.`;
  }
  const results = history.calls.map((call) => `${call.name}: ${call.output ?? '(no output)'}`).join('; ');
  return `${demoModelTag} Based on ${results}. That answers "${asked}".`;
}

function wantsJson(request: WireRequest): boolean {
  const type = request.text?.format?.type;
  return type === 'json_object' || type === 'json_schema';
}
