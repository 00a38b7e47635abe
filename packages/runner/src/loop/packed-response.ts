import type { Response } from '@mimo-agents/core';

/**
 * The keys of a kept `Response` that are its own whatever their value: the rest (the echoes of the
 * request and settings such as `object`, `status`, `model`, `tools`, `temperature`) go into a shared
 * layout when their value is a primitive or a frozen object (the echoes `shareRequestEchoes` shares).
 */
const OWN_KEYS: ReadonlySet<string> = new Set(['id', 'created_at', 'output', 'output_text', 'usage']);

/** Marks, in a layout's values, a key whose value each response keeps itself. */
const OWN = Symbol('own');

/** The keys of kept responses, in their order, and the values every response of this layout has. */
interface ResponseLayout {
  readonly keys: readonly string[];
  /** Per key: the shared value, or `OWN`. */
  readonly shared: readonly unknown[];
  /** How many keys are `OWN`. */
  readonly ownCount: number;
  /** An object of these keys in this order with the shared values (never handed out: copied by spread). */
  readonly template: Readonly<Record<string, unknown>>;
}

/**
 * A kept `Response` as a run holds it while it waits: one array of its layout (shared by the responses
 * with the same keys in the same order and the same echoed values) followed by its own values (id,
 * output, usage…) in key order. `unpackResponse` builds the same object again, for `RunResult.responses`.
 */
export type PackedResponse = readonly [ResponseLayout, ...unknown[]];

/** What a run keeps of each turn's `Response`: packed, or as it came when it does not pack. */
export type KeptResponse = Response | PackedResponse;

/** Bound of the layouts remembered for reuse (a handful: one per agent and status, in practice). */
const MAX_LAYOUTS = 32;
/** Layouts seen lately, newest last; a layout not found here is made anew (and replaces the oldest). */
const layouts: ResponseLayout[] = [];

/**
 * Packs `response` for keeping: a response of twenty keys becomes its own values (id, output, usage…)
 * and a shared layout (≈ 0.1 KiB less per kept turn). Nothing is copied: the own values are the
 * response's. A response is plain parsed JSON (string keys, data properties); one with another
 * prototype, or an own `__proto__` key, stays as it is. Matching a known layout allocates nothing but the packed array.
 */
export function packResponse(response: Response): KeptResponse {
  if (Object.getPrototypeOf(response) !== Object.prototype) return response;
  const fields = response as unknown as Record<string, unknown>;
  let layout: ResponseLayout | undefined;
  for (let l = layouts.length - 1; l >= 0 && layout === undefined; l--)
    if (fits(layouts[l] as ResponseLayout, fields)) layout = layouts[l];
  if (layout === undefined) {
    // An own `__proto__` key (valid JSON) would set the prototype of the rebuilt object instead.
    if (Object.hasOwn(fields, '__proto__')) return response;
    layout = newLayout(fields);
  }
  const { keys, shared } = layout;
  const packed: unknown[] = new Array(layout.ownCount + 1);
  packed[0] = layout;
  let at = 1;
  for (let i = 0; i < keys.length; i++) if (shared[i] === OWN) packed[at++] = fields[keys[i] as string];
  return packed as unknown as PackedResponse;
}

/** The response `kept` was packed from: the same keys in the same order, the same values. */
export function unpackResponse(kept: KeptResponse): Response {
  if (!Array.isArray(kept)) return kept as Response;
  const [layout] = kept as PackedResponse;
  const { keys, shared } = layout;
  // A copy of the template has every key in order (one allocation); the own values then fill it.
  const response: Record<string, unknown> = { ...layout.template };
  let at = 1;
  for (let i = 0; i < keys.length; i++) if (shared[i] === OWN) response[keys[i] as string] = kept[at++];
  return response as unknown as Response;
}

/** Whether `fields` has the layout's keys in its order and its shared values (`for…in`: no key array). */
function fits(layout: ResponseLayout, fields: Record<string, unknown>): boolean {
  const { keys, shared } = layout;
  let i = 0;
  for (const key in fields) {
    if (i >= keys.length || keys[i] !== key) return false;
    const value = shared[i];
    if (value !== OWN && !Object.is(value, fields[key])) return false;
    i += 1;
  }
  return i === keys.length;
}

/** Whether a value can be shared by responses: a primitive, or a frozen object (never changed). */
function shareable(value: unknown): boolean {
  return (
    (typeof value !== 'object' && typeof value !== 'function') || value === null || Object.isFrozen(value)
  );
}

/**
 * A layout for `fields`. A key whose value differs from the newest layout of the same keys becomes an
 * own value (a field that changes with every response, e.g. a timestamp, is shared once, never again),
 * so the remembered layouts stay a handful whatever the server sends.
 */
function newLayout(fields: Record<string, unknown>): ResponseLayout {
  const keys = Object.keys(fields);
  let base: ResponseLayout | undefined;
  for (let l = layouts.length - 1; l >= 0 && base === undefined; l--)
    if (sameKeys((layouts[l] as ResponseLayout).keys, keys)) base = layouts[l];
  const template: Record<string, unknown> = {};
  let ownCount = 0;
  const shared = keys.map((key, i) => {
    const value = fields[key];
    const own =
      OWN_KEYS.has(key) ||
      !shareable(value) ||
      (base !== undefined && (base.shared[i] === OWN || !Object.is(base.shared[i], value)));
    template[key] = own ? undefined : value;
    if (!own) return value;
    ownCount += 1;
    return OWN;
  });
  const layout: ResponseLayout = Object.freeze({
    keys: base?.keys ?? Object.freeze(keys),
    shared: Object.freeze(shared),
    ownCount,
    template,
  });
  if (layouts.length >= MAX_LAYOUTS) layouts.shift();
  layouts.push(layout);
  return layout;
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
