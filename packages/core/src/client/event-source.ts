import { ConnectionError } from '../errors/connection-error.js';
import { isTerminalEvent, type ResponseStreamEvent } from '../protocol/stream-events.js';
import { EventReader } from '../sse/event-reader.js';
import type { ClientContext } from './client-context.js';
import { type PreparedRequest, startRequest } from './request-call.js';
import type { RequestOptions } from './request-options.js';

/**
 * The events of one streamed response (the source behind a `ResponseStream`). Failures before the
 * first event are retried here; after it they are thrown (typed, `retryable`) so a consumer never
 * sees an event twice. Reading stops at the terminal event; the end of the body is then read in
 * the background (bounded by `timeouts.drainMs`) so the connection can be reused; nothing waits for it.
 */
export async function* eventSource(
  context: ClientContext,
  prepared: PreparedRequest,
  options: RequestOptions & { signal: AbortSignal },
): AsyncGenerator<ResponseStreamEvent, void, undefined> {
  const request = startRequest(context, prepared, options);
  let reader: EventReader | undefined;
  try {
    const accepted = await request.accept(async (open) => {
      const { limits, timeouts } = context.options;
      const candidate = new EventReader(open, context.secrets, {
        maxEventBytes: limits.maxEventBytes,
        eventIdleMs: timeouts.eventIdleMs,
      });
      try {
        const event = await candidate.next();
        if (event === undefined)
          throw new ConnectionError({ message: 'The stream ended before any event. Retried automatically.' });
        return { reader: candidate, event };
      } catch (error) {
        candidate.close();
        throw error;
      }
    });
    reader = accepted.value.reader;
    let event: ResponseStreamEvent = accepted.value.event;
    for (;;) {
      if (isTerminalEvent(event)) {
        // The response is complete: the rest of the body is only its end, which may keep the connection.
        reader.finish();
        yield event;
        request.done(accepted, 'response' in event ? event.response.usage : undefined, event.type);
        return;
      }
      yield event;
      const next = reader.buffered() ?? (await reader.next());
      if (next === undefined) {
        throw new ConnectionError({
          message:
            'The stream ended before its terminal event (response.completed / response.incomplete). Retryable: resend the whole turn.',
        });
      }
      event = next;
    }
  } catch (error) {
    throw request.fail(error);
  } finally {
    reader?.close();
    request.dispose();
  }
}
