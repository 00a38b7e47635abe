import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The model's argument string parsed, or the string itself when it is not valid JSON. */
export function parsedArguments(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    return json;
  }
}

/**
 * `sha256:<hex>` of a call's canonical arguments: `{"b":1,"a":2}` and `{ "a": 2, "b": 1 }` hash alike.
 * @example
 * argumentsHash('{"orderId":"A-17","amount":40}');
 */
export function argumentsHash(json: string): string {
  return `sha256:${createHash('sha256')
    .update(canonicalJson(parsedArguments(json)))
    .digest('hex')}`;
}

/**
 * The stable approval id of a call: `apr_` and 32 hex digits of a hash of run id, call id, tool name
 * and arguments hash, so an id names exactly one call of one run with exactly those arguments.
 */
export function approvalIdFor(fields: {
  runId: string;
  callId: string;
  toolName: string;
  argumentsHash: string;
}): string {
  const text = JSON.stringify([fields.runId, fields.callId, fields.toolName, fields.argumentsHash]);
  return `apr_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
}
