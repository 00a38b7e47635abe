import { classifyApiError } from '../http/classify-api-error.js';
import { type OpenResponse, sendRequest } from '../http/send-request.js';
import { acquireSlot } from './acquire-slot.js';
import type { ClientContext } from './client-context.js';

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
  /** Called once the attempt holds its limiter slot (arms the total deadline). */
  onSlot?: () => void;
}

/**
 * Take a limiter slot and send one attempt. The slot is held until the returned response is
 * closed (a stream is in flight until its terminal event).
 */
export async function openAttempt(
  context: ClientContext,
  options: OpenAttemptOptions,
): Promise<OpenResponse> {
  const release = await acquireSlot(context, options.signal);
  options.onSlot?.();
  const { timeouts, baseURL, publicBaseURL, limits } = context.options;
  context.logger.info(
    {
      attempt: options.attempt,
      stream: options.stream,
      model: options.model,
      url: `${publicBaseURL}/responses`,
    },
    'mimo request sent',
  );
  let open: OpenResponse;
  try {
    open = await sendRequest({
      dispatcher: context.dispatcher,
      baseURL,
      publicBaseURL,
      maxErrorBodyBytes: limits.maxErrorBodyBytes,
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
