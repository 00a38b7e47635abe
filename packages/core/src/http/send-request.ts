import { AsyncResource } from 'node:async_hooks';
import type { EventEmitter } from 'node:events';
import type { Dispatcher } from 'undici';
import type { ApiError } from '../errors/api-error.js';
import { IdleTimeoutError } from '../errors/idle-timeout-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import { redactSecrets } from '../log/redact-secrets.js';
import { type DeadlineEntry, requestDeadlines } from '../timers/deadline-timer.js';
import { apiErrorFromResponse } from './api-error-from-response.js';
import { AttemptAbort } from './attempt-abort.js';
import { BodyReader } from './body-reader.js';
import type { AbortLike } from './call-abort.js';
import { drainBody } from './drain-body.js';
import type { HeaderBag } from './header-value.js';
import { requestIdOf } from './header-value.js';
import type { Limiter } from './limiter.js';
import { readPrefix } from './read-prefix.js';
import { type ErrorContext, toMimoError } from './to-mimo-error.js';

/**
 * How an attempt frees its limiter slot, once: a release function, or the limiter itself for a slot
 * taken with `tryTake()` (then no closure is kept per request).
 */
export type SlotRelease = (() => void) | Pick<Limiter, 'releaseTaken'>;

/**
 * The reason a body is destroyed with when we stop reading it (abort, a bound passed). Built once:
 * without a reason undici builds a `RequestAbortedError`, stack trace included, for every response.
 */
export const BODY_CLOSED = new Error('The response body was closed by the client after it stopped reading.');

/** The headers of an exchange before its response arrives: one shared empty object, never written to. */
const NO_HEADERS: HeaderBag = Object.freeze({});

/** Where and how one client sends its requests: fixed for the client's life, shared by every attempt. */
export interface HttpTarget {
  dispatcher: Dispatcher;
  /** Origin and path of `POST /responses`, parsed once (what undici's `request(url)` would parse per call). */
  origin: string;
  path: string;
  /** `baseURL` without credentials, for messages. */
  publicBaseURL: string;
  /** Its origin, for connection messages. */
  publicOrigin: string;
  /** How much of an error body to read (the rest is dropped). */
  maxErrorBodyBytes: number;
  firstByteMs: number;
  idleMs: number;
  connectMs: number;
  /** `timeouts.drainMs`: how long the rest of a finished body may take to arrive (0: drop it at once). */
  drainMs: number;
  /** Secrets to redact from any quoted server text. */
  secrets: readonly string[];
  /** Types an error status further from its body (a retired model, MiMo's own outage as a 400), given the request's model. */
  classifyError?: ((error: ApiError, model: unknown) => unknown) | undefined;
}

/**
 * Where {@link OpenResponse.readInto} hands the next chunk. Neither method may throw: they run from
 * the body's stream events, where a throw would be an uncaught exception.
 */
export interface ChunkTarget {
  /** The next body chunk, or `undefined` at end of body. */
  chunk(chunk: Uint8Array | undefined): void;
  /** Reading failed (typed, as `read()` would reject). */
  readFailed(error: unknown): void;
}

/**
 * Who {@link sendRequestInto} tells how the request went: `opened` once a 2xx status arrives, or
 * `openFailed` with the typed error (an error status as `ApiError`). Called once, asynchronously
 * except for a request that could not be sent at all; neither may throw.
 */
export interface OpenTarget {
  opened(open: OpenResponse): void;
  openFailed(error: unknown): void;
}

/** An open 2xx response whose body is read chunk by chunk under the first-byte and idle deadlines. */
export interface OpenResponse {
  status: number;
  headers: HeaderBag;
  /** The server's request id, redacted (a server may echo the key in it). */
  requestId: string | undefined;
  /** Next body chunk, or `undefined` at end of body. Throws typed errors. */
  read(): Promise<Uint8Array | undefined>;
  /**
   * `read()` without a promise of its own: the next chunk (or the error) goes to `target`. One read at
   * a time, as with `read()`.
   */
  readInto(target: ChunkTarget): void;
  /** Stop reading and drop the connection (used on abort and on failure). */
  close(): void;
  /**
   * Stop reading because the response is complete (its terminal event arrived): the deadlines and
   * the signals stop now, and the rest of the body (normally just its end) is read in the background,
   * bounded by `timeouts.drainMs`, so the connection can serve the next request; past the bound it
   * is dropped as by `close()`. Nothing waits for it.
   */
  finish(): void;
}

