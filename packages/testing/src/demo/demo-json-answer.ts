import type { WireRequest } from '../wire/request.js';
import { fillSchema } from './fill-schema.js';

/** Finds the schema a JSON answer must match: native `text.format.schema`, else the last ```json fence of the instructions. */
export function requestedSchema(request: WireRequest): Record<string, unknown> | undefined {
  const format = request.text?.format as { type?: string; schema?: unknown } | undefined;
  if (format?.type === 'json_schema' && isObject(format.schema)) return format.schema;
  const fences = [...(request.instructions ?? '').matchAll(/```json\s*\n([\s\S]*?)\n```/g)];
  const body = fences.at(-1)?.[1];
  if (body === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The demo model's answer to a JSON request (`json_object` or `json_schema`): an object that fits the
 * schema found in the request (`fillSchema`, strings from the user's words), or `{ answer }` with the
 * text answer when the request shows no schema (as MiMo would answer some JSON).
 */
export function demoJsonAnswer(request: WireRequest, userText: string, text: string): string {
  const schema = requestedSchema(request);
  if (schema !== undefined) {
    const filled = fillSchema(schema, { root: schema, userText, used: new Set() });
    if (filled.ok) return JSON.stringify(filled.value);
  }
  return JSON.stringify({ answer: text });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
