import { describe, expect, it } from 'vitest';
import { McpError } from '../errors/mcp-error.js';
import type { ConnectMcpServerOptions } from './mcp-server-options.js';
import { resolveOptions } from './resolve-options.js';

const stdio = { type: 'stdio', command: 'node' } as const;

describe('resolveOptions()', () => {
  it('fills the defaults', () => {
    expect(resolveOptions({ name: 'crm', transport: stdio })).toMatchObject({
      prefix: 'crm',
      timeoutMs: 60_000,
      connectTimeoutMs: 30_000,
      maxOutputChars: 100_000,
    });
  });

  it.each([
    [{ name: '', transport: stdio }, 'name is missing'],
    [{ name: 'crm', transport: { type: 'stdio', command: '' } }, 'transport.command is missing'],
    [{ name: 'crm', transport: { type: 'http', url: 'not a url' } }, 'transport.url is not a URL'],
    [{ name: 'crm', transport: { type: 'sse', url: 'http://x' } }, 'transport.type must be'],
    [{ name: 'crm', transport: stdio, timeoutMs: 0 }, 'timeoutMs must be a positive number'],
    [
      { name: 'crm', transport: stdio, maxOutputChars: Number.NaN },
      'maxOutputChars must be a positive number',
    ],
  ])('refuses %j with an McpError naming the field and the fix', (options, text) => {
    let error: unknown;
    try {
      resolveOptions(options as unknown as ConnectMcpServerOptions);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(McpError);
    expect(error).toMatchObject({ code: 'mcp_config_invalid' });
    expect((error as McpError).message).toContain(text);
    expect((error as McpError).message).toContain('Fix:');
  });
});
