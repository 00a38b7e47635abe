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

function first(...problems: (string | undefined)[]): string | undefined {
  return problems.find((problem) => problem !== undefined);
}

/** The shape problem of one output item (known types checked field by field; other types need only `type`). */
export const outputItemProblem: Check = (item, path) => {
  if (!isRecord(item)) return `${path} is ${describe(item)}, not an object`;
  const at = (problem: string | undefined): string | undefined =>
    problem === undefined ? undefined : `${path}.${problem}`;
  if (typeof item.type !== 'string') return at(field(item, 'type', 'string'));
  switch (item.type) {
    case 'function_call': {
      const problem = first(
        field(item, 'call_id', 'string'),
        field(item, 'name', 'string'),
        field(item, 'arguments', 'string'),
      );
      if (problem !== undefined) return at(problem);
      if (item.call_id === '') return `${path}.call_id is empty`;
      return item.id === undefined ? undefined : at(field(item, 'id', 'string'));
    }
    case 'message': {
      if (!Array.isArray(item.content)) return at(`content is ${describe(item.content)}, not an array`);
      const bad = item.content.findIndex(
        (part) => !isRecord(part) || (part.type === 'output_text' && typeof part.text !== 'string'),
      );
      return bad < 0 ? undefined : `${path}.content[${bad}] is not an output_text part with a string text`;
    }
    case 'reasoning': {
      const problem = field(item, 'id', 'string');
      if (problem !== undefined) return at(problem);
      if (item.content === undefined || item.content === null) return undefined;
      if (!Array.isArray(item.content)) return at(`content is ${describe(item.content)}, not an array`);
      const bad = item.content.findIndex((part) => !isRecord(part) || typeof part.text !== 'string');
      return bad < 0 ? undefined : `${path}.content[${bad}] is not a reasoning_text part with a string text`;
    }
    default:
      return undefined;
  }
};

function usageProblem(usage: unknown): string | undefined {
  if (usage === undefined || usage === null) return undefined;
  if (!isRecord(usage)) return `response.usage is ${describe(usage)}, not an object`;
  for (const key of ['input_tokens', 'output_tokens', 'total_tokens']) {
    if (typeof usage[key] !== 'number')
      return `response.usage.${key} is ${describe(usage[key])}, not a number`;
  }
  for (const [key, inner] of [
    ['input_tokens_details', 'cached_tokens'],
    ['output_tokens_details', 'reasoning_tokens'],
  ] as const) {
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
  const problem = first(field(response, 'id', 'string'), field(response, 'status', 'string'));
  if (problem !== undefined) return `response.${problem}`;
  if (response.status !== status) return `response.status is "${String(response.status)}", not "${status}"`;
  if (!Array.isArray(response.output)) return `response.output is ${describe(response.output)}, not an array`;
  const output: unknown[] = response.output;
  for (const [index, item] of output.entries()) {
    const itemProblem = outputItemProblem(item, `response.output[${index}]`);
    if (itemProblem !== undefined) return itemProblem;
  }
  const callIds = output.flatMap((item) =>
    isRecord(item) && item.type === 'function_call' ? [item.call_id as string] : [],
  );
  const repeated = callIds.find((id, index) => callIds.indexOf(id) !== index);
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
      return first(field(data, 'output_index', 'index'), outputItemProblem(data.item, 'item'));
    case 'response.content_part.added':
    case 'response.content_part.done':
      return first(
        field(data, 'output_index', 'index'),
        field(data, 'content_index', 'index'),
        field(data, 'part', 'record'),
      );
    case 'response.output_text.delta':
    case 'response.reasoning_text.delta':
      return first(
        field(data, 'output_index', 'index'),
        field(data, 'content_index', 'index'),
        field(data, 'delta', 'string'),
      );
    case 'response.output_text.done':
    case 'response.reasoning_text.done':
      return first(
        field(data, 'output_index', 'index'),
        field(data, 'content_index', 'index'),
        field(data, 'text', 'string'),
      );
    case 'response.function_call_arguments.delta':
      return first(field(data, 'output_index', 'index'), field(data, 'delta', 'string'));
    case 'response.function_call_arguments.done':
      return first(field(data, 'output_index', 'index'), field(data, 'arguments', 'string'));
    case 'error':
      return undefined;
    default: {
      const unknown: never = type;
      return unknown;
    }
  }
}
