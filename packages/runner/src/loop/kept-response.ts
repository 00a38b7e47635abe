import type { FunctionCallItem, InputItem, OutputItem, Response } from '@mimo-agents/core';

/**
 * The `Response`s a run keeps for `RunResult.responses`, in one flat array (a log): each turn's response
 * is either the response itself or, for most turns, a compact entry that `expandResponses` turns back into
 * an object with the same keys, in the same order, and the same values. A run waiting in a tool call
 * holds every earlier turn's response, and a parsed one costs ~0.5 KiB (a 20-field envelope whose fields
 * are mostly the same for every response of an agent, a `usage` of three objects, an output array whose
 * call items repeat the history's).
 *
 * A compact entry is `shape, output count, …slots, …output pairs`: the shape (shared by the responses of
 * one layout) lists the keys and the values that are the same for all of them (echoed settings, `model`,
 * `instructions`, the request's frozen `tools`…); each other key has a slot, `usage` five (its numbers);
 * `output` is a pair per item: a function call as the history's replay item of that call and the item's
 * `id` (status `completed`), any other item as itself and `undefined`. In the log, not an array of its
 * own: one array object less per turn.
 */
export type ResponseLog = readonly unknown[];

/** What one key of a shape is: the same value for every response of the shape, one slot, `usage`'s five, or the output pairs. */
const SHARED = 0;
const SLOT = 1;
const USAGE = 2;
const OUTPUT = 3;

/** The layout of compact responses: their keys in order, each key's kind, the shared values. */
class ResponseShape {
  readonly keys: readonly string[];
  readonly kinds: readonly number[];
  /** Per key: its value when the key is `SHARED` (`undefined` otherwise). */
  readonly shared: readonly unknown[];
  /** How many slots the keys take (the output pairs follow them). */
  readonly slots: number;

  constructor(keys: string[], kinds: number[], shared: unknown[], slots: number) {
    this.keys = Object.freeze(keys);
    this.kinds = Object.freeze(kinds);
    this.shared = Object.freeze(shared);
    this.slots = slots;
    Object.freeze(this);
  }
}

/** Keys whose value is a response's own (never shared even when it is a string or number). */
const OWN_KEYS: ReadonlySet<string> = new Set(['id', 'created_at', 'completed_at', 'output_text']);
const USAGE_KEYS = [
  'input_tokens',
  'input_tokens_details',
  'output_tokens',
  'output_tokens_details',
  'total_tokens',
];
const CACHED_KEYS = ['cached_tokens'];
const REASONING_KEYS = ['reasoning_tokens'];
const CALL_ITEM_KEYS = ['type', 'id', 'status', 'call_id', 'name', 'arguments'];
const REPLAY_CALL_KEYS = ['type', 'call_id', 'name', 'arguments'];

/**
 * The shapes seen so far (a process holds a few: one per agent, status and echo layout). Bounded: past
 * it, a response of a new layout is kept as it came. The shared values a shape holds (an agent's
 * instructions, its frozen tool definitions) are kept as long as the process runs.
 */
const shapes: ResponseShape[] = [];
const MAX_SHAPES = 32;

/**
 * The log entry of `response`: its compact form, or `[response]` when it does not fit one (an unusual
 * layout, shapes exhausted); append it with `concat`. `history` is the run's history with the turn's
 * replay items at its end: a call item's `call_id`, `name` and `arguments` are read back from its replay item.
 */
