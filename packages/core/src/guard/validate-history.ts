import { HistoryValidationError } from '../errors/history-validation-error.js';
import { isRecord } from '../json/is-record.js';
import type { InputItem } from '../protocol/input-items.js';

/** Marks an answered call in `validateHistory`'s map: `ANSWERED - index` (never a valid index). */
const ANSWERED = -1;

/** The index of the call behind a map value of `validateHistory`, answered or not. */
function callIndex(value: number): number {
  return value > ANSWERED ? value : ANSWERED - value;
}

const ROLES = new Set(['user', 'system', 'developer', 'assistant']);
const PART_TYPES = new Set(['input_text', 'output_text', 'input_image', 'input_audio']);

/**
 * Checks the history against MiMo's rules before it is sent (invariant 3): known item shapes,
 * reasoning with an `id`, no `summary`, glued to the call or message after it; unique `call_id`s; exactly
 * one `function_call_output` per call, after it. Throws `HistoryValidationError` naming the item index
 * (and its field). The one validator: `client.create()` / `client.stream()` run it on `input`, and the
 * runner on its history before every turn.
 */
export function validateHistory(items: readonly InputItem[]): void {
  // One map per check: a call's index while unanswered, `ANSWERED - index` once its output came.
  const calls = new Map<string, number>();
  let unanswered = 0;
  // An indexed loop: `entries()` would allocate an iterator and a pair per item, on every turn.
  for (let index = 0; index < items.length; index++) {
    const item = items[index];
    const raw: Record<string, unknown> = isRecord(item) ? item : {};
    if (!isRecord(item))
      fail(
        index,
        'it is not an object',
        'pass message, reasoning, function_call or function_call_output items',
      );
    const type = raw.type;
    if (type === undefined || type === 'message') {
      checkMessage(raw, index);
      continue;
    }
    switch (type) {
      case 'reasoning':
        checkReasoning(raw, index, items);
        continue;
      case 'function_call': {
        const callId = nonEmpty(raw.call_id, index, 'call_id');
        nonEmpty(raw.name, index, 'name');
        if (typeof raw.arguments !== 'string')
          fail(
            index,
            'function_call.arguments is not a string',
            'pass the arguments as a JSON string',
            'arguments',
          );
        const earlier = calls.get(callId);
        if (earlier !== undefined)
          fail(
            index,
            `call_id "${callId}" repeats the call at index ${callIndex(earlier)}`,
            'give every call its own call_id',
            'call_id',
          );
        calls.set(callId, index);
        unanswered += 1;
        continue;
      }
      case 'function_call_output': {
        const callId = nonEmpty(raw.call_id, index, 'call_id');
        const call = calls.get(callId);
        if (call === undefined)
          fail(
            index,
            `function_call_output for call_id "${callId}" has no function_call before it`,
            'put the call first, or drop this output',
            'call_id',
          );
        if (call <= ANSWERED)
          fail(
            index,
            `second function_call_output for call_id "${callId}"`,
            'send exactly one output per call',
            'call_id',
          );
        if (typeof raw.output !== 'string')
          fail(
            index,
            'function_call_output.output is not a string',
            'serialise the tool result to a string',
            'output',
          );
        calls.set(callId, ANSWERED - call);
        unanswered -= 1;
        continue;
      }
      default:
        fail(
          index,
          `unknown item type "${String(type)}"`,
          'use message, reasoning, function_call or function_call_output',
          'type',
        );
    }
  }
  if (unanswered === 0) return;
  for (const [callId, index] of calls) {
    if (index > ANSWERED)
      fail(
        index,
        `function_call "${callId}" has no function_call_output`,
        'add exactly one output for every call before sending',
      );
  }
}

function checkMessage(raw: Record<string, unknown>, index: number): void {
  if (typeof raw.role !== 'string' || !ROLES.has(raw.role))
    fail(
      index,
      `message role ${JSON.stringify(raw.role)} is not user, system, developer or assistant`,
      'set a valid role',
      'role',
    );
  const content = raw.content;
  if (typeof content === 'string') return;
  if (!Array.isArray(content))
    fail(
      index,
      'message.content is neither a string nor an array of parts',
      'pass a string or input_text/output_text parts',
      'content',
    );
  for (const part of content as unknown[]) {
    if (!isRecord(part) || typeof part.type !== 'string' || !PART_TYPES.has(part.type))
      fail(
        index,
        `message part ${JSON.stringify(part)} has an unknown type`,
        'use input_text, output_text, input_image or input_audio parts',
      );
  }
}

function checkReasoning(raw: Record<string, unknown>, index: number, items: readonly InputItem[]): void {
  nonEmpty(raw.id, index, 'id');
  if ('summary' in raw)
    fail(
      index,
      'replayed reasoning carries `summary`',
      'drop `summary` (MiMo folds it into the context); keep `content`',
      'summary',
    );
  if (raw.content !== undefined && !Array.isArray(raw.content))
    fail(index, 'reasoning.content is not an array', 'pass [{ type: "reasoning_text", text }]');
  let next = index + 1;
  while (items[next]?.type === 'reasoning') next += 1;
  const after = items[next];
  const glued =
    after !== undefined &&
    (after.type === 'function_call' ||
      ((after.type === undefined || after.type === 'message') && after.role === 'assistant'));
  if (!glued)
    fail(
      index,
      'reasoning is not followed by the assistant message or function_call it belongs to',
      "replay a turn's output items together, in order",
    );
}

function nonEmpty(value: unknown, index: number, field: string): string {
  if (typeof value !== 'string' || value === '')
    fail(index, `${field} is missing or empty`, `set ${field} from the original output item`, field);
  return value as string;
}

function fail(index: number, reason: string, fix: string, field?: string): never {
  throw new HistoryValidationError({ index, field, reason, fix });
}
