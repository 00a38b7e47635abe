import type { FunctionTool } from '@mimo-agents/core';

/** A function tool as sent in `tools` of a Responses request: core's `FunctionTool`. */
export type FunctionDefinition = FunctionTool;
