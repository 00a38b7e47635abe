import type { McpConnection } from '../connection/mcp-connection.js';
import type { FixtureEvent } from './fixture-server.js';

/** Asks the fixture server (through its `events` tool) what it saw; with `waitFor`, waits (≤10 s) for such an event. */
export async function fixtureEvents(
  connection: McpConnection,
  waitFor?: FixtureEvent['kind'],
): Promise<FixtureEvent[]> {
  const result = await connection.callTool('events', waitFor === undefined ? {} : { waitFor });
  const first = result.content?.[0];
  if (first?.type !== 'text') throw new Error('the fixture answered events without text');
  return JSON.parse(first.text) as FixtureEvent[];
}
