import { normalizeKey } from './tool-words.js';

/** A JSON Schema node, loosely typed. */
type Schema = Record<string, unknown>;

/** The outcome of filling a schema: a value, or no value when the schema cannot be satisfied. */
export type FillResult = { ok: true; value: unknown } | { ok: false };

/** What the filler knows: the root (for `$ref`) and the user's words. */
export interface FillContext {
  root: Schema;
  userText: string;
  /** Values already taken from the user's words, so that `from` and `to` pick different ones. */
  used?: Set<unknown>;
  /** Values earlier tool outputs produced, by normalized key (see `knownValues`): a matching name takes one. */
  known?: ReadonlyMap<string, unknown>;
  /** What the earlier calls returned, for text parameters named like `answer`, `summary` or `report`. */
  summary?: string | undefined;
}

const placeNames = /city|location|place|town|country|region|destination|address/i;
const textNames = /query|^q$|search|question|prompt|text|topic|keyword|term|message|input|content|subject/i;
const answerNames = /answer|summary|result|report|conclusion|response|reply|findings|body/i;
const maxDepth = 8;

/**
 * Produces a value valid for a JSON Schema, deterministically: enums take their first value,
 * numbers their minimum (or 1), strings come from the user's words when the property is named
 * like `city` or `query`.
 */
export function fillSchema(schema: unknown, context: FillContext, name = '', depth = 0): FillResult {
  if (depth > maxDepth || typeof schema !== 'object' || schema === null) return { ok: false };
  const node = schema as Schema;
  if (typeof node.$ref === 'string')
    return fillSchema(resolveRef(node.$ref, context.root), context, name, depth + 1);
  if ('const' in node) return { ok: true, value: node.const };
  const known = knownValue(node, name, context);
  if (known !== undefined) return { ok: true, value: known };
  if (Array.isArray(node.enum)) return fillEnum(node.enum, context);
  if ('default' in node) return { ok: true, value: node.default };
  for (const key of ['anyOf', 'oneOf'] as const) {
    const options = node[key];
    if (!Array.isArray(options)) continue;
    // Prefer a non-null branch: a real value exercises the tool better than null.
    const ordered = [...options].sort((a, b) => Number(isNull(a)) - Number(isNull(b)));
    for (const option of ordered) {
      const result = fillSchema(option, context, name, depth + 1);
      if (result.ok) return result;
    }
    return { ok: false };
  }
  if (Array.isArray(node.allOf)) return fillSchema(mergeAll(node.allOf), context, name, depth + 1);
  const type = pickType(node);
  switch (type) {
    case 'string':
      return { ok: true, value: fillString(node, name, context) };
    case 'integer':
    case 'number':
      return { ok: true, value: mentionedNumber(node, type, context) ?? fillNumber(node, type) };
    case 'boolean':
      return { ok: true, value: true };
    case 'null':
      return { ok: true, value: null };
    case 'array':
      return fillArray(node, context, name, depth);
    case 'object':
      return fillObject(node, context, depth);
    default:
      return { ok: true, value: 'demo' };
  }
}

/**
 * The value an earlier tool output produced under this parameter's name (`flight_id` finds
 * `flightid`, `flight_ids` also `flightid`), when it fits the schema's type, enum and bounds.
 */
function knownValue(node: Schema, name: string, context: FillContext): unknown {
  if (name === '' || context.known === undefined || context.known.size === 0) return undefined;
  const key = normalizeKey(name);
  const candidates = [key, key.endsWith('s') ? key.slice(0, -1) : key];
  for (const candidate of candidates) {
    const value = context.known.get(candidate);
    if (value !== undefined && fits(node, value)) return value;
  }
  return undefined;
}

function fits(node: Schema, value: unknown): boolean {
  if (Array.isArray(node.enum)) return node.enum.includes(value);
  const type = pickType(node);
  if (type === 'string') {
    if (typeof value !== 'string' || node.format !== undefined) return false;
    if (typeof node.minLength === 'number' && value.length < node.minLength) return false;
    return typeof node.maxLength !== 'number' || value.length <= node.maxLength;
  }
  if (type === 'integer' || type === 'number') {
    if (typeof value !== 'number' || (type === 'integer' && !Number.isInteger(value))) return false;
    if (typeof node.minimum === 'number' && value < node.minimum) return false;
    return typeof node.maximum !== 'number' || value <= node.maximum;
  }
  return type === 'boolean' && typeof value === 'boolean';
}

/** The enum value the user mentioned first (and not yet used), else the first value. */
function fillEnum(values: unknown[], context: FillContext): FillResult {
  if (values.length === 0) return { ok: false };
  const text = context.userText.toLowerCase();
  const mentioned = values
    .filter((value) => typeof value === 'string' && value !== '' && !context.used?.has(value))
    .map((value) => ({ value, at: text.search(wordPattern(String(value).toLowerCase())) }))
    .filter((hit) => hit.at >= 0)
    .sort((a, b) => a.at - b.at)[0];
  if (mentioned === undefined) return { ok: true, value: values[0] };
  context.used?.add(mentioned.value);
  return { ok: true, value: mentioned.value };
}

function wordPattern(word: string): RegExp {
  return new RegExp(
    `(^|[^\\p{L}\\p{N}])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}\\p{N}])`,
    'u',
  );
}

