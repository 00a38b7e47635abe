import type { Response, ResponseRequest } from '@mimo-agents/core';

/** The echoed fields of a response envelope that `shareRequestEchoes` looks at (not in core's `Response` type). */
interface Echoes {
  instructions?: unknown;
  tools?: unknown;
  metadata?: unknown;
  reasoning?: unknown;
  text?: unknown;
}

/** What a request without `tools` is echoed with, shared. */
const NO_TOOLS: readonly unknown[] = Object.freeze([]);
/** Small settings objects the server echoes (`metadata: {}`, `text: { format: { type: 'text' } }`…), frozen and shared. */
const interned = new Map<string, object>();
/** Bound of `interned`: echoes are a handful of shapes; past this, new ones are kept as they came. */
const MAX_INTERNED = 64;
/** Longest echo (as JSON) worth interning. */
const MAX_INTERNED_JSON = 200;

/**
 * Makes the `Response` a run keeps for `RunResult.responses` cheap to hold, without changing its
 * content: what the server echoes of the request is replaced, where it is equal (the same JSON, keys in
 * the same order), by the value the run already holds. `tools` becomes the request's tools (the
 * agent's frozen definitions array, whose entries are the tools' own `definition` objects),
 * `instructions` and `model` the request's strings, and the small settings objects (`metadata`,
 * `reasoning`, `text`) frozen objects shared by every run. An echo that differs stays as parsed.
 * Changes `response` in place and returns it; the shared parts must be treated as read-only.
 */
export function shareRequestEchoes(response: Response, request: ResponseRequest): Response {
  const echoes = response as Response & Echoes;
  if (response.model === request.model) response.model = request.model;
  if (echoes.instructions !== undefined && echoes.instructions === request.instructions)
    echoes.instructions = request.instructions;
  if (echoes.tools !== undefined) {
    const sent = request.tools ?? NO_TOOLS;
    if (sameJson(echoes.tools, sent)) echoes.tools = sent;
  }
  if (echoes.metadata !== undefined) echoes.metadata = internEcho(echoes.metadata);
  if (echoes.reasoning !== undefined) echoes.reasoning = internEcho(echoes.reasoning);
  if (echoes.text !== undefined) echoes.text = internEcho(echoes.text);
  return response;
}

/** The shared frozen copy of a small plain echo object, or `value` itself when it is not one. */
function internEcho(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const json = JSON.stringify(value);
  if (json.length > MAX_INTERNED_JSON) return value;
  const known = interned.get(json);
  if (known !== undefined) return known;
  if (interned.size >= MAX_INTERNED || !isPlainJson(value)) return value;
  const frozen = deepFreeze(JSON.parse(json) as object);
  interned.set(json, frozen);
  return frozen;
}

/** Whether `a` and `b` are the same JSON value, object keys in the same order. */
export function sameJson(a: unknown, b: unknown): boolean {
  return sameAt(a, b, 0);
}

/**
 * `b`'s keys at each depth of the comparison, reused (no `Object.keys` array per object compared: the
 * tools' schemas are compared every turn). Entries past the count written last are stale and never read.
 */
const keysAtDepth: string[][] = [];

function sameAt(a: unknown, b: unknown, depth: number): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameAt(a[i], b[i], depth + 1)) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  let keys = keysAtDepth[depth];
  if (keys === undefined) {
    keys = [];
    keysAtDepth[depth] = keys;
  }
  // `for…in` lists own keys in `Object.keys` order, then inherited enumerable ones (a parsed or plain
  // object has none; if it had, the two lists would differ and the values count as not the same).
  let count = 0;
  for (const key in b) keys[count++] = key;
  let index = 0;
  for (const key in a) {
    if (index >= count || key !== keys[index]) return false;
    index += 1;
  }
  if (index !== count) return false;
  for (let i = 0; i < count; i++) {
    const key = keys[i] as string;
    if (!sameAt((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], depth + 1))
      return false;
  }
  return true;
}

/** Whether a value survives a JSON round trip unchanged (plain objects, arrays, strings, finite numbers…). */
function isPlainJson(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.every(isPlainJson);
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  return Object.values(value).every(isPlainJson);
}

function deepFreeze<T extends object>(value: T): T {
  for (const inner of Object.values(value))
    if (typeof inner === 'object' && inner !== null) deepFreeze(inner as object);
  return Object.freeze(value);
}
