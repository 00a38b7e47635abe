// A host process for the SIGTERM test: opens a stdio MCP connection to a fixture server that
// ignores stdin closing, prints the server's pid, then idles until it is signalled.
import { connectMcpServer } from '../connection/mcp-connection.js';
import { stdioFixture } from './stdio-command.js';

const connection = await connectMcpServer({
  name: 'fx',
  transport: stdioFixture({ MCP_FIXTURE_LINGER: '1' }),
});
const result = await connection.callTool('pid', {});
const first = result.content?.[0];
process.stdout.write(`pid ${first?.type === 'text' ? first.text : 'unknown'}\n`);
setInterval(() => {}, 60_000);
