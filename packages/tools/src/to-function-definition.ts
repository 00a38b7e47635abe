import type { FunctionDefinition } from './function-definition.js';
import type { AnyTool } from './tool-types.js';

/** The `{ type: 'function', name, description, parameters, strict }` entry to send in `tools`. */
export function toFunctionDefinition(tool: AnyTool): FunctionDefinition {
  return tool.definition;
}
