import type { Logger } from 'pino';
import { Pool } from 'undici';
import type { RetryPolicy } from '../http/retry-policy.js';
import { redactSecrets } from '../log/redact-secrets.js';
import type { ModelTable } from '../models/model-table.js';
import type { ResponseRequest } from '../protocol/request.js';
import type { Response } from '../protocol/response.js';
import { checkNodeVersion } from '../runtime/check-node-version.js';
import { type ClientOptions, resolveClientOptions } from './client-options.js';
import { createClientContext } from './create-client-context.js';
import { createResponse } from './create-response.js';
import { eventSource } from './event-source.js';
import { prepareRequest } from './request-call.js';
import type { RequestOptions } from './request-options.js';
import { ResponseStream } from './response-stream.js';

/** A client for MiMo's `POST /v1/responses`. */
export interface MimoClient {
  /** One non-streaming request → the typed `Response`. */
  create(body: ResponseRequest, options?: RequestOptions): Promise<Response>;
  /** One streaming request → a `ResponseStream` of typed events. Refused parameters throw here, before sending. */
  stream(body: ResponseRequest, options?: RequestOptions): ResponseStream;
  /** The client's retry policy, reused by the runner to resend whole turns. */
  readonly retry: RetryPolicy;
  /** The client's pino logger (silent by default). */
  readonly logger: Logger;
  /** Removes this client's API key and key-shaped text from `text` (the rules of its logs), e.g. before tracing it. */
  redact(text: string): string;
  /** The base URL requests go to (without any `user:password@`). */
  readonly baseURL: string;
  /** The client's model table: built-in MiMo models plus `options.models` (limits, capabilities, prices). */
  readonly models: ModelTable;
  /** Close the connection pool (a custom `dispatcher` is left open) and drop queued requests; a body still draining after its terminal event is given at most `timeouts.drainMs`. */
  close(): Promise<void>;
}

/** Connections the client's own pool has beyond `maxConcurrency` (at most `maxConcurrency` of them), for bodies still draining. */
const SPARE_CONNECTIONS = 8;

/** Set once the runtime passed {@link checkNodeVersion}: it is checked at the first client only. */
let runtimeChecked = false;

/**
 * Create a client. Options are checked now: a bad one throws `ConfigError` naming the field.
 * @example
 * const client = createClient({ maxRetries: 3, timeouts: { idleMs: 120_000 } }); // key from MIMO_API_KEY
 * const response = await client.create({ model: 'mimo-v2.6-pro', input: 'Hello' });
 */
export function createClient(options: ClientOptions = {}): MimoClient {
  if (!runtimeChecked) {
    checkNodeVersion(globalThis.process?.versions?.node);
    runtimeChecked = true;
  }
  const resolved = resolveClientOptions(options);
  const ownPool =
    options.dispatcher === undefined
      ? new Pool(new URL(resolved.baseURL).origin, {
          // A few connections beyond the limiter's slots: a connection still draining a finished body
          // (a gateway that holds it open, up to timeouts.drainMs) does not make the next request wait
          // for it. Only a few: at 10,000 slots, twice as many would make undici open a new socket
          // for many a request whose previous body ends a moment later (measured: +20% CPU, +3 KiB
          // per run in flight in benchmark 4).
          connections: resolved.maxConcurrency + Math.min(resolved.maxConcurrency, SPARE_CONNECTIONS),
          connect: { timeout: resolved.timeouts.connectMs },
          headersTimeout: 0,
          bodyTimeout: 0,
        })
      : undefined;
  const context = createClientContext(options, resolved, options.dispatcher ?? (ownPool as Pool));
  return {
    create: (body, requestOptions) => createResponse(context, body, requestOptions),
    stream(body, requestOptions = {}) {
      const prepared = prepareRequest(body, requestOptions, true, resolved.models);
      return new ResponseStream(
        // The stream's abort is the call's (it follows `requestOptions.signal`).
        (abort) => eventSource(context, prepared, requestOptions, abort),
        requestOptions.signal,
      );
    },
    retry: context.policy,
    logger: context.logger,
    redact: (text) => redactSecrets(text, context.secrets),
    baseURL: resolved.publicBaseURL,
    models: resolved.models,
    async close() {
      context.limiter.clear();
      await ownPool?.close();
    },
  };
}
