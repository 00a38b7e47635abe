/** An MCP server started as a child process, spoken to over its stdin/stdout. */
export interface McpStdioTransportOptions {
  type: 'stdio';
  /** The executable, e.g. `npx` or `node`. */
  command: string;
  /** Its arguments. */
  args?: readonly string[];
  /** Extra environment variables (added to the SDK's safe default environment). */
  env?: Record<string, string>;
  /** Working directory of the child process. */
  cwd?: string;
  /** Where the child's stderr goes (default `inherit`). */
  stderr?: 'inherit' | 'ignore';
}

/** An MCP server reached over Streamable HTTP. */
export interface McpHttpTransportOptions {
  type: 'http';
  /** The MCP endpoint, e.g. `https://crm.example.com/mcp`. */
  url: string | URL;
  /** Headers sent with every request, e.g. `{ authorization: 'Bearer …' }`. */
  headers?: Record<string, string>;
}

/** How to reach an MCP server. */
export type McpTransportOptions = McpStdioTransportOptions | McpHttpTransportOptions;

/** Which of the server's tools an agent gets, by their MCP names. */
export type McpToolFilter =
  | { allow?: readonly string[]; deny?: readonly string[] }
  | ((tool: { name: string; description: string }) => boolean);

/** Options of `connectMcpServer()`. */
export interface ConnectMcpServerOptions {
  /** A short name for the server: the default prefix of its tools' names, and named in errors. */
  name: string;
  /** How to reach it. */
  transport: McpTransportOptions;
  /** Put before every tool name with a `_` (default: `name`); `''` for none. */
  prefix?: string;
  /** Which tools to expose (default: all). */
  filter?: McpToolFilter;
  /** Time limit of one tool call in milliseconds (default 60 000); it reaches the server as cancellation. */
  timeoutMs?: number;
  /** Time limit for connecting and listing tools in milliseconds (default 30 000). */
  connectTimeoutMs?: number;
  /** Cut a tool's output to this many characters, with a visible marker (default 100 000). */
  maxOutputChars?: number;
  /** Called after the server said its tool list changed; the next `tools()` lists again. */
  onToolsChanged?: () => void;
  /** Called for a server tool that cannot become an agent tool (e.g. an invalid schema); it is left out. */
  onToolSkipped?: (skipped: { name: string; reason: string }) => void;
}
