/** Result of `serializeOutput()`: the text for the model, or why the value cannot be sent. */
export type SerializedOutput = { ok: true; text: string } | { ok: false; reason: string };

/**
 * Turns a tool's return value into the `function_call_output` string: strings as they are,
 * `undefined` as `''`, anything else as JSON. Circular values, bigints and functions give a reason
 * instead. With `maxChars`, longer text is cut and ends with `…[truncated N chars]`.
 */
export function serializeOutput(value: unknown, maxChars?: number): SerializedOutput {
  let text: string;
  if (typeof value === 'string') text = value;
  else if (value === undefined) text = '';
  else {
    let json: string | undefined;
    try {
      json = JSON.stringify(value);
    } catch (error) {
      return { ok: false, reason: error instanceof Error ? error.message : String(error) };
    }
    if (json === undefined) return { ok: false, reason: `a ${typeof value} cannot be turned into JSON` };
    text = json;
  }
  return { ok: true, text: truncate(text, maxChars) };
}

/** Cuts `text` to `maxChars` characters plus a visible `…[truncated N chars]` marker. */
export function truncate(text: string, maxChars: number | undefined): string {
  if (maxChars === undefined || text.length <= maxChars) return text;
  const removed = text.length - maxChars;
  return `${text.slice(0, maxChars)}…[truncated ${removed} chars]`;
}
