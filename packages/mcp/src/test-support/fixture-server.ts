import {
  type CallToolResult,
  ProtocolError,
  ProtocolErrorCode,
  Server,
  type Tool,
} from '@modelcontextprotocol/server';

/** What the fixture server saw: calls (with their `_meta`) and cancellations. */
export interface FixtureEvent {
  kind: 'called' | 'cancelled';
  name: string;
  arguments?: unknown;
  meta?: unknown;
  reason?: string;
}

/** Shared state of one fixture server process: its event log and extra tools added at run time. */
export interface FixtureState {
  events: FixtureEvent[];
  extraTools: Tool[];
  waiters: Array<() => void>;
  /** Called by `add_tool`; the owner sends `notifications/tools/list_changed` on every open server. */
  onToolsChanged: () => void;
}

/** A fresh fixture state. */
export function createFixtureState(): FixtureState {
  return { events: [], extraTools: [], waiters: [], onToolsChanged: () => {} };
}

const object = (
  properties: Tool['inputSchema']['properties'] & {},
  required: string[] = [],
): Tool['inputSchema'] => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
});

/** The tools every fixture server lists (some with names MiMo refuses). */
export const fixtureTools: Tool[] = [
  {
    name: 'echo',
    description: 'Echo a text',
    inputSchema: object({ text: { type: 'string' } }, ['text']),
  },
  {
    name: 'crm.search',
    description: 'Search the CRM',
    inputSchema: object({ query: { type: 'string' }, limit: { type: 'integer', minimum: 1 } }, ['query']),
  },
  { name: 'crm/search', description: 'Search the CRM (legacy path)', inputSchema: object({}) },
  { name: 'fail', description: 'Always fails with isError', inputSchema: object({}) },
  { name: 'slow', description: 'Waits until cancelled', inputSchema: object({}) },
  { name: 'picture', description: 'Returns an image and a link', inputSchema: object({}) },
  {
    name: 'big',
    description: 'Returns a long text',
    inputSchema: object({ size: { type: 'integer' } }, ['size']),
  },
  { name: 'crash', description: 'Exits the server process', inputSchema: object({}) },
  { name: 'pid', description: 'The server process id', inputSchema: object({}) },
  { name: 'add_tool', description: 'Adds the tool "late.tool"', inputSchema: object({}) },
  {
    name: 'events',
    description: 'The events seen so far; with waitFor, first waits (≤10 s) for one of that kind',
    inputSchema: object({ waitFor: { type: 'string', enum: ['called', 'cancelled'] } }),
  },
];

const text = (value: string): CallToolResult => ({ content: [{ type: 'text', text: value }] });

/** Builds one MCP server (one per connection or HTTP session) over a shared state. */
export function createFixtureServer(state: FixtureState): Server {
  const server = new Server(
    { name: 'fixture', version: '1.0.0' },
    { capabilities: { tools: { listChanged: true } } },
  );
  const record = (event: FixtureEvent): void => {
    state.events.push(event);
    for (const wake of state.waiters.splice(0)) wake();
  };
  server.setRequestHandler('tools/list', () => ({ tools: [...fixtureTools, ...state.extraTools] }));
  server.setRequestHandler('tools/call', async (request, ctx) => {
    const { name } = request.params;
    const args = (request.params.arguments ?? {}) as Record<string, unknown>;
    if (name !== 'events') record({ kind: 'called', name, arguments: args, meta: request.params._meta });
    switch (name) {
      case 'echo':
        return text(`echo: ${String(args.text)}`);
      case 'crm.search': {
        const results = [{ id: 1, name: `match for ${String(args.query)}` }];
        return {
          content: [{ type: 'text', text: JSON.stringify({ results }) }],
          structuredContent: { results },
        };
      }
      case 'crm/search':
        return text('legacy search');
      case 'fail':
        return { isError: true, content: [{ type: 'text', text: 'record 42 is locked' }] };
      case 'slow':
        return new Promise<CallToolResult>((resolve) => {
          const signal = ctx.mcpReq.signal;
          // Bounded: answers after 60 s if nobody cancels.
          const timer = setTimeout(() => resolve(text('slow finished')), 60_000);
          signal.addEventListener('abort', () => {
            clearTimeout(timer);
            record({ kind: 'cancelled', name, reason: String(signal.reason) });
            resolve(text('cancelled'));
          });
        });
      case 'picture':
        return {
          content: [
            { type: 'text', text: 'A chart:' },
            { type: 'image', data: Buffer.from('png-bytes').toString('base64'), mimeType: 'image/png' },
            {
              type: 'resource_link',
              uri: 'file:///reports/q3.pdf',
              name: 'q3.pdf',
              mimeType: 'application/pdf',
            },
            { type: 'resource', resource: { uri: 'memo://1', mimeType: 'text/plain', text: 'memo text' } },
          ],
        };
      case 'big':
        return text('x'.repeat(Number(args.size)));
      case 'crash':
        return process.exit(3);
      case 'pid':
        return text(String(process.pid));
      case 'add_tool':
        state.extraTools.push({ name: 'late.tool', description: 'Added later', inputSchema: object({}) });
        state.onToolsChanged();
        return text('added');
      case 'explode':
        throw new ProtocolError(ProtocolErrorCode.InvalidParams, 'the fixture refuses this call');
      case 'late.tool':
        return text('late');
      case 'events': {
        const kind = args.waitFor;
        if (typeof kind === 'string') await waitForEvent(state, kind, 10_000);
        return text(JSON.stringify(state.events));
      }
      default:
        return { isError: true, content: [{ type: 'text', text: `unknown tool ${name}` }] };
    }
  });
  return server;
}

/** Resolves when an event of `kind` has been recorded, or after `limitMs`. */
export async function waitForEvent(state: FixtureState, kind: string, limitMs: number): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!state.events.some((event) => event.kind === kind) && Date.now() < deadline) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, deadline - Date.now());
      state.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
