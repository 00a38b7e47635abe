import type { OutputSchema } from '@mimo-agents/tools';
import { parsePartialJson } from './partial-json.js';
import type { OutputIssue } from './structured-output-error.js';

/** The verdict on a final answer: the validated object, or the issues and the best partial object. */
export type OutputCheck =
  | { ok: true; value: unknown }
  | { ok: false; issues: OutputIssue[]; partial: unknown };

/**
 * Parses and validates a final answer's text against the agent's output schema. A ```json fence around
 * the object is tolerated (models add one); anything else that is not one JSON object is an issue at `(root)`.
 */
export function checkOutput(schema: OutputSchema<unknown>, text: string): OutputCheck {
  const body = unfence(text.trim());
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      issues: [
        { path: '(root)', message: `not valid JSON (${reason}); send one JSON object and nothing else` },
      ],
      partial: parsePartialJson(body),
    };
  }
  const result = schema.validate(parsed);
  if (result.ok) return { ok: true, value: result.value };
  return { ok: false, issues: result.issues, partial: parsed };
}

function unfence(text: string): string {
  const fenced = /^```(?:json)?\s*\n([\s\S]*?)\n?```$/.exec(text);
  return fenced?.[1] ?? text;
}
