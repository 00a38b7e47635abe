// A fixture MCP server over stdio, started as a child process by the tests (through tsx).
// MCP_FIXTURE_LINGER=1 keeps the process alive after stdin closes, so only a kill ends it.
import { StdioServerTransport } from '@modelcontextprotocol/server/stdio';
import { createFixtureServer, createFixtureState } from './fixture-server.js';

const state = createFixtureState();
const server = createFixtureServer(state);
state.onToolsChanged = () => void server.sendToolListChanged();
await server.connect(new StdioServerTransport());
if (process.env.MCP_FIXTURE_LINGER === '1') setInterval(() => {}, 60_000);
