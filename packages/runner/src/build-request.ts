import type { InputItem, ResponseRequest } from '@mimo-agents/core';
import type { ToolRegistry } from '@mimo-agents/tools';
import type { Agent } from './agent.js';

/**
 * How `onMaxTurns: 'final-answer'` asks for an answer without tools (MiMo turns every `tool_choice`
 * into `auto`, so tools must be left out): `omit-tools` resends the history as is with no `tools`;
 * `flatten-history` also rewrites calls and outputs as plain messages, for a server that refuses a
 * history holding function calls when no `tools` are declared (an open question on MiMo).
 */
export type FinalAnswerStrategy = 'omit-tools' | 'flatten-history';

/** The message appended (to that request only) when asking for the final answer without tools. */
export const DEFAULT_FINAL_ANSWER_PROMPT =
  'You have used every tool call allowed for this task. Do not call any tool. Answer now, as well as you can, with the information above.';

/** Options of `buildRequest`. */
export interface BuildRequestOptions {
  agent: Agent;
  history: readonly InputItem[];
  registry: ToolRegistry;
  /** Set for the last request of `onMaxTurns: 'final-answer'`. */
  finalAnswer?: { strategy: FinalAnswerStrategy; prompt: string };
}

/** The request body of one turn: the full history (MiMo keeps no state), the agent's settings and tools. */
export function buildRequest(options: BuildRequestOptions): ResponseRequest {
  const { agent, registry, finalAnswer } = options;
  const { tool_choice, parallel_tool_calls, ...sampling } = agent.modelSettings ?? {};
  let input: InputItem[] = [...options.history];
  if (finalAnswer !== undefined) {
    if (finalAnswer.strategy === 'flatten-history') input = flattenToolItems(input);
    input.push({ role: 'user', content: finalAnswer.prompt });
  }
  const body: ResponseRequest = { model: agent.model, input, ...sampling };
  if (agent.instructions !== undefined) body.instructions = agent.instructions;
  if (agent.reasoning !== undefined) body.reasoning = { ...agent.reasoning };
  if (finalAnswer === undefined && registry.size > 0) {
    body.tools = registry.definitions();
    if (tool_choice !== undefined) body.tool_choice = tool_choice;
    if (parallel_tool_calls !== undefined) body.parallel_tool_calls = parallel_tool_calls;
  }
  return body;
}

/** Rewrites calls and their outputs as plain messages and drops reasoning (nothing left to glue it to). */
export function flattenToolItems(items: readonly InputItem[]): InputItem[] {
  const flat: InputItem[] = [];
  for (const item of items) {
    switch (item.type) {
      case 'reasoning':
        break;
      case 'function_call':
        flat.push({
          role: 'assistant',
          content: `[called tool ${item.name} (${item.call_id}) with ${item.arguments}]`,
        });
        break;
      case 'function_call_output':
        flat.push({ role: 'user', content: `[result of tool call ${item.call_id}]\n${item.output}` });
        break;
      default:
        flat.push(item);
    }
  }
  return flat;
}
