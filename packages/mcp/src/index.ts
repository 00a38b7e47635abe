// Connecting

export {
  ATTEMPT_META_KEY,
  connectMcpServer,
  IDEMPOTENCY_META_KEY,
  type McpCallOptions,
  McpConnection,
} from './connection/mcp-connection.js';
export type {
  ConnectMcpServerOptions,
  McpHttpTransportOptions,
  McpStdioTransportOptions,
  McpToolFilter,
  McpTransportOptions,
} from './connection/mcp-server-options.js';

// Tool names and outputs

export {
  isValidFunctionName,
  type MapToolNamesOptions,
  mapToolNames,
  type ToolNameMap,
} from './names/map-tool-names.js';
export { formatCallResult } from './output/format-call-result.js';

// Errors

export { McpError, type McpErrorCode, type McpErrorFields } from './errors/mcp-error.js';