/**
 * One attempt's HTTP exchange, and once a 2xx status arrives its {@link OpenResponse}. One deadline
 * entry (on the process's shared {@link requestDeadlines}, not a Node timer of its own) serves both
 * the first-byte and the idle deadline: it is added when a wait starts and none is pending, and when
 * it expires it checks whether the wait it belongs to is still on (else it just stops), so reading a
 * chunk costs a clock read, not a timer. The attempt is aborted through an {@link AttemptAbort} (no
 * `AbortController` per attempt), undici is called with a callback, the caller is told through an
 * {@link OpenTarget} (no promise), and its {@link BodyReader} is made when undici answers: a request
 * waiting for its answer holds this object, its target and what undici holds, little else.
 */
class Exchange implements ErrorContext, OpenResponse, DeadlineEntry, ChunkTarget {
  readonly callSignal: AbortLike;
  status = 0;
  headers: HeaderBag = NO_HEADERS;
  /** {@link DeadlineEntry}: when the pending deadline check is due, and its place in the queue. */
  deadline = 0;
  heapIndex = -1;
  readonly #abort = new AttemptAbort();
  readonly #target: HttpTarget;
  /** Frees the attempt's limiter slot: used once, when the exchange is closed, finished or failed. */
  #release: SlotRelease | undefined;
  /** Whether this exchange listens to the call's signal (as its listener: {@link handleEvent}) until it stops. */
  #followsCall = false;
  /** When the current wait for data started (`performance.now()`: monotonic, so a wall-clock step moves no deadline), or -1 while not waiting. */
  #waitingSince = -1;
  #gotFirstByte = false;
  #body: Dispatcher.ResponseData['body'] | undefined;
  /** Reads the body with callbacks (made when the answer arrives). */
  #reader: BodyReader | undefined;
  #ended = false;
  /** The model the request named (for {@link HttpTarget.classifyError}). */
  readonly #model: unknown;
  /** Who is told how the request went (`start()`'s target), until undici answers. */
  #opener: OpenTarget | undefined;
  /** Where the pending read hands its chunk. */
  #into: ChunkTarget | undefined;
  /** The caller's async context (the attempt starts in it), for the body's callbacks: see {@link BodyReader}. */
  readonly #scope = new AsyncResource('mimo-agents.response-body');

  constructor(target: HttpTarget, callSignal: AbortLike, release: SlotRelease | undefined, model: unknown) {
    this.#target = target;
    this.#model = model;
    this.callSignal = callSignal;
    this.#release = release;
    // The attempt's own abort carries its deadlines and follows the call's signal.
    if (callSignal.aborted) this.#abort.abort(callSignal.reason);
    else {
      callSignal.addEventListener('abort', this);
      this.#followsCall = true;
    }
  }

  /** The call's signal aborted (this exchange is its listener: no closure per attempt): abort the attempt with its reason. */
  handleEvent(): void {
    this.#abort.abort(this.callSignal.reason);
  }

  /** {@link ErrorContext}: why this attempt was aborted (a deadline, or the call's reason), if it was. */
  get attemptReason(): unknown {
    return this.#abort.reason;
  }

  get origin(): string {
    return this.#target.publicOrigin;
  }

  get connectMs(): number {
    return this.#target.connectMs;
  }