export function keepResponse(response: Response, history: readonly InputItem[]): unknown[] {
  if (!isPlain(response) || !Array.isArray(response.output)) return [response];
  const usageFits = fitsUsage(response.usage);
  const shape = shapeOf(response, usageFits);
  if (shape === undefined) return [response];
  const { output } = response;
  const kept: unknown[] = new Array(2 + shape.slots + 2 * output.length);
  kept[0] = shape;
  kept[1] = output.length;
  const source = response as unknown as Record<string, unknown>;
  let slot = 2;
  for (let i = 0; i < shape.keys.length; i++) {
    const kind = shape.kinds[i];
    if (kind === SLOT) kept[slot++] = source[shape.keys[i] as string];
    else if (kind === USAGE) {
      const usage = response.usage as Required<NonNullable<Response['usage']>>;
      kept[slot] = usage.input_tokens;
      kept[slot + 1] = usage.input_tokens_details.cached_tokens;
      kept[slot + 2] = usage.output_tokens;
      kept[slot + 3] = usage.output_tokens_details.reasoning_tokens;
      kept[slot + 4] = usage.total_tokens;
      slot += 5;
    }
  }
  for (let i = 0; i < output.length; i++) {
    const item = output[i] as OutputItem;
    const replay = item.type === 'function_call' ? replayOf(item, history, output.length) : undefined;
    kept[slot++] = replay ?? item;
    kept[slot++] = replay === undefined ? undefined : item.id;
  }
  return kept;
}

/** The `Response`s of a log, in order (new objects for compact entries; a response kept as it came is itself). */
export function expandResponses(log: ResponseLog): Response[] {
  const responses: Response[] = [];
  let at = 0;
  while (at < log.length) {
    const entry = log[at];
    if (!(entry instanceof ResponseShape)) {
      responses.push(entry as Response);
      at += 1;
      continue;
    }
    const end = at + 2 + entry.slots + 2 * (log[at + 1] as number);
    responses.push(expandEntry(log, at, entry, end));
    at = end;
  }
  return responses;
}

/** The response of the compact entry at `at` (shape `shape`, ending before `end`). */
function expandEntry(log: ResponseLog, at: number, shape: ResponseShape, end: number): Response {
  const response: Record<string, unknown> = {};
  let slot = at + 2;
  for (let i = 0; i < shape.keys.length; i++) {
    const key = shape.keys[i] as string;
    switch (shape.kinds[i]) {
      case SHARED:
        response[key] = shape.shared[i];
        break;
      case SLOT:
        response[key] = log[slot++];
        break;
      case USAGE:
        response[key] = {
          input_tokens: log[slot],
          input_tokens_details: { cached_tokens: log[slot + 1] },
          output_tokens: log[slot + 2],
          output_tokens_details: { reasoning_tokens: log[slot + 3] },
          total_tokens: log[slot + 4],
        };
        slot += 5;
        break;
      default:
        response[key] = outputOf(log, at + 2 + shape.slots, end);
    }
  }
  return response as unknown as Response;
}

/** The output items from the pairs in `from`…`end`. */
function outputOf(log: ResponseLog, from: number, end: number): OutputItem[] {
  const output: OutputItem[] = new Array((end - from) / 2);
  for (let i = from, j = 0; i < end; i += 2, j++) {
    const id = log[i + 1];
    if (id === undefined) {
      output[j] = log[i] as OutputItem;
      continue;
    }
    const replay = log[i] as FunctionCallItem;
    output[j] = {
      type: 'function_call',
      id: id as string,
      status: 'completed',
      call_id: replay.call_id,
      name: replay.name,
      arguments: replay.arguments,
    };
  }
  return output;
}

/**
 * The replay item of call `item` among the last `count` history items, when the item is exactly what
 * `expandResponse` rebuilds from it (its six keys in order, status `completed`, the same strings).
 */
function replayOf(
  item: OutputItem & { type: 'function_call' },
  history: readonly InputItem[],
  count: number,
): FunctionCallItem | undefined {
  if (item.status !== 'completed' || typeof item.id !== 'string' || !isPlain(item)) return undefined;
  if (!hasKeys(item, CALL_ITEM_KEYS)) return undefined;
  for (let i = history.length - 1; i >= 0 && i >= history.length - count; i--) {
    const replay = history[i] as InputItem;
    if (replay.type !== 'function_call' || replay.call_id !== item.call_id) continue;
    const same = replay.name === item.name && replay.arguments === item.arguments;
    return same && isPlain(replay) && hasKeys(replay, REPLAY_CALL_KEYS) ? replay : undefined;
  }
  return undefined;
}

