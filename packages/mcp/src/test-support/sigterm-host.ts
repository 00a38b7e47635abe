// A host process for the SIGTERM test: opens a stdio MCP connection to a fixture server that
// ignores stdin closing, prints the server's pid, then idles until it is signalled.
// argv[2]: 'default' (SIGTERM kills the host), 'handled' (the host's own SIGTERM handler exits 0),
// 'exit' (the host calls process.exit(0) right after printing).
import { connectMcpServer } from '../connection/mcp-connection.js';
import { stdioFixture } from './stdio-command.js';

const connection = await connectMcpServer({
  name: 'fx',
  transport: stdioFixture({ MCP_FIXTURE_LINGER: '1' }),
});
const result = await connection.callTool('pid', {});
const first = result.content?.[0];
process.stdout.write(`pid ${first?.type === 'text' ? first.text : 'unknown'}\n`);
const mode = process.argv[2] ?? 'default';
if (mode === 'handled') process.on('SIGTERM', () => process.exit(0));
if (mode === 'exit') process.exit(0);
setInterval(() => {}, 60_000);
