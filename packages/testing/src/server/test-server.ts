import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { ReplyScript } from '../reply/reply-script.js';
import { IdSource } from '../stream/id-source.js';
import { droppedByServer } from '../stream/write-event-stream.js';
import { answerError } from './answer-error.js';
import { EmittedTurns } from './emitted-turns.js';
import { invalidApiKey, paramIncorrect } from './error-bodies.js';
import { PromptCache } from './prompt-cache.js';
import { type RecordedCall, redactHeaders } from './recorded-call.js';
import { serveReply } from './serve-reply.js';
import {
  TEST_SERVER_CONTEXT_WINDOW,
  TEST_SERVER_MODELS,
  TEST_SERVER_RETIRED_MODELS,
} from './server-models.js';
import type { TestServerOptions } from './test-server-options.js';
import { validateRequest } from './validate-request.js';

/** Node's own default listen backlog: connections the kernel queues until the server accepts them. */
const DEFAULT_BACKLOG = 511;

/**
 * Starts a MiMo-compatible `/v1/responses` server on loopback.
 * @example
 * const server = await startTestServer();
 * server.reply.text('Hello');
 * const client = createClient({ baseURL: server.url, apiKey: server.apiKey });
 * // … then: expect(server.calls[0]?.body).toMatchObject({ model: 'mimo-v2.6-pro' }); await server.close();
 */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const server = new TestServer(options);
  await server.listen(options.port ?? 0, options.host ?? '127.0.0.1', options.backlog ?? DEFAULT_BACKLOG);
  return server;
}

/** A running test server: its base URL, key, recorded calls and reply script. */
export class TestServer {
  /** Base URL ending in `/v1` (set once listening). */
  url = '';
  /** The API key clients must send. */
  readonly apiKey: string;
  /** Every request received, in arrival order. */
  readonly calls: RecordedCall[] = [];
  /** The FIFO script of replies. */
  readonly reply = new ReplyScript();
  readonly #options: TestServerOptions;
  readonly #http: Server;
  readonly #sockets = new Set<Socket>();
  readonly #closing = new AbortController();
  readonly #ids = new IdSource();
  readonly #emitted = new EmittedTurns();
  readonly #promptCache = new PromptCache();
  readonly #settled = new Map<
    number,
    { promise: Promise<RecordedCall>; resolve: (call: RecordedCall) => void }
  >();
  #requests = 0;
  #connections = 0;
  #inFlight = 0;
  #maxInFlight = 0;

