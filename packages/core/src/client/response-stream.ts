import { AbortError } from '../errors/abort-error.js';
import { ApiError } from '../errors/api-error.js';
import { ConnectionError } from '../errors/connection-error.js';
import { isMimoError, MimoError } from '../errors/mimo-error.js';
import { CallAbort } from '../http/call-abort.js';
import { clipText } from '../log/clip-text.js';
import type { Response } from '../protocol/response.js';
import {
  isTerminalEvent,
  type ResponseStreamEvent,
  type TerminalStreamEvent,
} from '../protocol/stream-events.js';
import type { BufferedEvents } from './buffered-events.js';
import { EachRead, setStreamSteps } from './each-read.js';

/**
 * Produces the events of one response, honouring `abort` (the stream's own: it aborts when the stream
 * is aborted, its caller's signal aborts or its consumer stops reading). A source may abort it to end
 * the stream with a reason, e.g. a deadline of its own.
 */
export type StreamSource = (abort: CallAbort) => AsyncIterable<ResponseStreamEvent>;

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
  /** The stream's abort (a `CallAbort`, not an `AbortController`: one object, no `EventTarget` per request). */
  readonly #controller = new CallAbort();
  readonly #callerSignal: AbortSignal | undefined;
  /** Dropped once opened (a stream is read once): what it closes over is not kept while the request waits. */
  #source: StreamSource | undefined;
  /** How the stream ended, once it has (`#settled`). */
  #outcome: Response | MimoError | undefined;
  /** `finalResponse()`'s promise: made when first asked for (a stream read with `forEach` never needs one). */
  #final: Promise<Response> | undefined;
  #resolve: ((response: Response) => void) | undefined;
  #reject: ((error: unknown) => void) | undefined;
  #started = false;
  #settled = false;

  /** @internal Made by `client.stream()`; the source's signature is core's own and may change (a `CallAbort`, not an `AbortSignal`, since session 6). */
  constructor(source: StreamSource, signal?: AbortSignal) {
    this.#source = source;
    this.#callerSignal = signal;
  }

  static {
    // What `EachRead` (each-read.ts) may do to a stream: set once, nothing per stream.
    setStreamSteps({
      hand: (stream, event) => {
        if (isTerminalEvent(event)) stream.#settle(settleTerminal(event));
      },
      failed: (stream, error) => stream.#failed(error),
      ended: (stream) => {
        stream.#ended();
        return stream.#outcome;
      },
      stopReading: (stream, inner) => stream.#stopReading(inner),
    });
  }

  /**
   * Iterate the events once; stops after the terminal event. A hand-written iterator over the
   * source's (not a generator wrapping it): one promise per event instead of a generator's hop.
   */
  [Symbol.asyncIterator](): AsyncIterableIterator<ResponseStreamEvent, void, undefined> {
    let inner: AsyncIterator<ResponseStreamEvent> | undefined;
    let finished = false;
    const done: IteratorResult<ResponseStreamEvent, void> = { done: true, value: undefined };
    const onEvent = (
      result: IteratorResult<ResponseStreamEvent>,
    ): IteratorResult<ResponseStreamEvent, void> => {
      if (result.done === true) {
        finished = true;
        this.#ended();
        return done;
      }
      if (isTerminalEvent(result.value)) this.#settle(settleTerminal(result.value));
      return result;
    };
    const onError = (error: unknown): never => {
      finished = true;
      this.#failed(error);
      throw error;
    };
    const iterator: AsyncIterableIterator<ResponseStreamEvent, void, undefined> = {
      next: () => {
        if (finished) return Promise.resolve(done);
        if (inner === undefined) {
          try {
            inner = this.#open();
          } catch (error) {
            finished = true;
            return Promise.reject(error);
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
        await this.#stopReading(inner);
        return done;
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  /**
   * Read the whole stream, handing each event to `onEvent` as soon as it is decoded (synchronously:
   * no promise and no resumption per event, unlike `for await`), and resolve with the final response,
   * or reject as `finalResponse()` does. Single use, as iteration is. If `onEvent` throws, the request
   * is aborted as when a `for await` loop is left, and the promise rejects with what it threw.
   * @example
   * const response = await client.stream({ model: 'mimo-v2.6-pro', input: 'Hi' }).forEach((event) => {
   *   if (event.type === 'response.output_text.delta') process.stdout.write(event.delta);
   * });
   */
  forEach(onEvent: (event: ResponseStreamEvent) => void): Promise<Response> {
    let inner: AsyncIterator<ResponseStreamEvent>;
    try {
      inner = this.#open();
    } catch (error) {
      return Promise.reject(error);
    }
    // One reader object with methods (no closures, nor the context they would share, per stream), and no
    // promise per chunk: a stream waiting for its answer holds this promise and the reader.
    return new Promise<Response>((resolve, reject) => {
      new EachRead(this, onEvent, inner, resolve, reject).pump();
    });
  }

  /** The final response (consumes the rest of the stream if needed); rejects with the stream's error. */
  async finalResponse(): Promise<Response> {
    if (!this.#started) {
      for await (const _event of this) {
        // Drain: the final response comes from the terminal event.
      }
    }
    return this.#finalPromise();
  }

  /** Abort the request; a pending read rejects with `AbortError`, and no further event is handed out (even one already decoded). */
  abort(reason?: unknown): void {
    this.#controller.abort(
      isMimoError(reason)
        ? reason
        : new AbortError({ message: 'The stream was aborted.' }, { cause: reason }),
    );
  }

  /**
   * Start the one read of this stream: follow the caller's signal (only while the stream is read, so
   * a long-lived one, a whole run's, collects no listeners; an already aborted one aborts at once) and
   * open the source. Throws `stream_consumed` if the stream is already being read.
   */
  #open(): AsyncIterator<ResponseStreamEvent> {
    if (this.#started)
      throw new MimoError(
        'stream_consumed',
        'This ResponseStream is already being read. Fix: iterate it once, or call finalResponse().',
      );
    this.#started = true;
    this.#follow();
    const source = this.#source as StreamSource;
    this.#source = undefined;
    try {
      return source(this.#controller)[Symbol.asyncIterator]();
    } catch (error) {
      this.#failed(error);
      throw error;
    }
  }

  /** The source ended (after its terminal event, or cut short). */
  #ended(): void {
    if (!this.#settled)
      this.#settle(new ConnectionError({ message: 'The stream ended before its terminal event.' }));
    this.#unfollow();
  }

  /** The source failed: settle with its error. */
  #failed(error: unknown): void {
    this.#settle(
      isMimoError(error)
        ? error
        : new ConnectionError(
            {
              message:
                'The stream failed (see the cause). Retryable: resend the request. Fix: if it keeps failing, check the network or proxy between you and the API.',
            },
            { cause: error },
          ),
    );
    this.#unfollow();
  }

  /** The consumer stopped reading: before the terminal event, drop the request so the server sees it closed. */
  async #stopReading(inner: AsyncIterator<ResponseStreamEvent>): Promise<void> {
    try {
      await inner.return?.();
    } finally {
      if (!this.#settled) {
        this.#controller.abort(new AbortError({ message: 'The consumer stopped reading the stream.' }));
        this.#settle(
          new AbortError({
            message: 'The stream was closed before its terminal event (the consumer stopped reading).',
          }),
        );
      }
      this.#unfollow();
    }
  }

  /**
   * Follow the caller's signal while the stream is read (an already aborted one aborts at once): the
   * stream's controller is the signal's one listener (no closure), removed by {@link #unfollow}, so a
   * long-lived signal (a whole run's) collects no listeners.
   */
  #follow(): void {
    this.#controller.follow(this.#callerSignal);
  }

  #unfollow(): void {
    this.#controller.unfollow();
  }

  #settle(outcome: Response | MimoError): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#outcome = outcome;
    if (isMimoError(outcome)) this.#reject?.(outcome);
    else this.#resolve?.(outcome);
  }

  /** The final response's promise, made on first use: settled at once if the stream already ended. */
  #finalPromise(): Promise<Response> {
    if (this.#final !== undefined) return this.#final;
    const outcome = this.#outcome;
    if (!this.#settled)
      this.#final = new Promise<Response>((resolve, reject) => {
        this.#resolve = resolve;
        this.#reject = reject;
      });
    else this.#final = isMimoError(outcome) ? Promise.reject(outcome) : Promise.resolve(outcome as Response);
    // A caller may drop it unread; its rejection must not crash the process.
    this.#final.catch(() => undefined);
    return this.#final;
  }
}
