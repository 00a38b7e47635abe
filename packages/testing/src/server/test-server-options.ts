import type { StreamingOptions } from '../reply/reply-spec.js';

/**
 * Options of `startTestServer()`.
 * @example
 * const server = await startTestServer({ strict: true, streaming: { deltaSize: 1 } });
 */
export interface TestServerOptions {
  /** The key clients must send (`api-key` or `Authorization: Bearer`). Default: a random `sk-test-…`. */
  apiKey?: string;
  /** Port on 127.0.0.1. Default: 0 (any free port). */
  port?: number;
  /** Host to bind. Default: `127.0.0.1`. */
  host?: string;
  /**
   * Listen backlog: connections the kernel queues before the server accepts them (capped by the
   * system's `net.core.somaxconn`). Many clients connecting at once (a load test) need more than the
   * default, or their connections time out or are reset. Default: 511 (Node's).
   */
  backlog?: number;
  /**
   * How long the server keeps an idle keep-alive connection open, in ms. A load test whose clients
   * may leave a connection idle for longer (while their CPU is busy) sets it above their own idle
   * timeout, so the client closes first and never sends a request on a connection the server is
   * closing ("other side closed"). Default: 5000 (Node's).
   */
  keepAliveTimeoutMs?: number;
  /**
   * Keep every request in `calls` (with its body and answer) and serve `callSettled()`. A load test
   * of tens of thousands of requests sets it to false, so the server's memory stays flat; `calls` then
   * stays empty. Default: true.
   */
  recordCalls?: boolean;
  /** Refuse unknown parameters and replayed reasoning `summary` with 400 instead of filtering. Default: false. */
  strict?: boolean;
  /** Default streaming settings for every reply. */
  streaming?: StreamingOptions;
  /** Answer with the demo model when the script is empty. Default: true until something is queued. */
  demoModel?: boolean;
  /** Whether thinking is on when a request has no `reasoning.effort` (MiMo: on). Default: true. */
  thinkingDefault?: boolean;
  /** Enforce MiMo's reasoning pass-back rule. Default: true. */
  reasoningPassBack?: boolean;
  /**
   * Context window in tokens; a request over it gets MiMo's 400. The input is estimated as its
   * characters (input, instructions, tools; media payloads left out) / 4, plus `max_output_tokens`.
   * Default: 1 048 576 (MiMo V2.6).
   */
  contextWindow?: number;
  /**
   * Models whose requests may carry `text.format: { type: 'json_schema', … }` (as a model table entry
   * with `jsonSchema: true` says). Default: none, as on MiMo (400 `responses_feature_not_supported`).
   */
  jsonSchemaModels?: readonly string[];
  /** Models listed by `GET /v1/models`. Default: MiMo V2.6's three. Other names are still served. */
  models?: readonly string[];
  /** Model names refused as retired. Default: `mimo-v2.5-pro`, `mimo-v2.5`, `mimo-v2-pro`, `mimo-v2-flash`. */
  retiredModels?: readonly string[];
  /** How a retired model is refused: 400 "Not supported model" (default) or 404 with a migrate hint (both seen). */
  retiredModelStatus?: 400 | 404;
}
