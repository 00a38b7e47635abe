import type { Tool } from './tool-types.js';

/**
 * Parses a call's JSON arguments with the tool's schema (strict `null`s become absent first).
 * Throws `ToolArgumentsError` listing each issue with its path, worded for the model.
 */
export function parseArguments<A>(tool: Tool<A>, json: string): A {
  return tool.parse(json);
}
