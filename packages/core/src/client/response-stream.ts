import { AbortError } from '../errors/abort-error.js';
import { ApiError } from '../errors/api-error.js';
import { ConnectionError } from '../errors/connection-error.js';
import { isMimoError, MimoError } from '../errors/mimo-error.js';
import { followSignal } from '../http/follow-signals.js';
import { clipText } from '../log/clip-text.js';
import type { Response } from '../protocol/response.js';
import {
  isTerminalEvent,
  type ResponseStreamEvent,
  type TerminalStreamEvent,
} from '../protocol/stream-events.js';
import type { BufferedEvents } from './event-source.js';

/** Produces the events of one response, honouring `signal`. */
export type StreamSource = (signal: AbortSignal) => AsyncIterable<ResponseStreamEvent>;

function settleTerminal(event: TerminalStreamEvent): Response | ApiError {
  switch (event.type) {
    case 'response.completed':
    case 'response.incomplete':
      return event.response;
    case 'response.failed': {
      const error = event.response.error;
      return new ApiError(
        {
          status: 200,
          serverCode: error?.code,
          serverMessage: error?.message,
          message: `The response failed in the stream: ${clipText(String(error?.message ?? 'no reason given'))}${error?.code ? ` (${clipText(String(error.code), 100)})` : ''}. Fix: retry later; a run can continue from the error's partial history.`,
        },
        { code: 'response_failed', retryable: false },
      );
    }
    case 'error':
      return new ApiError(
        {
          status: 200,
          serverCode: event.code ?? undefined,
          serverMessage: event.message,
          param: event.param ?? undefined,
          message: `The server sent an error event: ${clipText(event.message)}${event.param ? `: ${clipText(event.param)}` : ''}${event.code ? ` (${clipText(event.code, 100)})` : ''}. Fix: check the request the event names; retry later if it is a server fault.`,
        },
        { code: 'stream_error_event', retryable: false },
      );
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
}

/**
 * The events of one streamed response: consume with `for await`, then `finalResponse()`.
 * Leaving the loop early (break, throw) aborts the HTTP request.
 * @example
 * const stream = client.stream({ model: 'mimo-v2.6-pro', input: 'Hi' });
 * for await (const event of stream) if (event.type === 'response.output_text.delta') process.stdout.write(event.delta);
 * const response = await stream.finalResponse();
 */
export class ResponseStream implements AsyncIterable<ResponseStreamEvent> {
  readonly #controller = new AbortController();
  readonly #callerSignal: AbortSignal | undefined;
  readonly #source: StreamSource;
  readonly #final: Promise<Response>;
  #resolve!: (response: Response) => void;
  #reject!: (error: unknown) => void;
  #started = false;
  #settled = false;

  constructor(source: StreamSource, signal?: AbortSignal) {
    this.#source = source;
    this.#callerSignal = signal;
    this.#final = new Promise<Response>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    // Nobody may ever ask for the final response; its rejection must not crash the process.
    this.#final.catch(() => undefined);
  }

  /**
   * Iterate the events once; stops after the terminal event. A hand-written iterator over the
   * source's (not a generator wrapping it): one promise per event instead of a generator's hop.
   */
  [Symbol.asyncIterator](): AsyncIterableIterator<ResponseStreamEvent, void, undefined> {
    let inner: AsyncIterator<ResponseStreamEvent> | undefined;
    let finished = false;
    let unfollow: (() => void) | undefined;
    const done: IteratorResult<ResponseStreamEvent, void> = { done: true, value: undefined };
    const end = (): void => {
      finished = true;
      unfollow?.();
    };
    const onEvent = (
      result: IteratorResult<ResponseStreamEvent>,
    ): IteratorResult<ResponseStreamEvent, void> => {
      if (result.done === true) {
        if (!this.#settled)
          this.#settle(new ConnectionError({ message: 'The stream ended before its terminal event.' }));
        end();
        return done;
      }
      if (isTerminalEvent(result.value)) this.#settle(settleTerminal(result.value));
      return result;
    };
    const onError = (error: unknown): never => {
      this.#settle(
        isMimoError(error) ? error : new ConnectionError({ message: 'The stream failed.' }, { cause: error }),
      );
      end();
      throw error;
    };
    const iterator: AsyncIterableIterator<ResponseStreamEvent, void, undefined> = {
      next: () => {
        if (finished) return Promise.resolve(done);
        if (inner === undefined) {
          if (this.#started) {
            finished = true;
            return Promise.reject(
              new MimoError(
                'stream_consumed',
                'This ResponseStream is already being read. Fix: iterate it once, or call finalResponse().',
              ),
            );
          }
          this.#started = true;
          // The caller's signal is followed only while the stream is read, so a long-lived one (a whole
          // run's) collects no listeners; an already aborted one aborts at once.
          unfollow = followSignal(this.#controller, this.#callerSignal);
          try {
            inner = this.#source(this.#controller.signal)[Symbol.asyncIterator]();
          } catch (error) {
            return Promise.reject(error).catch(onError);
          }
        }
        // What is already decoded goes out with one resolved promise, not a `then` on the source's.
        const buffered = inner as Partial<BufferedEvents>;
        if (buffered.takeBuffered !== undefined) {
          let taken: IteratorResult<ResponseStreamEvent> | undefined;
          try {
            taken = buffered.takeBuffered();
          } catch (error) {
            return Promise.reject(error).catch(onError);
          }
          if (taken !== undefined) return Promise.resolve(onEvent(taken));
        }
        return inner.next().then(onEvent, onError);
      },
      return: async () => {
        if (finished || inner === undefined) {
          finished = true;
          return done;
        }
        finished = true;
        try {
          await inner.return?.();
        } finally {
          if (!this.#settled) {
            // The consumer left the loop before the end: drop the request so the server sees it closed.
            this.#controller.abort(new AbortError({ message: 'The consumer stopped reading the stream.' }));
            this.#settle(
              new AbortError({
                message: 'The stream was closed before its terminal event (the consumer stopped reading).',
              }),
            );
          }
          unfollow?.();
        }
        return done;
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  /** The final response (consumes the rest of the stream if needed); rejects with the stream's error. */
  async finalResponse(): Promise<Response> {
    if (!this.#started) {
      for await (const _event of this) {
        // Drain: the final response comes from the terminal event.
      }
    }
    return this.#final;
  }

  /** Abort the request; a pending read rejects with `AbortError`. */
  abort(reason?: unknown): void {
    this.#controller.abort(
      isMimoError(reason)
        ? reason
        : new AbortError({ message: 'The stream was aborted.' }, { cause: reason }),
    );
  }

  #settle(outcome: Response | MimoError): void {
    if (this.#settled) return;
    this.#settled = true;
    if (isMimoError(outcome)) this.#reject(outcome);
    else this.#resolve(outcome);
  }
}
