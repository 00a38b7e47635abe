import { ToolDefinitionError } from './errors/tool-definition-error.js';

const NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Throws `ToolDefinitionError` unless `name` is 1–64 letters, digits, `_` or `-`. */
export function assertToolName(name: unknown): asserts name is string {
  if (typeof name === 'string' && NAME_PATTERN.test(name)) return;
  const shown = typeof name === 'string' ? `"${name}"` : String(name);
  throw new ToolDefinitionError({
    tool: typeof name === 'string' ? name : '',
    path: 'name',
    message: `Invalid tool name ${shown}. Fix: use 1 to 64 characters, only letters, digits, "_" and "-" (e.g. "get_weather").`,
  });
}
