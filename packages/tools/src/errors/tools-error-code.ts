/** Every `code` an error thrown by `@mimo-agents/tools` can carry. */
export type ToolsErrorCode = 'tool_arguments_invalid' | 'tool_definition_invalid' | 'tool_duplicate';
