import { StreamableHTTPClientTransport, type Transport } from '@modelcontextprotocol/client';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { McpError } from '../errors/mcp-error.js';
import type { McpTransportOptions } from './mcp-server-options.js';

/** A fresh SDK transport for one session with the server. */
export function createTransport(server: string, options: McpTransportOptions): Transport {
  switch (options.type) {
    case 'stdio':
      return new StdioClientTransport({
        command: options.command,
        args: [...(options.args ?? [])],
        env: { ...getDefaultEnvironment(), ...options.env },
        stderr: options.stderr ?? 'inherit',
        ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
      });
    case 'http':
      return new StreamableHTTPClientTransport(new URL(options.url), {
        requestInit: { headers: { ...options.headers } },
      });
    default: {
      const never: never = options;
      throw new McpError({
        code: 'mcp_config_invalid',
        server,
        message: `MCP server "${server}": transport.type ${JSON.stringify((never as { type?: unknown }).type)} is unknown. Fix: use { type: 'stdio', command } or { type: 'http', url }.`,
      });
    }
  }
}
