// A fixture MCP server over stdio, started as a child process by the tests (through tsx).
// MCP_FIXTURE_LINGER=1 keeps the process alive after stdin closes, so only a kill ends it.
// MCP_FIXTURE_ONCE=<file> lets it start once: a second start (a restart) finds the file and fails.
import { existsSync, writeFileSync } from 'node:fs';
import { StdioServerTransport } from '@modelcontextprotocol/server/stdio';
import { createFixtureServer, createFixtureState } from './fixture-server.js';

const once = process.env.MCP_FIXTURE_ONCE;
if (once !== undefined) {
  if (existsSync(once)) {
    process.stderr.write('fixture: refusing a second start\n');
    process.exit(2);
  }
  writeFileSync(once, String(process.pid));
}
const state = createFixtureState();
const server = createFixtureServer(state);
state.onToolsChanged = () => void server.sendToolListChanged();
await server.connect(new StdioServerTransport());
if (process.env.MCP_FIXTURE_LINGER === '1') setInterval(() => {}, 60_000);
