import type { OutputItem, Response } from '@mimo-agents/core';

/**
 * The `Response`s a run keeps for `RunResult.responses`, in one flat array (a log): each turn's response
 * is either the response itself or, for most turns, a compact entry that `expandResponses` turns back into
 * an object with the same keys, in the same order, and the same values. A run waiting in a tool call
 * holds every earlier turn's response, and a parsed one costs ~0.5 KiB (a 20-field envelope whose
 * settings are the same for every response, a `usage` of three objects, an output array of items).
 *
 * A compact entry is `shape, output count, …slots, …output`: the shape (shared by the responses of one
 * layout) lists the keys and the values of the known settings echoes that are the same for all of them
 * (`object`, `status`, `model`, `temperature`…, and the frozen echo objects `shareRequestEchoes` interns);
 * every other key has a slot (`tools`, `instructions` and unknown keys included: nothing of a run is held
 * by the shapes), `usage` five (its numbers). Then the output: a function call item as four strings
 * (`id`, `call_id`, `name`, `arguments`; status `completed`), any other item as itself. In the log, not an
 * array of its own: one array object less per turn.
 */
export type ResponseLog = readonly unknown[];

/** What one key of a shape is: the same value for every response of the shape, one slot, `usage`'s five, or the output. */
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
  /** How many slots the keys take (the output follows them). */
  readonly slots: number;

  constructor(keys: string[], kinds: number[], shared: unknown[], slots: number) {
    this.keys = Object.freeze(keys);
    this.kinds = Object.freeze(kinds);
    this.shared = Object.freeze(shared);
    this.slots = slots;
    Object.freeze(this);
  }
}

/**
 * The keys whose value a shape may share (when it is a primitive or a frozen object): the settings a
 * response echoes, the same for the responses of every run of a model. `tools`, `instructions` and any
 * other key are a response's own (a slot): they may be per agent or per run, and the shapes live as long
 * as the process.
 */
const SHARED_KEYS: ReadonlySet<string> = new Set([
  'object',
  'status',
  'model',
  'error',
  'incomplete_details',
  'temperature',
  'top_p',
  'parallel_tool_calls',
  'tool_choice',
  'max_output_tokens',
  'metadata',
  'reasoning',
  'text',
]);
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

/**
 * The shapes seen lately, newest last (a process holds a few: one per model, status and echo layout).
 * Bounded: past it the oldest is forgotten (entries hold their shape themselves, so they still expand).
 */
const shapes: ResponseShape[] = [];
const MAX_SHAPES = 32;

/**
 * The log entry of `response`: its compact form, or `[response]` when it does not fit one (not a plain
 * object, a `__proto__` key); append it with `concat`. Nothing of the response is changed.
 */
export function keepResponse(response: Response): unknown[] {
  if (!isPlain(response) || !Array.isArray(response.output)) return [response];
  const usageFits = fitsUsage(response.usage);
  const shape = shapeOf(response, usageFits);
  if (shape === undefined) return [response];
  const { output } = response;
  let outputSlots = 0;
  for (let i = 0; i < output.length; i++) {
    const item: unknown = output[i];
    // An item is told from a call's four strings by being an object.
    if (typeof item !== 'object' || item === null) return [response];
    outputSlots += isPlainCall(item as OutputItem) ? 4 : 1;
  }
  const kept: unknown[] = new Array(2 + shape.slots + outputSlots);
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
    if (isPlainCall(item) && item.type === 'function_call') {
      kept[slot] = item.id;
      kept[slot + 1] = item.call_id;
      kept[slot + 2] = item.name;
      kept[slot + 3] = item.arguments;
      slot += 4;
    } else kept[slot++] = item;
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
    const output = outputOf(log, at + 2 + entry.slots, log[at + 1] as number);
    responses.push(expandEntry(log, at, entry, output.items));
    at = output.end;
  }
  return responses;
}

/** The response of the compact entry at `at` (shape `shape`), with its output items. */
function expandEntry(log: ResponseLog, at: number, shape: ResponseShape, output: OutputItem[]): Response {
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
        response[key] = output;
    }
  }
  return response as unknown as Response;
}

/** The `count` output items from `from` (a call's four strings, or an item itself), and where the entry ends. */
function outputOf(log: ResponseLog, from: number, count: number): { items: OutputItem[]; end: number } {
  const items: OutputItem[] = new Array(count);
  let at = from;
  for (let j = 0; j < count; j++) {
    const id = log[at];
    if (typeof id !== 'string') {
      items[j] = id as OutputItem;
      at += 1;
      continue;
    }
    items[j] = {
      type: 'function_call',
      id,
      status: 'completed',
      call_id: log[at + 1] as string,
      name: log[at + 2] as string,
      arguments: log[at + 3] as string,
    };
    at += 4;
  }
  return { items, end: at };
}

/** Whether `item` is a completed function call that `outputOf` rebuilds exactly (its six keys in order, strings). */
function isPlainCall(item: OutputItem): boolean {
  if (item.type !== 'function_call' || item.status !== 'completed' || !isPlain(item)) return false;
  return (
    hasKeys(item, CALL_ITEM_KEYS) &&
    typeof item.id === 'string' &&
    typeof item.call_id === 'string' &&
    typeof item.name === 'string' &&
    typeof item.arguments === 'string'
  );
}

/** A cached shape `response` fits, else a new one made from it (`undefined` when it has a key that cannot be set back). */
function shapeOf(response: Response, usageFits: boolean): ResponseShape | undefined {
  const source = response as unknown as Record<string, unknown>;
  for (let s = shapes.length - 1; s >= 0; s--) {
    const shape = shapes[s] as ResponseShape;
    if (fits(source, shape, usageFits)) return shape;
  }
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
    else if (SHARED_KEYS.has(key) && shareable(value)) kind = SHARED;
    kinds.push(kind);
    shared.push(kind === SHARED ? value : undefined);
    slots += kind === SLOT ? 1 : kind === USAGE ? 5 : 0;
  }
  const shape = new ResponseShape(keys, kinds, shared, slots);
  if (shapes.length >= MAX_SHAPES) shapes.shift();
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
