import { DuplicateToolError } from './errors/duplicate-tool-error.js';
import type { FunctionDefinition } from './function-definition.js';
import type { AnyTool } from './tool-types.js';

/** A fixed set of tools looked up by name. */
export interface ToolRegistry {
  /** The tool with this name, or `undefined`. */
  get(name: string): AnyTool | undefined;
  /** All tool names, in the order given. */
  names(): string[];
  /** The function definitions to send, computed once. */
  definitions(): FunctionDefinition[];
  /** How many tools there are. */
  readonly size: number;
}

/**
 * Builds a registry; two tools with one name throw `DuplicateToolError`.
 * @example
 * const registry = createToolRegistry([getWeather, search]);
 * const body = { model, input, tools: registry.definitions() };
 */
export function createToolRegistry(tools: readonly AnyTool[]): ToolRegistry {
  const byName = new Map<string, AnyTool>();
  for (const tool of tools) {
    if (byName.has(tool.name)) throw new DuplicateToolError({ tool: tool.name });
    byName.set(tool.name, tool);
  }
  const definitions = Object.freeze([...byName.values()].map((tool) => tool.definition));
  return {
    get: (name) => byName.get(name),
    names: () => [...byName.keys()],
    definitions: () => definitions as FunctionDefinition[],
    size: byName.size,
  };
}
