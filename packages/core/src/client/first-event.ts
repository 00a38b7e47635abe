import { ConnectionError } from '../errors/connection-error.js';
import type { OpenResponse } from '../http/send-request.js';
import type { ResponseStreamEvent } from '../protocol/stream-events.js';
import type { EventReader, EventSink } from '../sse/event-reader.js';
import type { AttemptTarget } from './request-call.js';

/** The first attempt that delivered an event: its reader and that event. */
export interface OpenedStream {
  reader: EventReader;
  event: ResponseStreamEvent;
}

/** Waits for an attempt's first event: tells the target it and its reader, or the error (the reader closed). */
export class FirstEvent implements EventSink {
  readonly #open: OpenResponse;
  readonly #reader: EventReader;
  readonly #into: AttemptTarget<OpenedStream>;

  constructor(open: OpenResponse, reader: EventReader, into: AttemptTarget<OpenedStream>) {
    this.#open = open;
    this.#reader = reader;
    this.#into = into;
  }

  eventsReady(): void {
    const reader = this.#reader;
    let event: ResponseStreamEvent | undefined;
    try {
      event = reader.buffered();
    } catch (error) {
      reader.close();
      this.#into.attemptFailed(error);
      return;
    }
    if (event === undefined) {
      reader.close();
      this.#into.attemptFailed(
        new ConnectionError({ message: 'The stream ended before any event. Retried automatically.' }),
      );
      return;
    }
    this.#into.attemptRead(this.#open, { reader, event });
  }

  eventsFailed(error: unknown): void {
    this.#reader.close();
    this.#into.attemptFailed(error);
  }
}
