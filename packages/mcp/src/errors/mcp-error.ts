import { MimoError, type MimoErrorOptions } from '@mimo-agents/core';

/** Why an MCP operation failed; stable, safe to branch on. */
export type McpErrorCode =
  | 'mcp_config_invalid'
  | 'mcp_connect_failed'
  | 'mcp_closed'
  | 'mcp_call_failed'
  | 'mcp_tool_error';

/** Fields of an `McpError`. */
export interface McpErrorFields {
  /** The stable error code. */
  code: McpErrorCode;
  /** The server's name as given to `connectMcpServer()`. */
  server: string;
  /** The message, naming the field or call at fault and the fix. */
  message: string;
  /** The MCP tool's original name, when one call failed. */
  tool?: string;
  /** Whether repeating the operation may succeed. */
  retryable?: boolean;
}

/** An MCP server could not be reached, was closed, or a call on it failed. */
export class McpError extends MimoError {
  /** The server's name as given to `connectMcpServer()`. */
  readonly server: string;
  /** The MCP tool's original name, when one call failed. */
  readonly tool: string | undefined;

  constructor(fields: McpErrorFields, options: MimoErrorOptions = {}) {
    super(fields.code, fields.message, { ...options, retryable: fields.retryable ?? false });
    this.server = fields.server;
    this.tool = fields.tool;
  }
}
