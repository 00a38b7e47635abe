import type { Logger } from 'pino';
import type { Dispatcher } from 'undici';
import type { Limiter } from '../http/limiter.js';
import type { RetryPolicy } from '../http/retry-policy.js';
import type { ResolvedClientOptions } from './client-options.js';

/** What every request of one client shares: options, pool, limiter, policy, logger. */
export interface ClientContext {
  options: ResolvedClientOptions;
  dispatcher: Dispatcher;
  limiter: Limiter;
  policy: RetryPolicy;
  logger: Logger;
  /** Strings to redact from anything leaving the client (the API key). */
  secrets: readonly string[];
}
