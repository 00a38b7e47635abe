import { isMimoError, type MimoError } from '../errors/mimo-error.js';
import type { Response } from '../protocol/response.js';
import type { ResponseStreamEvent } from '../protocol/stream-events.js';
import type { BufferedEvents, ReadyWaiter } from './buffered-events.js';
import type { ResponseStream } from './response-stream.js';

/** A `ResponseStream`'s private steps that {@link EachRead} takes. */
export interface StreamSteps {
  /** An event goes out: settle the stream at its terminal event. */
  hand(stream: ResponseStream, event: ResponseStreamEvent): void;
  /** The source failed. */
  failed(stream: ResponseStream, error: unknown): void;
  /** The source ended: the stream's outcome. */
  ended(stream: ResponseStream): Response | MimoError | undefined;
  /** The consumer stopped reading. */
  stopReading(stream: ResponseStream, inner: AsyncIterator<ResponseStreamEvent>): Promise<void>;
}

/** The steps, set once by `ResponseStream`'s static block (nothing per stream). */
let streamSteps: StreamSteps;

/** Called once, by `ResponseStream`'s static block: what {@link EachRead} may do to a stream. */
export function setStreamSteps(steps: StreamSteps): void {
  streamSteps = steps;
}

/**
 * One `forEach` read of a stream: hands each event to `onEvent` as it is decoded and settles the
 * read's promise. Its state is in fields and its steps are methods (it is its source's
 * {@link ReadyWaiter}), so a read waiting for the answer holds this one object; a source that can
 * hand out what it holds (`takeEvent`) and call back when it has more (`whenReady`) is read without a
 * promise per chunk, its first event included.
 */
export class EachRead implements ReadyWaiter {
  readonly #stream: ResponseStream;
  readonly #onEvent: (event: ResponseStreamEvent) => void;
  readonly #inner: AsyncIterator<ResponseStreamEvent>;
  /** The source as {@link BufferedEvents}, when it is one. */
  readonly #buffered: BufferedEvents | undefined;
  readonly #resolve: (response: Response) => void;
  readonly #reject: (error: unknown) => void;

  constructor(
    stream: ResponseStream,
    onEvent: (event: ResponseStreamEvent) => void,
    inner: AsyncIterator<ResponseStreamEvent>,
    resolve: (response: Response) => void,
    reject: (error: unknown) => void,
  ) {
    this.#stream = stream;
    this.#onEvent = onEvent;
    this.#inner = inner;
    const maybe = inner as Partial<BufferedEvents>;
    this.#buffered =
      maybe.takeEvent === undefined || maybe.whenReady === undefined ? undefined : (inner as BufferedEvents);
    this.#resolve = resolve;
    this.#reject = reject;
  }

  /** Delivers what is already decoded (each event as it is: no iterator result per event), then waits for more. */
  pump(): void {
    const buffered = this.#buffered;
    for (;;) {
      let taken: ResponseStreamEvent | null | undefined;
      try {
        if (buffered === undefined) {
          // A source without `whenReady`: one promise per event.
          this.#inner.next().then(
            (result) => this.#onResult(result),
            (error: unknown) => this.failed(error),
          );
          return;
        }
        taken = buffered.takeEvent();
        if (taken === undefined) {
          buffered.whenReady(this);
          return;
        }
      } catch (error) {
        this.failed(error);
        return;
      }
      if (taken === null) {
        this.#finish();
        return;
      }
      if (!this.#hand(taken)) return;
    }
  }

  /** {@link ReadyWaiter}: more is at hand. */
  ready(): void {
    this.pump();
  }

  /** {@link ReadyWaiter}: the source failed: the stream settles with it, and so does the read. */
  failed(error: unknown): void {
    try {
      streamSteps.failed(this.#stream, error);
    } catch {
      // Only a throwing logger can get here; the consumer gets the stream's own error below.
    }
    this.#reject(error);
  }

  #onResult(result: IteratorResult<ResponseStreamEvent>): void {
    if (result.done === true) this.#finish();
    else if (this.#hand(result.value)) this.pump();
  }

  /** The source ended: settle the read with the stream's outcome. */
  #finish(): void {
    const outcome = streamSteps.ended(this.#stream);
    if (isMimoError(outcome)) this.#reject(outcome);
    else this.#resolve(outcome as Response);
  }

  /** Hands one event over; false if `onEvent` threw (the read is then settled). */
  #hand(event: ResponseStreamEvent): boolean {
    streamSteps.hand(this.#stream, event);
    try {
      this.#onEvent(event);
    } catch (error) {
      const reject = this.#reject;
      streamSteps.stopReading(this.#stream, this.#inner).then(() => reject(error), reject);
      return false;
    }
    return true;
  }
}
