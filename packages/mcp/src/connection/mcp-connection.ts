import type { AnyTool } from '@mimo-agents/tools';
import {
  type CallToolResult,
  Client,
  type Tool as McpTool,
  ProtocolError,
  type Transport,
} from '@modelcontextprotocol/client';
import { McpError } from '../errors/mcp-error.js';
import { mapToolNames, type ToolNameMap } from '../names/map-tool-names.js';
import { toAgentTools } from '../tools/to-agent-tools.js';
import { trackChild, untrackChild } from './child-reaper.js';
import { createTransport } from './create-transport.js';
import { isSessionExpired } from './is-session-expired.js';
import type { ConnectMcpServerOptions } from './mcp-server-options.js';
import { type ResolvedOptions, resolveOptions } from './resolve-options.js';

/** The `_meta` key carrying `ctx.idempotencyKey` on every `tools/call`, so a server can deduplicate. */
export const IDEMPOTENCY_META_KEY = 'dev.mimo-agents/idempotency-key';
/** The `_meta` key carrying `ctx.attempt` (1 on the first execution of a call). */
export const ATTEMPT_META_KEY = 'dev.mimo-agents/attempt';

/** Options of one `McpConnection.callTool()`. */
export interface McpCallOptions {
  /** Cancels the call; the server receives MCP cancellation. */
  signal?: AbortSignal;
  /** Time limit in milliseconds (default: the connection's `timeoutMs`). */
  timeoutMs?: number;
  /** Sent as `_meta[IDEMPOTENCY_META_KEY]`. */
  idempotencyKey?: string;
  /** Sent as `_meta[ATTEMPT_META_KEY]`. */
  attempt?: number;
}

interface Session {
  client: Client;
  transport: Transport;
  pid: number | undefined;
}

interface Listing {
  tools: AnyTool[];
  names: ToolNameMap;
}

/**
 * A live connection to one MCP server. Sessions are opened on demand: an expired Streamable HTTP
 * session is re-initialised (and the request retried once), and a stdio server that exited is
 * restarted on the next call. Close it when done; stdio children are also killed if the host exits.
 */
export class McpConnection {
  /** The server's name as given. */
  readonly name: string;
  readonly #options: ResolvedOptions;
  #session: Session | undefined;
  #opening: Promise<Session> | undefined;
  #listing: Promise<Listing> | undefined;
  #names: ToolNameMap | undefined;
  #generation = 0;
  #closed = false;
  #sessionsOpened = 0;

  private constructor(options: ResolvedOptions) {
    this.name = options.name;
    this.#options = options;
  }

  /** Opens a connection (validating the options and starting the first session). */
  static async open(options: ConnectMcpServerOptions): Promise<McpConnection> {
    const connection = new McpConnection(resolveOptions(options));
    await connection.#ensureSession();
    return connection;
  }

  /** How many sessions were opened so far (1 + reconnects and restarts). */
  get sessionsOpened(): number {
    return this.#sessionsOpened;
  }

  /**
   * The server's tools as agent tools, listed once and cached until the server sends
   * `notifications/tools/list_changed`. Names are mapped to ones MiMo accepts (see `functionName()`).
   */
  async tools(): Promise<AnyTool[]> {
    const listing = await this.#list();
    return [...listing.tools];
  }

  /** The function name the model sees for an MCP tool name (after `tools()` has listed). */
  functionName(mcpName: string): string | undefined {
    return this.#names?.toFunction.get(mcpName);
  }

  /** The MCP tool name behind a function name (after `tools()` has listed). */
  mcpName(functionName: string): string | undefined {
    return this.#names?.toMcp.get(functionName);
  }