  /** The server's request id, redacted when asked for (only a log line that is written does): a few regex passes per response otherwise. */
  get requestId(): string | undefined {
    const raw = requestIdOf(this.headers);
    return raw === undefined ? undefined : redactSecrets(raw, this.#target.secrets);
  }

  /**
   * Send the request; `target` is told once a 2xx status arrives (`opened(this)`, body unread) or how
   * it failed. No promise: an attempt waiting for its answer holds this exchange and its target.
   */
  start(headers: Record<string, string>, body: string | Uint8Array, target: OpenTarget): void {
    const endpoint = this.#target;
    if (this.#abort.fired) {
      target.openFailed(this.#sendFailed(this.#abort.reason));
      return;
    }
    // The first-byte deadline runs from sending until the first body byte.
    this.#startWait();
    this.#opener = target;
    try {
      endpoint.dispatcher.request<Exchange>(
        {
          origin: endpoint.origin,
          path: endpoint.path,
          method: 'POST',
          headers,
          body,
          // undici takes an EventEmitter as a signal (see AttemptAbort).
          signal: this.#abort as unknown as EventEmitter,
          // Our own deadlines (typed errors, first byte vs idle); undici's must not fire first.
          headersTimeout: 0,
          bodyTimeout: 0,
          // Handed back with the answer, and with an error too: one callback for every exchange (below).
          opaque: this,
        },
        onUndiciAnswer,
      );
    } catch (error) {
      this.answered(error as Error, undefined);
    }
  }

  /** undici's answer: the response (status and headers; body unread) or why there is none. Never throws. */
  answered(error: Error | null, response: Dispatcher.ResponseData<Exchange> | undefined): void {
    const opener = this.#opener;
    this.#opener = undefined;
    if (opener === undefined) return;
    if (error !== null || response === undefined) {
      opener.openFailed(this.#sendFailed(error));
      return;
    }
    this.#body = response.body;
    this.#reader = new BodyReader(response.body, this.#scope);
    // A redirect is an error too: following it could send the key to another origin.
    if (response.statusCode >= 300) {
      this.#failWith(response).catch((failure: unknown) => opener.openFailed(failure));
      return;
    }
    this.status = response.statusCode;
    this.headers = response.headers;
    opener.opened(this);
  }

  #sendFailed(error: unknown): unknown {
    this.#stop();
    this.#freeSlot();
    return toMimoError(error, this);
  }

  /** An error status: read a prefix of the body (a message needs a few hundred characters, not a 100 MB body), throw `ApiError`. */
  async #failWith(response: Dispatcher.ResponseData<Exchange>): Promise<never> {
    const target = this.#target;
    let bodyText: string;
    try {
      bodyText = await readPrefix(() => this.read(), target.maxErrorBodyBytes);
    } finally {
      this.close();
    }
    const error = apiErrorFromResponse({
      status: response.statusCode,
      headers: response.headers,
      bodyText,
      baseURL: target.publicBaseURL,
      secrets: target.secrets,
    });
    throw target.classifyError === undefined ? error : target.classifyError(error, this.#model);
  }

  /** After the first chunk, the idle deadline runs only while we wait, so a slow consumer never counts as a silent server. */
  read(): Promise<Uint8Array | undefined> {
    return new Promise((resolve, reject) => this.readInto({ chunk: resolve, readFailed: reject }));
  }

  readInto(target: ChunkTarget): void {
    if (this.#gotFirstByte) this.#startWait();
    this.#into = target;
    (this.#reader as BodyReader).readInto(this);
  }

  /** {@link ChunkTarget} of the body reader: the pending read's chunk (`undefined`: the end of the body). */
  chunk(chunk: Uint8Array | undefined): void {
    const into = this.#into as ChunkTarget;
    this.#into = undefined;
    this.#waitingSince = -1;
    if (chunk === undefined) this.#ended = true;
    else this.#gotFirstByte = true;
    into.chunk(chunk);
  }

  /** {@link ChunkTarget} of the body reader: the pending read failed; typed here. */
  readFailed(error: unknown): void {
    const into = this.#into as ChunkTarget;
    this.#into = undefined;
    this.#waitingSince = -1;
    into.readFailed(toMimoError(error, this));
  }

  close(): void {
    this.#stop();
    const body = this.#body;
    if (body !== undefined && !body.destroyed) body.destroy(BODY_CLOSED);
    this.#freeSlot();
  }

  finish(): void {
    this.#stop();
    const body = this.#body;
    if (body !== undefined && !body.destroyed) {
      if (this.#ended || this.#target.drainMs <= 0) body.destroy(BODY_CLOSED);
      else drainBody(body, this.#reader as BodyReader, this.#target.drainMs);
    }
    this.#freeSlot();
  }

  #freeSlot(): void {
    const release = this.#release;
    if (release === undefined) return;
    this.#release = undefined;
    if (typeof release === 'function') release();
    else release.releaseTaken();
  }

  #startWait(): void {
    this.#waitingSince = performance.now();
    // A pending check is due no later than this wait's deadline (see #arm), so one is enough.
    if (this.heapIndex < 0) this.#arm(this.#limitMs());
  }

  #limitMs(): number {
    return this.#gotFirstByte ? this.#target.idleMs : this.#target.firstByteMs;
  }

  /** Check again in `ms`, at most `idleMs`: any later wait's deadline is then no earlier than this check. */
  #arm(ms: number): void {
    requestDeadlines.add(this, Math.min(ms, this.#target.idleMs));
  }

  /** {@link DeadlineEntry}: the check is due; abort if the current wait has passed its deadline. */
  expire(): void {
    if (this.#waitingSince < 0 || this.#abort.fired) return;
    const left = this.#waitingSince + this.#limitMs() - performance.now();
    if (left > 0) this.#arm(left);
    else this.#abort.abort(this.#gotFirstByte ? this.#idleError() : this.#firstByteError());
  }

  #stop(): void {
    requestDeadlines.remove(this);
    this.#waitingSince = -1;
    if (this.#followsCall) {
      this.#followsCall = false;
      this.callSignal.removeEventListener('abort', this);
    }
  }

  #firstByteError(): TimeoutError {
    const ms = this.#target.firstByteMs;
    return new TimeoutError({
      phase: 'first-byte',
      timeoutMs: ms,
      message: `No data within timeouts.firstByteMs (${ms} ms). Fix: raise timeouts.firstByteMs for long reasoning turns.`,
    });
  }

  #idleError(): IdleTimeoutError {
    const ms = this.#target.idleMs;
    return new IdleTimeoutError({
      timeoutMs: ms,
      message: `The stream went quiet for timeouts.idleMs (${ms} ms) before its terminal event. Retryable. Fix: raise timeouts.idleMs if the model pauses longer.`,
    });
  }
}

/**
 * undici's callback for every exchange: the exchange is the request's `opaque`, which undici hands
 * back with the response and with an error alike (`{ opaque }`), so no exchange keeps a bound callback
 * of its own while it waits. Called with no `this`. Never throws: undici would rethrow it uncaught.
 */
function onUndiciAnswer(error: Error | null, data: Dispatcher.ResponseData<Exchange> | undefined): void {
  const exchange: unknown = data?.opaque;
  if (exchange instanceof Exchange)
    exchange.answered(error, error === null ? (data as Dispatcher.ResponseData<Exchange>) : undefined);
  // No exchange to tell (a dispatcher wrapper whose own `request()` drops `opaque`, against undici's
  // contract): drop the body so its connection is freed (without an error: nothing listens for one);
  // the call is left waiting on its dispatcher.
  else if (data?.body !== undefined && !data.body.destroyed) data.body.destroy();
}

/**
 * Send one POST /responses; `into` is told once a 2xx status arrives (`opened`, body unread) or how it
 * failed (`openFailed`): of an error status a prefix of the body is read (`maxErrorBodyBytes`) and it
 * fails as `ApiError` (typed further by `target.classifyError`, given `model`). The first-byte deadline
 * runs until the first body byte, the idle deadline between body bytes after that. `signal` aborts on
 * caller abort or the total deadline. `release` (the attempt's limiter slot) is used once: when the
 * response is closed or finished, or when the request fails. No promise: an attempt waiting for its
 * answer holds no promise, resolving functions or reactions for it.
 */
export function sendRequestInto(
  into: OpenTarget,
  target: HttpTarget,
  headers: Record<string, string>,
  body: string | Uint8Array,
  signal: AbortLike,
  release?: SlotRelease,
  model?: unknown,
): void {
  new Exchange(target, signal, release, model).start(headers, body, into);
}
