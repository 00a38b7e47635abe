import { ConnectionError } from '../errors/connection-error.js';
import { MimoError } from '../errors/mimo-error.js';
import type { CallAbort } from '../http/call-abort.js';
import type { OpenResponse } from '../http/send-request.js';
import { abortedCallError } from '../http/with-retries.js';
import { isTerminalEvent, type ResponseStreamEvent } from '../protocol/stream-events.js';
import { EventReader, type EventSink } from '../sse/event-reader.js';
import type { BufferedEvents, ReadyWaiter } from './buffered-events.js';
import type { ClientContext } from './client-context.js';
import { FirstEvent, type OpenedStream } from './first-event.js';
import {
  type AcceptedAttempt,
  type AcceptTarget,
  type AttemptTarget,
  type CallbackAttemptReader,
  type PreparedRequest,
  type RequestCall,
  startRequest,
} from './request-call.js';
import type { RequestOptions } from './request-options.js';

const DONE: IteratorResult<ResponseStreamEvent, void> = Object.freeze({ done: true, value: undefined });

/**
 * The events of one streamed response (the source behind a `ResponseStream`). Failures before the
 * first event are retried here; after it they are thrown (typed, `retryable`) so a consumer never
 * sees an event twice. Reading stops at the terminal event; the end of the body is then read in
 * the background (bounded by `timeouts.drainMs`) so the connection can be reused; nothing waits for it.
 *
 * A hand-written iterator, not an async generator: an event already decoded is handed out with one
 * resolved promise, without a generator's resumption and its extra promise per event.
 */
