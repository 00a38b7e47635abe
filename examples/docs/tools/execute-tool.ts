// docs/tools.md: executing one call of the model by hand.
// #region docs
import { executeTool } from '@mimo-agents/tools';

const outcome = await executeTool({
  tool: registry.get(call.name), // undefined → 'unknown_tool'
  call: { callId: call.call_id, name: call.name, arguments: call.arguments },
  signal, // optional: cancels the run
  timeoutMs: 30_000, // optional: overrides the tool's own timeoutMs
  idempotencyKey: `${runId}:${call.call_id}`, // default: the call id
  attempt: 1, // default 1
  context: appContext, // ctx.context
  maxOutputChars: 20_000, // optional cap
  availableTools: registry.names(), // listed to the model on an unknown tool
});
input.push({ type: 'function_call_output', call_id: outcome.callId, output: outcome.output });

// #endregion docs

import type { FunctionCallItem, InputItem } from '@mimo-agents/core';
import { registry } from './registry.js';

declare const call: FunctionCallItem;
declare const input: InputItem[];
declare const runId: string;
declare const signal: AbortSignal;
declare const appContext: { userId: string };
