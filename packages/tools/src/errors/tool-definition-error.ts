import { MimoError } from '@mimo-agents/core';

/** A tool was defined wrongly (bad name, non-object or unrepresentable schema); raised by `tool()`/`rawTool()`. */
export class ToolDefinitionError extends MimoError {
  /** The tool's name as given. */
  readonly tool: string;
  /** Where in the tool definition the fault is, e.g. `name` or `parameters.when`. */
  readonly path: string;

  constructor(fields: { tool: string; path: string; message: string }, options: { cause?: unknown } = {}) {
    super('tool_definition_invalid', fields.message, options);
    this.tool = fields.tool;
    this.path = fields.path;
  }
}
