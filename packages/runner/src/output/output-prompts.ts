import type { OutputIssue } from './structured-output-error.js';

/**
 * The text appended to the agent's instructions of a structured-output run: the answer's JSON Schema
 * in a ```json fence (MiMo's `json_object` mode needs the prompt to ask for JSON; the test server's
 * demo model reads the schema from this fence).
 */
export function outputInstructions(jsonSchema: Record<string, unknown>): string {
  return [
    'When you give your final answer (not while you still call tools), reply with one JSON object and nothing else.',
    'It must match this JSON Schema:',
    '```json',
    JSON.stringify(jsonSchema),
    '```',
  ].join('\n');
}

/** The user message of a repair turn: each problem by path, and what to send instead. */
export function repairPrompt(issues: readonly OutputIssue[]): string {
  const lines = issues.slice(0, 20).map((issue) => `- ${issue.path}: ${issue.message}`);
  if (issues.length > 20) lines.push(`- … and ${issues.length - 20} more`);
  return [
    'Your last answer does not match the required JSON Schema:',
    ...lines,
    'Reply again with the whole corrected JSON object only, matching the schema in the instructions.',
  ].join('\n');
}
