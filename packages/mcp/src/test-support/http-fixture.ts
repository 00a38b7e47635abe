import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NodeStreamableHTTPServerTransport } from '@modelcontextprotocol/node';
import type { Server } from '@modelcontextprotocol/server';
import { createFixtureServer, createFixtureState, type FixtureState } from './fixture-server.js';

/** The token the HTTP fixture requires in `authorization: Bearer …`. */
export const FIXTURE_TOKEN = 'fixture-token';

/** A Streamable HTTP MCP fixture server on 127.0.0.1. */
export interface HttpFixture {
  url: string;
  state: FixtureState;
  /** Every HTTP request: method, status and the session header sent. */
  requests: Array<{ method: string; status: number; session: string | undefined }>;
  /** Forgets every session, so their next request gets HTTP 404 (as after a server restart). */
  expireSessions(): Promise<void>;
  /** Number of sessions initialised so far. */
  sessionsCreated(): number;
  close(): Promise<void>;
}

/** Starts the fixture over Streamable HTTP with sessions, requiring the bearer token. */
export async function startHttpFixture(): Promise<HttpFixture> {
  const state = createFixtureState();
  const sessions = new Map<string, { transport: NodeStreamableHTTPServerTransport; server: Server }>();
  const requests: HttpFixture['requests'] = [];
  let created = 0;
  state.onToolsChanged = () => {
    for (const { server } of sessions.values()) void server.sendToolListChanged();
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const session = req.headers['mcp-session-id'];
    const sessionId = typeof session === 'string' ? session : undefined;
    res.on('finish', () =>
      requests.push({ method: req.method ?? '', status: res.statusCode, session: sessionId }),
    );
    if (req.headers.authorization !== `Bearer ${FIXTURE_TOKEN}`) {
      res.writeHead(401).end('unauthorized');
      return;
    }
    if (sessionId !== undefined) {
      const open = sessions.get(sessionId);
      if (open === undefined) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({ jsonrpc: '2.0', error: { code: -32001, message: 'Session not found' }, id: null }),
        );
        return;
      }
      await open.transport.handleRequest(req, res);
      return;
    }
    const transport = new NodeStreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        created += 1;
        sessions.set(id, { transport, server });
      },
    });
    const server = createFixtureServer(state);
    await server.connect(transport);
    await transport.handleRequest(req, res);
  };

  const http = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  const closeSessions = async (): Promise<void> => {
    const open = [...sessions.values()];
    sessions.clear();
    await Promise.all(open.map(({ server }) => server.close()));
  };
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    state,
    requests,
    expireSessions: closeSessions,
    sessionsCreated: () => created,
    async close() {
      await closeSessions();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