class StreamEvents
  implements BufferedEvents, CallbackAttemptReader<OpenedStream>, AcceptTarget<OpenedStream>, EventSink
{
  readonly #context: ClientContext;
  readonly #prepared: PreparedRequest;
  readonly #options: RequestOptions;
  readonly #owned: CallAbort;
  #request: RequestCall | undefined;
  #accepted: AcceptedAttempt<OpenedStream> | undefined;
  #reader: EventReader | undefined;
  #over = false;
  /** The handlers of a `next()` read after the first event (made at the first such read). */
  #onRead:
    | ((event: ResponseStreamEvent | undefined) => IteratorResult<ResponseStreamEvent, void>)
    | undefined;
  #onReadError: ((error: unknown) => never) | undefined;
  /** `next()` calls not yet settled; a `next()` made while one is pending waits for it (as a generator's would). */
  #inFlight = 0;
  /** The promise of the last pending `next()` (set while `#inFlight > 0`): the one a later call chains on. */
  #last: Promise<IteratorResult<ResponseStreamEvent, void>> | undefined;
  /** The waiter of the pending {@link whenReady}. */
  #waiter: ReadyWaiter | undefined;
  /** The accepted attempt's first event, when a {@link whenReady} waiter opened the request: the next to hand out. */
  #firstEvent: ResponseStreamEvent | undefined;

  constructor(context: ClientContext, prepared: PreparedRequest, options: RequestOptions, owned: CallAbort) {
    this.#context = context;
    this.#prepared = prepared;
    this.#options = options;
    this.#owned = owned;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<ResponseStreamEvent, void>> {
    if (this.#inFlight > 0) {
      // Called again before the last call settled: queue behind it, so each event goes out once, in order,
      // and the request is sent once.
      this.#inFlight++;
      // Rare (only a caller racing its own next() calls): a closure here, none per stream.
      const resume = (): Promise<IteratorResult<ResponseStreamEvent, void>> => this.#resume();
      const queued = (this.#last as Promise<IteratorResult<ResponseStreamEvent, void>>).then(resume, resume);
      this.#last = queued;
      return queued;
    }
    return this.#nextNow();
  }

  /** A queued `next()`: the one before it settled. */
  #resume(): Promise<IteratorResult<ResponseStreamEvent, void>> {
    this.#settled();
    return this.#nextNow();
  }

  #nextNow(): Promise<IteratorResult<ResponseStreamEvent, void>> {
    const reader = this.#reader;
    if (reader === undefined && !this.#over) return this.#pending(this.#open());
    let result: IteratorResult<ResponseStreamEvent, void> | undefined;
    try {
      result = this.#take();
    } catch (error) {
      return Promise.reject(error);
    }
    if (result !== undefined) return Promise.resolve(result);
    // Made at the first read after the first event: a request still waiting for its answer has none.
    if (this.#onRead === undefined) {
      this.#onRead = (event: ResponseStreamEvent | undefined) => this.#read(event);
      this.#onReadError = (error: unknown) => this.#nextFailed(error);
    }
    return this.#pending((reader as EventReader).next().then(this.#onRead, this.#onReadError));
  }

  /** Count `promise` as the pending `next()` until its handler (`#acceptedNext`, `#read`, `#nextFailed`) runs. */
  #pending(
    promise: Promise<IteratorResult<ResponseStreamEvent, void>>,
  ): Promise<IteratorResult<ResponseStreamEvent, void>> {
    // With calls queued behind this one, the tail is already the last of them.
    if (this.#inFlight === 0) this.#last = promise;
    this.#inFlight++;
    return promise;
  }

  /** A pending `next()` settled (or a queued one got its turn); the last one drops the tail. */
  #settled(): void {
    if (--this.#inFlight === 0) this.#last = undefined;
  }

  /**
   * The next result if it is at hand without waiting (an event already decoded, or the end), else
   * `undefined` (then call `next()`). Throws what `next()` would reject with.
   */
  takeBuffered(): IteratorResult<ResponseStreamEvent, void> | undefined {
    // A `next()` is pending: what follows is its (or its queue's) to hand out first.
    return this.#inFlight > 0 ? undefined : this.#take();
  }

  /** {@link takeBuffered} as the event itself (`null`: the stream is over): no iterator result per event. */
  takeEvent(): ResponseStreamEvent | null | undefined {
    return this.#inFlight > 0 ? undefined : this.#takeEvent();
  }

  /** {@link takeBuffered} for the `next()` whose turn it is. */
  #take(): IteratorResult<ResponseStreamEvent, void> | undefined {
    const event = this.#takeEvent();
    if (event === null) return DONE;
    return event === undefined ? undefined : { done: false, value: event };
  }

  /**
   * The next event at hand (delivered), `null` once over, `undefined` if none yet. Throws the call's
   * abort (typed) once it aborted: events decoded before `abort()` (or the caller's signal) are not
   * handed out after it.
   */
  #takeEvent(): ResponseStreamEvent | null | undefined {
    if (this.#over) return null;
    const reader = this.#reader;
    if (reader === undefined) return undefined;
    if (this.#owned.aborted) throw this.#fail(abortedCallError(this.#owned, 1, 0));
    let event = this.#firstEvent;
    if (event !== undefined) this.#firstEvent = undefined;
    else
      try {
        event = reader.buffered();
      } catch (error) {
        throw this.#fail(error);
      }
    if (event !== undefined) {
      this.#delivered(event);
      return event;
    }
    if (reader.drained) throw this.#fail(endedEarly());
    return undefined;
  }

  /**
   * Call `waiter.ready()` once {@link takeBuffered} has something to hand out (an event, the end, or
   * an error to throw), reading on without a promise per chunk; or `waiter.failed(error)` (the error
   * to reject with). Once `takeBuffered()` returned `undefined`; not while a `next()` is pending. Called
   * before anything was read, it sends the request, and its first event is then at hand
   * (`takeBuffered()`) when `ready()` is called: a consumer reading this way waits without a promise of
   * its own, even for the first event.
   */
  whenReady(waiter: ReadyWaiter): void {
    const reader = this.#reader;
    const opening = reader === undefined && this.#request !== undefined;
    if (this.#inFlight > 0 || this.#waiter !== undefined || opening) {
      waiter.failed(
        new MimoError(
          'stream_consumed',
          'whenReady() was called while another read was pending. Fix: read the stream from one consumer.',
        ),
      );
      return;
    }
    this.#waiter = waiter;
    if (this.#over) this.eventsReady();
    else if (reader === undefined) this.#openForWaiter();
    else reader.pull(this);
  }

  /** {@link EventSink}: the reader has events (or the end) for {@link takeBuffered}. */
  eventsReady(): void {
    const waiter = this.#waiter as ReadyWaiter;
    this.#waiter = undefined;
    // This runs from the body's stream events: a throw (a logger's, say) goes to the waiter, not uncaught.
    try {
      waiter.ready();
    } catch (error) {
      waiter.failed(error);
    }
  }

  /** {@link EventSink}: reading failed. */
  eventsFailed(error: unknown): void {
    const waiter = this.#waiter as ReadyWaiter;
    this.#waiter = undefined;
    let failure: unknown;
    try {
      failure = this.#fail(error);
    } catch {
      // A logger that threw while the failure was logged: the consumer still gets the reading error.
      failure = error;
    }
    waiter.failed(failure);
  }

  /** The consumer left early: drop the request (the caller's `ResponseStream` aborts it too). */
  return(): Promise<IteratorResult<ResponseStreamEvent, void>> {
    this.#end(false);
    return Promise.resolve(DONE);
  }

  /**
   * Start the request for `next()`; the first attempt that delivers an event is accepted, and the
   * promise settles that call. Chained with `then`: no async frame held while it waits.
   */
  #open(): Promise<IteratorResult<ResponseStreamEvent, void>> {
    const request = startRequest(this.#context, this.#prepared, this.#options, this.#owned);
    this.#request = request;
    return request.accept(this).then(
      (accepted) => this.#acceptedNext(accepted),
      (error: unknown) => this.#nextFailed(error),
    );
  }

  /**
   * Start the request for a {@link whenReady} waiter: the request tells this stream how it went
   * ({@link AcceptTarget}), with no promise, then the waiter is told. A stream read this way (`forEach`,
   * the runner's) holds no promise, reaction or closure of its own while it waits for the answer.
   */
  #openForWaiter(): void {
    const request = startRequest(this.#context, this.#prepared, this.#options, this.#owned);
    this.#request = request;
    request.acceptInto(this, this);
  }

  /** {@link CallbackAttemptReader}: an attempt is read up to its first event (a body that ends before one is a retryable failure), with callbacks: no promise per attempt. */
  readAttemptInto(open: OpenResponse, into: AttemptTarget<OpenedStream>): void {
    const { limits, timeouts } = this.#context.options;
    const candidate = new EventReader(open, this.#context.secrets, {
      maxEventBytes: limits.maxEventBytes,
      eventIdleMs: timeouts.eventIdleMs,
    });
    candidate.pull(new FirstEvent(open, candidate, into));
  }

  /** The request opened by `next()` was accepted: that call gets the first event. */
  #acceptedNext(accepted: AcceptedAttempt<OpenedStream>): IteratorResult<ResponseStreamEvent, void> {
    this.#settled();
    this.#accepted = accepted;
    this.#reader = accepted.value.reader;
    if (this.#over) {
      // Returned while the first attempt was under way.
      this.#reader.close();
      return DONE;
    }
    try {
      return this.#deliver(accepted.value.event);
    } catch (error) {
      throw this.#fail(error);
    }
  }

  #read(event: ResponseStreamEvent | undefined): IteratorResult<ResponseStreamEvent, void> {
    this.#settled();
    if (event === undefined) throw this.#fail(endedEarly());
    return this.#deliver(event);
  }

  /** A `next()` failed: it rejects with the error, typed and logged. */
  #nextFailed(error: unknown): never {
    this.#settled();
    throw this.#fail(error);
  }

  /** {@link AcceptTarget} (a request opened by {@link whenReady}): the first event is kept for `takeBuffered()`, and the waiter told. */
  accepted(accepted: AcceptedAttempt<OpenedStream>): void {
    this.#accepted = accepted;
    const reader = accepted.value.reader;
    this.#reader = reader;
    // Not reached through `forEach` (its read never calls `return()` while it waits, and an abort
    // rejects the call instead), but a stream ended while its first attempt was under way must close
    // the reader it can no longer hand out, or its connection would stay held: one check, kept.
    if (this.#over) reader.close();
    else this.#firstEvent = accepted.value.event;
    this.eventsReady();
  }

  /** {@link AcceptTarget} (a request opened by {@link whenReady}): the waiter gets the error, typed and logged. */
  rejected(error: unknown): void {
    this.eventsFailed(error);
  }

  #deliver(event: ResponseStreamEvent): IteratorResult<ResponseStreamEvent, void> {
    this.#delivered(event);
    return { done: false, value: event };
  }

  /** An event goes out: after the terminal one, the request is over. */
  #delivered(event: ResponseStreamEvent): void {
    if (isTerminalEvent(event)) {
      // The response is complete: the rest of the body is only its end, which may keep the connection.
      this.#end(true);
      const usage = 'response' in event ? event.response.usage : undefined;
      (this.#request as RequestCall).done(this.#accepted as AcceptedAttempt<OpenedStream>, usage, event.type);
    }
  }

  /** Log the failure (redacted), release everything; returns the error to throw. */
  #fail(error: unknown): unknown {
    this.#end(false);
    return this.#request === undefined ? error : this.#request.fail(error);
  }

  /** Stop reading (keeping the connection when the response is `complete`) and release the request; once. */
  #end(complete: boolean): void {
    if (this.#over) return;
    this.#over = true;
    if (complete) this.#reader?.finish();
    else this.#reader?.close();
    this.#request?.dispose();
  }
}

/** The error of a body that ended before its terminal event. */
function endedEarly(): ConnectionError {
  return new ConnectionError({
    message:
      'The stream ended before its terminal event (response.completed / response.incomplete). Retryable: resend the whole turn.',
  });
}

/**
 * The events of one streamed response, from `client.stream()`; see {@link StreamEvents}. `owned`:
 * the `ResponseStream`'s controller, whose signal is the call's (it follows `options.signal`, the
 * caller's); the call aborts it at the total deadline.
 */
export function eventSource(
  context: ClientContext,
  prepared: PreparedRequest,
  options: RequestOptions,
  owned: CallAbort,
): BufferedEvents {
  return new StreamEvents(context, prepared, options, owned);
}
