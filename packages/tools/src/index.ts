// Defining tools

export { type RawToolOptions, rawTool } from './raw-tool.js';
export { type ToolOptions, tool } from './tool.js';
export type {
  AnyTool,
  InferToolArgs,
  NeedsApproval,
  Tool,
  ToolApprovalContext,
  ToolContext,
  ToolParameters,
} from './tool-types.js';

// Limits and progress of a tool execution

export {
  checkToolLimits,
  DEFAULT_TOOL_LIMITS,
  resolveToolLimits,
  TOOL_LIMIT_KEYS,
  type ToolLimits,
} from './tool-limits.js';
export { RAW_TOOL_OPTION_KEYS, TOOL_OPTION_KEYS } from './tool-option-keys.js';
export type { ToolProgressUpdate } from './tool-progress.js';

// Structured output schemas

export {
  type InferOutput,
  type OutputSchema,
  type OutputSpec,
  outputSchema,
  type RawOutputSchema,
} from './output/output-schema.js';
export type { SchemaCheck } from './schema/zod-validate.js';

// Function definitions

export type { FunctionDefinition } from './function-definition.js';

// Registry

export { createToolRegistry, type ToolRegistry } from './registry.js';

// Parsing and executing calls

export { type ExecuteToolOptions, executeTool } from './execute-tool.js';
export {
  type RunningToolCall,
  type StartToolCallOptions,
  startToolCall,
  type ToolCallSink,
} from './start-tool-call.js';
export { type SerializedOutput, serializeOutput } from './serialize-output.js';
export type { ToolCallRequest, ToolErrorKind, ToolOutcome } from './tool-outcome.js';

// Errors

export { DuplicateToolError } from './errors/duplicate-tool-error.js';
export { type ToolArgumentIssue, ToolArgumentsError } from './errors/tool-arguments-error.js';
export { ToolDefinitionError } from './errors/tool-definition-error.js';
export type { ToolsErrorCode } from './errors/tools-error-code.js';
