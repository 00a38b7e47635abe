import { MimoError } from '@mimo-agents/core';

/** One problem found in a tool call's arguments. */
export interface ToolArgumentIssue {
  /** Dotted path of the field, e.g. `items[0].name`; `(root)` for the whole object. */
  path: string;
  /** What is wrong, worded for the model. */
  message: string;
}

/** A tool call's arguments were not valid JSON or did not match the tool's schema. */
export class ToolArgumentsError extends MimoError {
  /** The tool whose arguments were refused. */
  readonly tool: string;
  /** Each problem with its path. */
  readonly issues: ToolArgumentIssue[];

  constructor(fields: { tool: string; issues: ToolArgumentIssue[] }, options: { cause?: unknown } = {}) {
    const { tool, issues } = fields;
    const list = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
    super(
      'tool_arguments_invalid',
      `Invalid arguments for tool "${tool}": ${list}. Fix the arguments and call the tool again.`,
      options,
    );
    this.tool = tool;
    this.issues = issues;
  }
}