/** The first number in the user's words that fits the schema's bounds. */
function mentionedNumber(node: Schema, type: 'integer' | 'number', context: FillContext): number | undefined {
  for (const match of context.userText.matchAll(/-?\d+(?:\.\d+)?/g)) {
    const value = Number(match[0]);
    if (context.used?.has(value) || (type === 'integer' && !Number.isInteger(value))) continue;
    if (typeof node.minimum === 'number' && value < node.minimum) continue;
    if (typeof node.maximum === 'number' && value > node.maximum) continue;
    if (typeof node.exclusiveMinimum === 'number' && value <= node.exclusiveMinimum) continue;
    if (typeof node.exclusiveMaximum === 'number' && value >= node.exclusiveMaximum) continue;
    context.used?.add(value);
    return value;
  }
  return undefined;
}

function pickType(node: Schema): string | undefined {
  const type = node.type;
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return type.find((t) => t !== 'null') ?? 'null';
  if (typeof node.properties === 'object') return 'object';
  if (node.items !== undefined) return 'array';
  return undefined;
}

function isNull(schema: unknown): boolean {
  return typeof schema === 'object' && schema !== null && (schema as Schema).type === 'null';
}

function resolveRef(ref: string, root: Schema): unknown {
  if (!ref.startsWith('#')) return undefined;
  let node: unknown = root;
  for (const part of ref.slice(1).split('/').filter(Boolean)) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Schema)[decodeURIComponent(part.replaceAll('~1', '/').replaceAll('~0', '~'))];
  }
  return node;
}

function mergeAll(schemas: unknown[]): Schema {
  const merged: Schema = { type: 'object', properties: {}, required: [] };
  for (const schema of schemas) {
    if (typeof schema !== 'object' || schema === null) continue;
    const node = schema as Schema;
    Object.assign(merged.properties as Schema, node.properties ?? {});
    (merged.required as unknown[]).push(...(Array.isArray(node.required) ? node.required : []));
    if (typeof node.type === 'string' && node.type !== 'object') return node;
  }
  return merged;
}

function fillString(node: Schema, name: string, context: FillContext): string {
  let value =
    context.summary !== undefined && answerNames.test(name) && node.format === undefined
      ? context.summary
      : stringFor(node, name, context.userText);
  const min = typeof node.minLength === 'number' ? node.minLength : 0;
  const max = typeof node.maxLength === 'number' ? node.maxLength : Number.POSITIVE_INFINITY;
  if (value.length < min) value = value.padEnd(min, 'x');
  return Array.from(value).slice(0, max).join('');
}

function stringFor(node: Schema, name: string, userText: string): string {
  switch (node.format) {
    case 'date-time':
      return '2026-01-01T00:00:00Z';
    case 'date':
      return '2026-01-01';
    case 'email':
      return 'demo@example.com';
    case 'uri':
    case 'url':
      return 'https://example.com/';
    case 'uuid':
      return '00000000-0000-4000-8000-000000000000';
  }
  const words = userText.replace(/[^\p{L}\p{N}\s'-]/gu, ' ').trim();
  if (placeNames.test(name)) return properNoun(words) ?? (words || 'Paris');
  if (textNames.test(name)) return words || 'demo';
  if (/name/i.test(name)) return properNoun(words) ?? 'demo';
  return 'demo';
}

/** The last capitalised word that does not start the sentence ("Weather in Paris?" → "Paris"). */
function properNoun(words: string): string | undefined {
  const tokens = words.split(/\s+/).slice(1);
  return tokens.reverse().find((token) => /^\p{Lu}/u.test(token));
}

function fillNumber(node: Schema, type: 'integer' | 'number'): number {
  const num = (key: string): number | undefined =>
    typeof node[key] === 'number' ? (node[key] as number) : undefined;
  const step = num('multipleOf');
  let value =
    num('minimum') ?? (num('exclusiveMinimum') === undefined ? 1 : num('exclusiveMinimum')! + (step ?? 1));
  const max =
    num('maximum') ?? (num('exclusiveMaximum') === undefined ? undefined : num('exclusiveMaximum')! - 1);
  if (max !== undefined && value > max) value = max;
  if (step !== undefined && step > 0) value = Math.ceil(value / step) * step;
  return type === 'integer' ? Math.ceil(value) : value;
}

function fillArray(node: Schema, context: FillContext, name: string, depth: number): FillResult {
  const count = Math.max(1, typeof node.minItems === 'number' ? node.minItems : 1);
  if (typeof node.maxItems === 'number' && node.maxItems === 0) return { ok: true, value: [] };
  const values: unknown[] = [];
  for (let i = 0; i < count; i++) {
    const item = fillSchema(node.items ?? {}, context, name, depth + 1);
    if (!item.ok)
      return count > 0 && typeof node.minItems === 'number' ? { ok: false } : { ok: true, value: [] };
    values.push(item.value);
  }
  return { ok: true, value: values };
}

function fillObject(node: Schema, context: FillContext, depth: number): FillResult {
  const properties = (
    typeof node.properties === 'object' && node.properties !== null ? node.properties : {}
  ) as Schema;
  const required = new Set(Array.isArray(node.required) ? node.required.map(String) : []);
  const value: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(properties)) {
    const result = fillSchema(child, context, key, depth + 1);
    if (result.ok) value[key] = result.value;
    else if (required.has(key)) return { ok: false };
  }
  for (const key of required) if (!(key in value)) return { ok: false };
  return { ok: true, value };
}
