import { checkOptionKeys, type OptionKeys } from '@mimo-agents/core';
import type { RawToolOptions } from './raw-tool.js';
import type { ToolOptions } from './tool.js';
import type { ToolParameters } from './tool-types.js';

/** Every option of `tool()`: a new option of `ToolOptions` must be added here (the typecheck says so). */
export const TOOL_OPTION_KEYS: OptionKeys<ToolOptions<ToolParameters>> = {
  name: true,
  description: true,
  parameters: true,
  execute: true,
  timeoutMs: true,
  maxOutputChars: true,
  strict: true,
  needsApproval: true,
};

/** Every option of `rawTool()`: a new option of `RawToolOptions` must be added here. */
export const RAW_TOOL_OPTION_KEYS: OptionKeys<RawToolOptions> = {
  name: true,
  description: true,
  jsonSchema: true,
  execute: true,
  timeoutMs: true,
  maxOutputChars: true,
  strict: true,
  needsApproval: true,
};

/** Refuses an unknown key of `tool()`'s or `rawTool()`'s options with the closest valid name. */
export function checkToolOptionKeys(options: unknown, known: Readonly<Record<string, true>>): void {
  const name =
    typeof options === 'object' && options !== null ? (options as { name?: unknown }).name : undefined;
  checkOptionKeys({ value: options, known, owner: `tool ${JSON.stringify(String(name))}` });
}
