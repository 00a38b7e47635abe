import { McpError } from '../errors/mcp-error.js';
import type { ConnectMcpServerOptions } from './mcp-server-options.js';

/** `ConnectMcpServerOptions` checked, with every default filled in. */
export interface ResolvedOptions extends ConnectMcpServerOptions {
  prefix: string;
  timeoutMs: number;
  connectTimeoutMs: number;
  maxOutputChars: number;
}

const DEFAULTS = { timeoutMs: 60_000, connectTimeoutMs: 30_000, maxOutputChars: 100_000 } as const;

/** Checks `connectMcpServer()`'s options before anything starts; throws `McpError` (`mcp_config_invalid`). */
export function resolveOptions(options: ConnectMcpServerOptions): ResolvedOptions {
  const server = typeof options?.name === 'string' ? options.name : '(unnamed)';
  const fail = (field: string, problem: string, fix: string): never => {
    throw new McpError({
      code: 'mcp_config_invalid',
      server,
      message: `MCP server "${server}": ${field} ${problem}. Fix: ${fix}`,
    });
  };
  if (typeof options?.name !== 'string' || options.name.trim() === '') {
    fail('name', 'is missing', "pass a short name such as name: 'crm'.");
  }
  const { transport } = options;
  if (transport?.type === 'stdio') {
    if (typeof transport.command !== 'string' || transport.command === '') {
      fail(
        'transport.command',
        'is missing',
        "pass the executable, e.g. { type: 'stdio', command: 'node', args: ['server.js'] }.",
      );
    }
  } else if (transport?.type === 'http') {
    if (!URL.canParse(String(transport.url))) {
      fail(
        'transport.url',
        `is not a URL (${JSON.stringify(String(transport.url))})`,
        "pass e.g. 'https://host/mcp'.",
      );
    }
  } else {
    fail(
      'transport.type',
      'must be "stdio" or "http"',
      "use { type: 'stdio', command } or { type: 'http', url }.",
    );
  }
  const positive = (field: 'timeoutMs' | 'connectTimeoutMs' | 'maxOutputChars'): number => {
    const value = options[field] ?? DEFAULTS[field];
    if (!(Number.isFinite(value) && value > 0))
      fail(
        field,
        `must be a positive number (got ${String(value)})`,
        `omit it for ${DEFAULTS[field]} or pass a positive number.`,
      );
    return value;
  };
  return {
    ...options,
    prefix: options.prefix ?? options.name,
    timeoutMs: positive('timeoutMs'),
    connectTimeoutMs: positive('connectTimeoutMs'),
    maxOutputChars: positive('maxOutputChars'),
  };
}
