import { MimoError } from '@mimo-agents/core';

/** Two tools with the same name were given to `createToolRegistry()`. */
export class DuplicateToolError extends MimoError {
  /** The name used twice. */
  readonly tool: string;

  constructor(fields: { tool: string }) {
    const { tool } = fields;
    super(
      'tool_duplicate',
      `Duplicate tool name "${tool}" in tools. Fix: give each tool a unique name (the model calls tools by name).`,
    );
    this.tool = tool;
  }
}
