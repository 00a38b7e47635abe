import type { Dispatcher } from 'undici';
import { classifyApiError } from '../http/classify-api-error.js';
import { createLimiter } from '../http/limiter.js';
import { createRetryPolicy } from '../http/retry-policy.js';
import { createLogger } from '../log/create-logger.js';
import type { ClientContext } from './client-context.js';
import type { ClientOptions, ResolvedClientOptions } from './client-options.js';

/** What every request of a client shares (endpoint, headers, limiter, retry policy, logger, secrets), built once by `createClient`. */
export function createClientContext(
  options: ClientOptions,
  resolved: ResolvedClientOptions,
  dispatcher: Dispatcher,
): ClientContext {
  const secrets = [resolved.apiKey, ...resolved.urlSecrets];
  const endpoint = new URL(`${resolved.baseURL}/responses`);
  const { apiKey, authHeader, headers, timeouts } = resolved;
  const auth: Record<string, string> =
    authHeader === 'bearer' ? { authorization: `Bearer ${apiKey}` } : { 'api-key': apiKey };
  return {
    options: resolved,
    http: {
      dispatcher,
      // What undici's `request(url)` would parse on every call.
      origin: endpoint.origin,
      path: `${endpoint.pathname}${endpoint.search}`,
      publicBaseURL: resolved.publicBaseURL,
      publicOrigin: new URL(resolved.publicBaseURL).origin,
      maxErrorBodyBytes: resolved.limits.maxErrorBodyBytes,
      firstByteMs: timeouts.firstByteMs,
      idleMs: timeouts.idleMs,
      connectMs: timeouts.connectMs,
      drainMs: timeouts.drainMs,
      secrets,
      classifyError: (error, model) =>
        classifyApiError(error, {
          model,
          models: resolved.models,
          retryable400Patterns: resolved.retryable400Patterns,
        }),
    },
    // One object per kind, shared by every request: frozen, so a dispatcher or interceptor that
    // writes into a request's headers fails loudly instead of leaking into every later request.
    headers: {
      stream: Object.freeze({
        ...headers,
        'content-type': 'application/json',
        accept: 'text/event-stream',
        ...auth,
      }),
      json: Object.freeze({
        ...headers,
        'content-type': 'application/json',
        accept: 'application/json',
        ...auth,
      }),
    },
    limiter: createLimiter({
      maxConcurrency: resolved.maxConcurrency,
      requestsPerMinute: resolved.requestsPerMinute,
    }),
    policy: createRetryPolicy({
      maxRetries: resolved.maxRetries,
      baseDelayMs: resolved.baseDelayMs,
      maxDelayMs: resolved.maxDelayMs,
      maxRetryAfterMs: resolved.maxRetryAfterMs,
    }),
    logger: createLogger(options.logger, secrets),
    secrets,
  };
}
