import { isRecord } from '../json/is-record.js';
import type { KnownStreamEventType } from '../protocol/stream-events.js';

type Check = (value: unknown, path: string) => string | undefined;

const isIndex = (value: unknown): boolean => Number.isSafeInteger(value) && (value as number) >= 0;

function field(
  data: Record<string, unknown>,
  key: string,
  want: 'string' | 'index' | 'record',
): string | undefined {
  const value = data[key];
  if (want === 'string' && typeof value === 'string') return undefined;
  if (want === 'index' && isIndex(value)) return undefined;
  if (want === 'record' && isRecord(value)) return undefined;
  const expected = want === 'index' ? 'an integer ≥ 0' : want === 'record' ? 'an object' : 'a string';
  return `${key} is ${describe(value)}, not ${expected}`;
}

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/**
 * The shape problem of one output item (known types checked field by field; other types need only `type`).
 * The path is prefixed only when there is a problem: a valid item builds no string.
 */
export const outputItemProblem: Check = (item, path) => {
  const relative = itemProblem(item);
  return relative === undefined ? undefined : `${path}${relative}`;
};

/** An item's problem relative to its path (`.call_id is missing, …`, ` is null, …`), or `undefined`. */
function itemProblem(item: unknown): string | undefined {
  if (!isRecord(item)) return ` is ${describe(item)}, not an object`;
  if (typeof item.type !== 'string') return at(field(item, 'type', 'string'));
  switch (item.type) {
    case 'function_call': {
      const problem =
        field(item, 'call_id', 'string') ??
        field(item, 'name', 'string') ??
        field(item, 'arguments', 'string');
      if (problem !== undefined) return at(problem);
      if (item.call_id === '') return '.call_id is empty';
      return item.id === undefined ? undefined : at(field(item, 'id', 'string'));
    }
    case 'message': {
      if (!Array.isArray(item.content)) return `.content is ${describe(item.content)}, not an array`;
      const content: unknown[] = item.content;
      for (let bad = 0; bad < content.length; bad++) {
        const part = content[bad];
        if (!isRecord(part) || (part.type === 'output_text' && typeof part.text !== 'string'))
          return `.content[${bad}] is not an output_text part with a string text`;
      }
      return undefined;
    }
    case 'reasoning': {
      const problem = field(item, 'id', 'string');
      if (problem !== undefined) return at(problem);
      if (item.content === undefined || item.content === null) return undefined;
      if (!Array.isArray(item.content)) return `.content is ${describe(item.content)}, not an array`;
      const content: unknown[] = item.content;
      for (let bad = 0; bad < content.length; bad++) {
        const part = content[bad];
        if (!isRecord(part) || typeof part.text !== 'string')
          return `.content[${bad}] is not a reasoning_text part with a string text`;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

function at(problem: string | undefined): string | undefined {
  return problem === undefined ? undefined : `.${problem}`;
}

/** The token counts a usage object must hold, and the optional details with their one count (constants: no array per check). */
const USAGE_COUNTS = ['input_tokens', 'output_tokens', 'total_tokens'] as const;
const USAGE_DETAILS = [
  ['input_tokens_details', 'cached_tokens'],
  ['output_tokens_details', 'reasoning_tokens'],
] as const;

function usageProblem(usage: unknown): string | undefined {
  if (usage === undefined || usage === null) return undefined;
  if (!isRecord(usage)) return `response.usage is ${describe(usage)}, not an object`;
  for (let i = 0; i < USAGE_COUNTS.length; i++) {
    const key = USAGE_COUNTS[i] as (typeof USAGE_COUNTS)[number];
    if (typeof usage[key] !== 'number')
      return `response.usage.${key} is ${describe(usage[key])}, not a number`;
  }
  for (let i = 0; i < USAGE_DETAILS.length; i++) {
    const pair = USAGE_DETAILS[i] as (typeof USAGE_DETAILS)[number];
    const key = pair[0];
    const inner = pair[1];
    const details = usage[key];
    if (details === undefined || details === null) continue;
    if (!isRecord(details)) return `response.usage.${key} is ${describe(details)}, not an object`;
    const value = details[inner];
    if (value !== undefined && value !== null && typeof value !== 'number')
      return `response.usage.${key}.${inner} is ${describe(value)}, not a number`;
  }
  return undefined;
}

/** The shape problem of the `response` a terminal `completed` / `incomplete` event carries. */
function finalResponseProblem(response: Record<string, unknown>, status: string): string | undefined {
  const problem = field(response, 'id', 'string') ?? field(response, 'status', 'string');
  if (problem !== undefined) return `response.${problem}`;
  if (response.status !== status) return `response.status is "${String(response.status)}", not "${status}"`;
  if (!Array.isArray(response.output)) return `response.output is ${describe(response.output)}, not an array`;
  const output: unknown[] = response.output;
  // One pass: each item's shape (first), and no call_id twice (a Set only once a turn has a second call).
  let firstCallId: string | undefined;
  let callIds: Set<string> | undefined;
  let repeated: string | undefined;
  for (let index = 0; index < output.length; index++) {
    const item = output[index];
    const relative = itemProblem(item);
    if (relative !== undefined) return `response.output[${index}]${relative}`;
    if (!isRecord(item) || item.type !== 'function_call') continue;
    const id = item.call_id as string;
    if (firstCallId === undefined) {
      firstCallId = id;
      continue;
    }
    callIds ??= new Set([firstCallId]);
    if (callIds.has(id)) repeated ??= id;
    else callIds.add(id);
  }
  if (repeated !== undefined) return `response.output holds call_id "${repeated}" twice`;
  return usageProblem(response.usage);
}

/**
 * What is wrong with the payload of a known event type, or `undefined` when it has the documented
 * shape: the fields this library reads are present with the right types (unknown extra fields are
 * ignored). A terminal response must hold valid output items and no `call_id` twice.
 */
export function eventShapeProblem(
  type: KnownStreamEventType,
  data: Record<string, unknown>,
): string | undefined {
  switch (type) {
    case 'response.created':
    case 'response.in_progress':
      return field(data, 'response', 'record');
    case 'response.completed':
    case 'response.incomplete': {
      const problem = field(data, 'response', 'record');
      if (problem !== undefined) return problem;
      const status = type === 'response.completed' ? 'completed' : 'incomplete';
      return finalResponseProblem(data.response as Record<string, unknown>, status);
    }
    case 'response.failed': {
      const problem = field(data, 'response', 'record');
      if (problem !== undefined) return problem;
      const error = (data.response as Record<string, unknown>).error;
      return error === undefined || error === null || isRecord(error)
        ? undefined
        : `response.error is ${describe(error)}, not an object`;
    }
    case 'response.output_item.added':
    case 'response.output_item.done':
      return field(data, 'output_index', 'index') ?? outputItemProblem(data.item, 'item');
    case 'response.content_part.added':
    case 'response.content_part.done':
      return (
        field(data, 'output_index', 'index') ??
        field(data, 'content_index', 'index') ??
        field(data, 'part', 'record')
      );
    case 'response.output_text.delta':
    case 'response.reasoning_text.delta':
      return (
        field(data, 'output_index', 'index') ??
        field(data, 'content_index', 'index') ??
        field(data, 'delta', 'string')
      );
    case 'response.output_text.done':
    case 'response.reasoning_text.done':
      return (
        field(data, 'output_index', 'index') ??
        field(data, 'content_index', 'index') ??
        field(data, 'text', 'string')
      );
    case 'response.function_call_arguments.delta':
      return field(data, 'output_index', 'index') ?? field(data, 'delta', 'string');
    case 'response.function_call_arguments.done':
      return field(data, 'output_index', 'index') ?? field(data, 'arguments', 'string');
    case 'error':
      return undefined;
    default: {
      const unknown: never = type;
      return unknown;
    }
  }
}