  constructor(options: TestServerOptions) {
    this.#options = options;
    this.apiKey = options.apiKey ?? `sk-test-${randomBytes(12).toString('hex')}`;
    this.#http = createServer((req, res) => {
      const call = this.#record(req);
      this.#track(res, call);
      this.#handle(req, res, call).catch((error: unknown) => {
        if (!res.headersSent) answerError({ res, call, status: 500, body: internal(error) });
        else res.destroy();
      });
    });
    if (options.keepAliveTimeoutMs !== undefined) this.#http.keepAliveTimeout = options.keepAliveTimeoutMs;
    this.#http.on('connection', (socket) => {
      this.#connections++;
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
    });
  }

  /** Starts listening (called by `startTestServer`). */
  listen(port: number, host: string, backlog = DEFAULT_BACKLOG): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#http.once('error', reject);
      this.#http.listen({ port, host, backlog }, () => {
        const { port: bound } = this.#http.address() as AddressInfo;
        this.url = `http://${host}:${bound}/v1`;
        resolve();
      });
    });
  }

  /** Requests received whose answer has not ended yet. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** Connections accepted since the start (a client that reuses its connections opens fewer than it sends requests). */
  get connections(): number {
    return this.#connections;
  }

  /** The most requests that were in flight at once (received, answer not yet ended) since the start. */
  get maxInFlight(): number {
    return this.#maxInFlight;
  }

  /** Resolves once the answer to call `index` has finished (ended, dropped, or closed by the client). */
  callSettled(index: number): Promise<RecordedCall> {
    if (!(this.#options.recordCalls ?? true))
      throw new Error(
        'callSettled() needs recorded calls. Fix: start the server without recordCalls: false.',
      );
    return this.#settledEntry(index).promise;
  }

  /** Stops the server, destroying open (also stalled) connections so tests end promptly. */
  close(): Promise<void> {
    this.#closing.abort();
    for (const socket of this.#sockets) socket.destroy();
    return new Promise((resolve) => this.#http.close(() => resolve()));
  }

  #settledEntry(index: number): { promise: Promise<RecordedCall>; resolve: (call: RecordedCall) => void } {
    let entry = this.#settled.get(index);
    if (entry === undefined) {
      let resolve: (call: RecordedCall) => void = () => {};
      const promise = new Promise<RecordedCall>((r) => {
        resolve = r;
      });
      entry = { promise, resolve };
      this.#settled.set(index, entry);
    }
    return entry;
  }

  /** Counts the request in flight until its answer ends, and stamps `finishedAt`. */
  #track(res: ServerResponse, call: RecordedCall): void {
    this.#inFlight++;
    this.#maxInFlight = Math.max(this.#maxInFlight, this.#inFlight);
    const ended = (): void => {
      if (call.finishedAt !== undefined) return;
      call.finishedAt = Date.now();
      this.#inFlight--;
    };
    // 'finish' fires when the last byte is handed to the socket, before the client can see it and
    // send its next request; 'close' covers drops, stalls and client aborts.
    res.once('finish', ended);
    res.once('close', ended);
  }

  #record(req: IncomingMessage): RecordedCall {
    const call: RecordedCall = {
      index: this.calls.length,
      method: req.method ?? 'GET',
      path: (req.url ?? '/').split('?')[0] ?? '/',
      body: undefined,
      headers: redactHeaders(req.headers),
      receivedAt: Date.now(),
      stream: false,
      faults: [],
      warnings: [],
      status: 0,
      clientAborted: false,
    };
    if (this.#options.recordCalls ?? true) this.calls.push(call);
    return call;
  }

  async #handle(req: IncomingMessage, res: ServerResponse, call: RecordedCall): Promise<void> {
    const settle = (this.#options.recordCalls ?? true) ? this.#settledEntry(call.index) : undefined;
    res.on('close', () => {
      const byServer = droppedByServer.has(res) || this.#closing.signal.aborted;
      if (!res.writableFinished && !byServer) call.clientAborted = true;
      settle?.resolve(call);
    });
    const raw = await readBody(req);
    let body: unknown;
    let parseError = false;
    try {
      body = raw === '' ? undefined : JSON.parse(raw);
    } catch {
      parseError = true;
    }
    call.body = body;
    call.rawBody = raw;
    call.stream = typeof body === 'object' && body !== null && (body as { stream?: unknown }).stream === true;
    res.setHeader('x-request-id', `req_${++this.#requests}`);
    if (call.method === 'GET' && call.path === '/v1/models') {
      if (!this.#authorised(req)) return answerError({ res, call, status: 401, body: invalidApiKey });
      return this.#listModels(res, call);
    }
    if (call.method !== 'POST' || call.path !== '/v1/responses') {
      return answerError({
        res,
        call,
        status: 404,
        body: { error: { code: '404', message: `No route ${call.path}`, type: '' } },
      });
    }
    if (!this.#authorised(req)) return answerError({ res, call, status: 401, body: invalidApiKey });
    if (parseError)
      return answerError({ res, call, status: 400, body: paramIncorrect('The body is not valid JSON.') });
    const result = validateRequest(body, {
      strict: this.#options.strict ?? false,
      reasoningPassBack: this.#options.reasoningPassBack ?? true,
      thinkingDefault: this.#options.thinkingDefault ?? true,
      emitted: this.#emitted,
      contextWindow: this.#options.contextWindow ?? TEST_SERVER_CONTEXT_WINDOW,
      retiredModels: this.#options.retiredModels ?? TEST_SERVER_RETIRED_MODELS,
      retiredModelStatus: this.#options.retiredModelStatus ?? 400,
      jsonSchemaModels: this.#options.jsonSchemaModels ?? [],
    });
    call.warnings.push(...result.warnings);
    if (result.type === 'rejected')
      return answerError({ res, call, status: result.status, body: result.body });
    await serveReply({
      res,
      call,
      request: result.request,
      script: this.reply,
      demoModel: this.#options.demoModel ?? !this.reply.used,
      thinkingDefault: this.#options.thinkingDefault ?? true,
      streaming: this.#options.streaming ?? {},
      ids: this.#ids,
      emitted: this.#emitted,
      promptCache: this.#promptCache,
      signal: this.#closing.signal,
    });
  }

  /** `GET /v1/models`, in the OpenAI list shape. */
  #listModels(res: ServerResponse, call: RecordedCall): void {
    const models = this.#options.models ?? TEST_SERVER_MODELS;
    call.status = 200;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        object: 'list',
        data: models.map((id) => ({ id, object: 'model', created: 1_790_000_000, owned_by: 'xiaomi' })),
      }),
    );
  }

  #authorised(req: IncomingMessage): boolean {
    const apiKey = req.headers['api-key'];
    if (apiKey === this.apiKey) return true;
    return req.headers.authorization === `Bearer ${this.apiKey}`;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function internal(error: unknown): unknown {
  const message = error instanceof Error ? error.message : String(error);
  return { error: { code: '500', message: 'Internal server error', param: message, type: '' } };
}
