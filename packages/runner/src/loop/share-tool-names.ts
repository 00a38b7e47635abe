import type { FunctionTool, OutputItem, ResponseRequest } from '@mimo-agents/core';
import type { AccumulatedCall } from '../turn/call-accumulator.js';
import type { AssembledTurn } from '../turn/turn-assembler.js';

/** The `type` of a function call item: a literal (one string in the whole process). */
const FUNCTION_CALL = 'function_call';

/**
 * Makes the strings a turn's function calls keep point at ones the run already holds, without changing
 * their content: each call's `name`, where the request declared that tool, becomes the declared name
 * (the agent's tool definition's own string), and each call item's `type` the literal. Parsed from the
 * stream, each is a string of its own per call (V8's `JSON.parse` interns only short values; a heap
 * snapshot shows one `"function_call"` and one name per call), which the kept `Response`, the history
 * item and the call record all hold while the run waits. Changes `turn` in place.
 */
export function shareToolNames(turn: AssembledTurn, request: ResponseRequest): void {
  const tools = request.tools;
  // Index loops: run once per turn, they allocate nothing (no iterator), even before being optimised.
  const { output } = turn.response;
  for (let i = 0; i < output.length; i++) {
    const item = output[i] as OutputItem;
    if (item.type !== FUNCTION_CALL) continue;
    item.type = FUNCTION_CALL;
    item.name = declaredName(item.name, tools);
  }
  const { items, calls } = turn;
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as OutputItem;
    if (item.type === FUNCTION_CALL) item.name = declaredName(item.name, tools);
  }
  for (let i = 0; i < calls.length; i++) {
    const call = calls[i] as AccumulatedCall;
    call.name = declaredName(call.name, tools);
  }
}

/** The declared tool's own `name` string when `name` equals one, else `name`. */
function declaredName(name: string, tools: readonly FunctionTool[] | undefined): string {
  if (tools === undefined) return name;
  for (let i = 0; i < tools.length; i++) {
    const declared = (tools[i] as FunctionTool).name;
    if (declared === name) return declared;
  }
  return name;
}
