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
}
