import type { Logger } from 'pino';
import type { Limiter } from '../http/limiter.js';
import type { RetryPolicy } from '../http/retry-policy.js';
import type { HttpTarget } from '../http/send-request.js';
import type { ResolvedClientOptions } from './client-options.js';

/** What every request of one client shares: options, pool, limiter, policy, logger. */
export interface ClientContext {
  options: ResolvedClientOptions;
  /** Where requests go (pool, origin, path) and their per-attempt deadlines, resolved once. */
  http: HttpTarget;
  /** The request headers of a streamed and of a JSON request, built once (never mutated). */
  headers: { stream: Record<string, string>; json: Record<string, string> };
  limiter: Limiter;
  policy: RetryPolicy;
  logger: Logger;
  /** Strings to redact from anything leaving the client (the API key). */
  secrets: readonly string[];
}
