import { fileURLToPath } from 'node:url';
import type { McpStdioTransportOptions } from '../connection/mcp-server-options.js';

/** The stdio fixture server as a transport: this Node running `stdio-fixture.ts` through tsx. */
export function stdioFixture(env: Record<string, string> = {}): McpStdioTransportOptions {
  return {
    type: 'stdio',
    command: process.execPath,
    args: [
      '--import',
      import.meta.resolve('tsx'),
      fileURLToPath(new URL('./stdio-fixture.ts', import.meta.url)),
    ],
    env,
    stderr: 'ignore',
  };
}
