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
