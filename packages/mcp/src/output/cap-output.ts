/**
 * Cuts `text` to `maxChars` characters and ends it with `…[truncated N chars]`, the marker
 * `executeTool()` uses, so the model sees that something is missing and how much.
 */
export function capOutput(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  return `${text.slice(0, maxChars)}…[truncated ${text.length - maxChars} chars]`;
}
