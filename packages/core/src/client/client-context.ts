import type { Logger } from 'pino';
import type { Dispatcher } from 'undici';
import { TimeoutError } from '../errors/timeout-error.js';
import { classifyApiError } from '../http/classify-api-error.js';
import { followSignals } from '../http/follow-signals.js';
import type { Limiter } from '../http/limiter.js';
import type { RetryPolicy } from '../http/retry-policy.js';
import { type OpenResponse, sendRequest } from '../http/send-request.js';
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

/** One call (all its attempts): its signal, which also fires at the total deadline. */
export interface Call {
  signal: AbortSignal;
  startedAt: number;
  /** Clear the total deadline and stop following the caller's signals; call once the call is over. */
  dispose(): void;
}

/** Start a call: follow the caller's signals and arm `timeouts.totalMs`; `dispose()` undoes both. */
export function startCall(context: ClientContext, signals: readonly (AbortSignal | undefined)[]): Call {
  const totalMs = context.options.timeouts.totalMs;
  const call = new AbortController();
  const timer = setTimeout(() => {
    call.abort(
      new TimeoutError(
        'total',
        totalMs,
        `The request did not finish within timeouts.totalMs (${totalMs} ms, retries included). Fix: raise timeouts.totalMs.`,
      ),
    );
  }, totalMs);
  const unfollow = followSignals(call, signals);
  return {
    signal: call.signal,
    startedAt: Date.now(),
    dispose: () => {
      clearTimeout(timer);
      unfollow();
    },
  };
}

function requestHeaders(context: ClientContext, stream: boolean): Record<string, string> {
  const { apiKey, authHeader, headers } = context.options;
  return {
    ...headers,
    'content-type': 'application/json',
    accept: stream ? 'text/event-stream' : 'application/json',
    ...(authHeader === 'bearer' ? { authorization: `Bearer ${apiKey}` } : { 'api-key': apiKey }),
  };
}

/** Options of {@link openAttempt}. */
export interface OpenAttemptOptions {
  body: string;
  stream: boolean;
  model: unknown;
  attempt: number;
  signal: AbortSignal;
}

/**
 * Take a limiter slot and send one attempt. The slot is held until the returned response is
 * closed (a stream is in flight until its terminal event).
 */
export async function openAttempt(
  context: ClientContext,
  options: OpenAttemptOptions,
): Promise<OpenResponse> {
  const release = await context.limiter.acquire(options.signal);
  const { timeouts, baseURL } = context.options;
  context.logger.info(
    { attempt: options.attempt, stream: options.stream, model: options.model, url: `${baseURL}/responses` },
    'mimo request sent',
  );
  let open: OpenResponse;
  try {
    open = await sendRequest({
      dispatcher: context.dispatcher,
      baseURL,
      headers: requestHeaders(context, options.stream),
      body: options.body,
      signal: options.signal,
      firstByteMs: timeouts.firstByteMs,
      idleMs: timeouts.idleMs,
      connectMs: timeouts.connectMs,
      secrets: context.secrets,
    });
  } catch (error) {
    release();
    // Read the body: a retired model or a 400 that is really MiMo's own outage gets its own type.
    const { models, retryable400Patterns } = context.options;
    throw classifyApiError(error, { model: options.model, models, retryable400Patterns });
  }
  return {
    ...open,
    close: () => {
      open.close();
      release();
    },
  };
}
