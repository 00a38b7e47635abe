import { ConnectionError } from '../errors/connection-error.js';
import { guardRequest } from '../guard/request-guard.js';
import { withRetries } from '../http/with-retries.js';
import { redactError } from '../log/redact-secrets.js';
import type { ModelTable } from '../models/model-table.js';
import type { ResponseRequest } from '../protocol/request.js';
import { isTerminalEvent, type ResponseStreamEvent } from '../protocol/stream-events.js';
import { EventReader } from '../sse/event-reader.js';
import { type ClientContext, openAttempt, startCall } from './client-context.js';
import { type RequestOptions, requestMaxRetries } from './request-options.js';

/** A guarded, serialised streaming request, ready to send. */
export interface PreparedStream {
  json: string;
  model: unknown;
  /** The request's own retry budget, when it overrides the client's. */
  maxRetries: number | undefined;
}

/** Guard and serialise a streaming request (throws before anything is sent). */
export function prepareStream(
  body: ResponseRequest,
  options: RequestOptions,
  models?: ModelTable,
): PreparedStream {
  const wire = guardRequest(body, { stream: true, extraBody: options.extraBody, models });
  return { json: JSON.stringify(wire), model: wire.model, maxRetries: requestMaxRetries(options) };
}

/**
 * The events of one streamed response. Failures before the first event are retried here; after
 * it they are thrown (typed, `retryable`) so a consumer never sees an event twice. Reading stops
 * at the terminal event and the connection is dropped; nothing waits for the socket to close.
 */
export async function* streamResponse(
  context: ClientContext,
  prepared: PreparedStream,
  options: RequestOptions & { signal: AbortSignal },
): AsyncGenerator<ResponseStreamEvent, void, undefined> {
  const call = startCall(context, [options.signal]);
  let reader: EventReader | undefined;
  try {
    const first = await withRetries({
      policy: context.policy,
      limiter: context.limiter,
      logger: context.logger,
      signal: call.signal,
      onRetry: options.onRetry,
      maxRetries: prepared.maxRetries,
      run: async (attempt) => {
        const sentAt = Date.now();
        const open = await openAttempt(context, {
          body: prepared.json,
          stream: true,
          model: prepared.model,
          attempt,
          signal: call.signal,
        });
        const candidate = new EventReader(open, context.secrets);
        try {
          const event = await candidate.next();
          if (event === undefined)
            throw new ConnectionError('The stream ended before any event. Retried automatically.');
          return { reader: candidate, event, attempt, sentAt, open };
        } catch (error) {
          candidate.close();
          throw error;
        }
      },
    });
    reader = first.reader;
    let event: ResponseStreamEvent = first.event;
    for (;;) {
      yield event;
      if (isTerminalEvent(event)) {
        const usage = 'response' in event ? event.response.usage : undefined;
        context.logger.info(
          {
            status: first.open.status,
            ms: Date.now() - first.sentAt,
            attempt: first.attempt,
            requestId: first.open.requestId,
            usage,
            terminal: event.type,
          },
          'mimo response done',
        );
        return;
      }
      const next = reader.buffered() ?? (await reader.next());
      if (next === undefined) {
        throw new ConnectionError(
          'The stream ended before its terminal event (response.completed / response.incomplete). Retryable: resend the whole turn.',
        );
      }
      event = next;
    }
  } catch (error) {
    redactError(error, context.secrets);
    context.logger.warn({ err: error }, 'mimo stream failed');
    throw error;
  } finally {
    reader?.close();
    call.dispose();
  }
}