  /** Calls a tool by its MCP name and returns the raw MCP result (`isError` results are returned, not thrown). */
  async callTool(
    name: string,
    args: Record<string, unknown>,
    options: McpCallOptions = {},
  ): Promise<CallToolResult> {
    const timeout = options.timeoutMs ?? this.#options.timeoutMs;
    const meta: Record<string, unknown> = {};
    if (options.idempotencyKey !== undefined) meta[IDEMPOTENCY_META_KEY] = options.idempotencyKey;
    if (options.attempt !== undefined) meta[ATTEMPT_META_KEY] = options.attempt;
    const params = { name, arguments: args, ...(Object.keys(meta).length > 0 ? { _meta: meta } : {}) };
    try {
      return await this.#withSession((client) =>
        client.callTool(params, {
          timeout,
          ...(options.signal === undefined ? {} : { signal: options.signal }),
        }),
      );
    } catch (error) {
      if (error instanceof McpError) throw error;
      throw new McpError(
        {
          code: 'mcp_call_failed',
          server: this.name,
          tool: name,
          // The server answered with a JSON-RPC error (e.g. unknown tool): the same call fails again.
          retryable: !(error instanceof ProtocolError),
          message: `MCP server "${this.name}" could not run tool "${name}": ${messageOf(error)}.`,
        },
        { cause: error },
      );
    }
  }

  /** Closes the session (ending a stdio child, terminating an HTTP session). Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const session = this.#session ?? (await this.#opening?.catch(() => undefined));
    this.#session = undefined;
    if (session !== undefined) await this.#closeSession(session, true);
  }

  /** `await using connection = await connectMcpServer(…)` closes it at the end of the scope. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  async #list(): Promise<Listing> {
    if (this.#listing !== undefined) return this.#listing;
    const generation = this.#generation;
    const listing = this.#withSession((client) =>
      client.listTools(undefined, { timeout: this.#options.connectTimeoutMs, cacheMode: 'bypass' }),
    ).then(({ tools }) => this.#build(tools));
    this.#listing = listing;
    listing.then(
      (value) => {
        if (this.#generation === generation) this.#names = value.names;
        else if (this.#listing === listing) this.#listing = undefined;
      },
      () => {
        if (this.#listing === listing) this.#listing = undefined;
      },
    );
    return listing;
  }

  #build(listed: McpTool[]): Listing {
    const names = mapToolNames({ names: listed.map((tool) => tool.name), prefix: this.#options.prefix });
    const tools = toAgentTools({
      listed,
      names,
      options: this.#options,
      call: (name, args, ctx) =>
        this.callTool(name, args, {
          signal: ctx.signal,
          idempotencyKey: ctx.idempotencyKey,
          attempt: ctx.attempt,
        }),
    });
    return { tools, names };
  }

  #invalidate(): void {
    this.#generation += 1;
    this.#listing = undefined;
    this.#options.onToolsChanged?.();
  }

  async #withSession<T>(fn: (client: Client) => Promise<T>): Promise<T> {
    const session = await this.#ensureSession();
    try {
      return await fn(session.client);
    } catch (error) {
      // The server forgot the session (HTTP 404): it never saw this request, so one retry is safe.
      if (this.#options.transport.type !== 'http' || !isSessionExpired(error) || this.#closed) throw error;
      this.#drop(session);
      const fresh = await this.#ensureSession();
      return fn(fresh.client);
    }
  }

  async #ensureSession(): Promise<Session> {
    if (this.#closed) {
      throw new McpError({
        code: 'mcp_closed',
        server: this.name,
        message: `MCP server "${this.name}": the connection was closed. Fix: connect again with connectMcpServer().`,
      });
    }
    if (this.#session !== undefined) return this.#session;
    this.#opening ??= this.#openSession().finally(() => {
      this.#opening = undefined;
    });
    return this.#opening;
  }

  async #openSession(): Promise<Session> {
    const restart = this.#sessionsOpened > 0;
    const client = new Client(
      { name: 'mimo-agents', version: '0.1.0' },
      {
        listChanged: { tools: { autoRefresh: false, debounceMs: 0, onChanged: () => this.#invalidate() } },
      },
    );
    const transport = createTransport(this.name, this.#options.transport);
    const session: Session = { client, transport, pid: undefined };
    try {
      await client.connect(transport, { timeout: this.#options.connectTimeoutMs });
    } catch (error) {
      await client.close().catch(() => {});
      throw new McpError(
        {
          code: 'mcp_connect_failed',
          server: this.name,
          retryable: true,
          message: `MCP server "${this.name}" could not be ${restart ? 'restarted' : 'reached'} (${messageOf(error)}). Fix: ${this.#fixHint()}`,
        },
        { cause: error },
      );
    }
    const pid = 'pid' in transport && typeof transport.pid === 'number' ? transport.pid : undefined;
    if (pid !== undefined) {
      session.pid = pid;
      trackChild(pid);
    }
    client.onclose = () => this.#drop(session);
    this.#sessionsOpened += 1;
    if (this.#closed) {
      await this.#closeSession(session, false);
      return this.#ensureSession();
    }
    this.#session = session;
    return session;
  }

  /** Forgets a session that ended (child exited, session expired); the next call opens a new one. */
  #drop(session: Session): void {
    if (this.#session === session) this.#session = undefined;
    if (session.pid !== undefined) untrackChild(session.pid);
    session.client.onclose = () => {};
    void session.client.close().catch(() => {});
  }

  async #closeSession(session: Session, terminate: boolean): Promise<void> {
    session.client.onclose = () => {};
    const { transport } = session;
    if (terminate && 'terminateSession' in transport && typeof transport.terminateSession === 'function') {
      // Best effort: tells an HTTP server to free the session now rather than when it times out.
      await (transport.terminateSession as () => Promise<void>).call(transport).catch(() => {});
    }
    await session.client.close().catch(() => {});
    if (session.pid !== undefined) untrackChild(session.pid);
  }

  #fixHint(): string {
    const { transport } = this.#options;
    return transport.type === 'stdio'
      ? `check that transport.command "${transport.command}" starts an MCP server on stdio (run it by hand to see its errors).`
      : `check transport.url ${String(transport.url)} and transport.headers (authentication), and that the server is up.`;
  }
}

/**
 * Connects to an MCP server over stdio or Streamable HTTP and returns the connection; get the
 * agent tools with `await connection.tools()`.
 * @example
 * const crm = await connectMcpServer({ name: 'crm', transport: { type: 'stdio', command: 'node', args: ['crm-server.js'] } });
 * const agent: Agent = { name: 'sales', model: 'mimo-v2.6-pro', instructions: '…', tools: await crm.tools() };
 * // … run the agent …
 * await crm.close();
 */
export function connectMcpServer(options: ConnectMcpServerOptions): Promise<McpConnection> {
  return McpConnection.open(options);
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : String(error);
}
