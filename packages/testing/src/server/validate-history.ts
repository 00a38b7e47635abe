import type { WireInputItem } from '../wire/request.js';
import type { WireErrorBody } from '../wire/response.js';
import type { EmittedTurns } from './emitted-turns.js';
import { paramIncorrect } from './error-bodies.js';

const roles = new Set(['user', 'system', 'developer', 'assistant']);

/** MiMo's exact pass-back message. */
export const reasoningPassBackMessage =
  'The reasoning_content in the thinking mode must be passed back to the API.';

/** Checks the input history: call/output pairing, reasoning pass-back, and (strict) no replayed `summary`. */
export function validateHistory(
  input: readonly WireInputItem[],
  options: { strict: boolean; reasoningPassBack: boolean; emitted: EmittedTurns },
): WireErrorBody | undefined {
  const calls = new Map<string, number>();
  const outputs = new Map<string, number>();
  for (const [index, item] of input.entries()) {
    if (typeof item !== 'object' || item === null)
      return paramIncorrect(`input[${index}] must be an object.`);
    if (item.type === undefined || item.type === 'message') {
      if (typeof item.role !== 'string' || !roles.has(item.role)) {
        return paramIncorrect(`input[${index}].role must be user, system, developer or assistant.`);
      }
    } else if (item.type === 'function_call') {
      if (typeof item.call_id !== 'string') return paramIncorrect(`input[${index}].call_id is required.`);
      if (calls.has(item.call_id))
        return paramIncorrect(`input[${index}]: duplicate function_call ${item.call_id}.`);
      calls.set(item.call_id, index);
    } else if (item.type === 'function_call_output') {
      if (typeof item.call_id !== 'string') return paramIncorrect(`input[${index}].call_id is required.`);
      if (!calls.has(item.call_id)) {
        return paramIncorrect(
          `input[${index}]: function_call_output ${item.call_id} has no preceding function_call.`,
        );
      }
      if (outputs.has(item.call_id)) {
        return paramIncorrect(`input[${index}]: more than one function_call_output for ${item.call_id}.`);
      }
      outputs.set(item.call_id, index);
    } else if (item.type === 'reasoning') {
      if (typeof item.id !== 'string')
        return paramIncorrect(`input[${index}]: a reasoning item needs its id.`);
      if (options.strict && item.summary !== undefined) {
        return paramIncorrect(
          `input[${index}]: replayed reasoning carries summary; MiMo folds it into the context. Send content only.`,
        );
      }
    }
  }
  for (const [callId, index] of calls) {
    if (!outputs.has(callId)) {
      return paramIncorrect(`input[${index}]: function_call ${callId} has no function_call_output.`);
    }
  }
  if (options.reasoningPassBack) return checkPassBack(input, options.emitted);
  return undefined;
}

/**
 * Each resent tool-call turn the server gave reasoning must be preceded by that same reasoning
 * item (matched by id): another turn's reasoning, or a made-up one, does not count.
 */
function checkPassBack(input: readonly WireInputItem[], emitted: EmittedTurns): WireErrorBody | undefined {
  for (let i = 0; i < input.length; i++) {
    const item = input[i];
    if (item?.type !== 'function_call' || typeof item.call_id !== 'string') continue;
    const previous = input[i - 1];
    if (previous?.type === 'function_call') continue; // not the first call of its turn
    const expected = emitted.reasoningFor(item.call_id);
    if (expected === undefined) continue;
    // Walk back over the turn's assistant message items to find its reasoning.
    let j = i - 1;
    while (j >= 0 && isAssistantMessage(input[j])) j--;
    const reasoning = input[j];
    if (reasoning?.type !== 'reasoning' || reasoning.id !== expected)
      return paramIncorrect(reasoningPassBackMessage);
  }
  return undefined;
}

function isAssistantMessage(item: WireInputItem | undefined): boolean {
  return (
    item !== undefined && item.role === 'assistant' && (item.type === undefined || item.type === 'message')
  );
}