/** A cached shape `response` fits, else a new one made from it (`undefined` once shapes are exhausted or it has a key that cannot be set back). */
function shapeOf(response: Response, usageFits: boolean): ResponseShape | undefined {
  const source = response as unknown as Record<string, unknown>;
  for (let s = 0; s < shapes.length; s++) {
    const shape = shapes[s] as ResponseShape;
    if (fits(source, shape, usageFits)) return shape;
  }
  if (shapes.length >= MAX_SHAPES) return undefined;
  const keys = Object.keys(source);
  // A parsed `"__proto__"` key is an own property; setting it back would set the prototype.
  if (keys.includes('__proto__')) return undefined;
  const kinds: number[] = [];
  const shared: unknown[] = [];
  let slots = 0;
  for (const key of keys) {
    const value = source[key];
    let kind = SLOT;
    if (key === 'output') kind = OUTPUT;
    else if (key === 'usage' && usageFits) kind = USAGE;
    else if (!OWN_KEYS.has(key) && shareable(value)) kind = SHARED;
    kinds.push(kind);
    shared.push(kind === SHARED ? value : undefined);
    slots += kind === SLOT ? 1 : kind === USAGE ? 5 : 0;
  }
  const shape = new ResponseShape(keys, kinds, shared, slots);
  shapes.push(shape);
  return shape;
}

/** Whether `source` has the shape's keys in order, its shared values (the same by `Object.is`), a fitting `usage` where it takes five slots. */
function fits(source: Record<string, unknown>, shape: ResponseShape, usageFits: boolean): boolean {
  if (!hasKeys(source, shape.keys)) return false;
  for (let i = 0; i < shape.keys.length; i++) {
    const kind = shape.kinds[i];
    if (kind === SHARED && !Object.is(source[shape.keys[i] as string], shape.shared[i])) return false;
    if (kind === USAGE && !usageFits) return false;
  }
  return true;
}

/** A value a shape may hold for all its responses: a primitive, or an object nobody can change (frozen). */
function shareable(value: unknown): boolean {
  if (typeof value === 'object') return value === null || Object.isFrozen(value);
  return typeof value !== 'function';
}

/** Whether `usage` is the usual `{ input_tokens, input_tokens_details: { cached_tokens }, output_tokens, output_tokens_details: { reasoning_tokens }, total_tokens }` of numbers. */
function fitsUsage(usage: unknown): boolean {
  if (!isPlain(usage) || !hasKeys(usage, USAGE_KEYS)) return false;
  const u = usage as Record<string, unknown>;
  const cached = u.input_tokens_details;
  const reasoning = u.output_tokens_details;
  if (!isPlain(cached) || !hasKeys(cached, CACHED_KEYS)) return false;
  if (!isPlain(reasoning) || !hasKeys(reasoning, REASONING_KEYS)) return false;
  return (
    typeof u.input_tokens === 'number' &&
    typeof u.output_tokens === 'number' &&
    typeof u.total_tokens === 'number' &&
    typeof (cached as Record<string, unknown>).cached_tokens === 'number' &&
    typeof (reasoning as Record<string, unknown>).reasoning_tokens === 'number'
  );
}

/** A plain object (what `JSON.parse` or a literal makes), not frozen or sealed. */
function isPlain(value: unknown): value is object {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.getPrototypeOf(value) === Object.prototype &&
    Object.isExtensible(value)
  );
}

/** Whether `value`'s enumerable keys are exactly `keys`, in order (`for…in`: no array per check). */
function hasKeys(value: object, keys: readonly string[]): boolean {
  let index = 0;
  for (const key in value) {
    if (index >= keys.length || key !== keys[index] || !Object.hasOwn(value, key)) return false;
    index += 1;
  }
  return index === keys.length;
}
