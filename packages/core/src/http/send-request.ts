import type { Dispatcher } from 'undici';
import { IdleTimeoutError } from '../errors/idle-timeout-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import { redactSecrets } from '../log/redact-secrets.js';
import { apiErrorFromResponse } from './api-error-from-response.js';
import { drainBody } from './drain-body.js';
import { followSignal } from './follow-signals.js';
import type { HeaderBag } from './header-value.js';
import { requestIdOf } from './header-value.js';
import { readPrefix } from './read-prefix.js';
import { type ErrorContext, toMimoError } from './to-mimo-error.js';

/**
 * The reason a body is destroyed with when we stop reading it (abort, a bound passed). Built once:
 * without a reason undici builds a `RequestAbortedError`, stack trace included, for every response.
 */
export const BODY_CLOSED = new Error('The response body was closed by the client after it stopped reading.');

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
}

/** An open 2xx response whose body is read chunk by chunk under the first-byte and idle deadlines. */
export interface OpenResponse {
  status: number;
  headers: HeaderBag;
  /** The server's request id, redacted (a server may echo the key in it). */
  requestId: string | undefined;
  /** Next body chunk, or `undefined` at end of body. Throws typed errors. */
  read(): Promise<Uint8Array | undefined>;
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
 * One attempt's HTTP exchange, and once a 2xx status arrives its {@link OpenResponse}. One timer
 * serves both the first-byte and the idle deadline: it is armed when a wait starts and no timer is
 * pending, and when it fires it checks whether the wait it belongs to is still on (else it just
 * stops), so reading a chunk costs a clock read, not a timer. The steps are chained with `then` on
 * undici's own promises, not async functions: a request waiting for its answer holds no suspended
 * frame of ours.
 */
class Exchange implements ErrorContext, OpenResponse {
  readonly callSignal: AbortSignal;
  status = 0;
  headers: HeaderBag = {};
  readonly #attempt = new AbortController();
  readonly #target: HttpTarget;
  readonly #unfollow: () => void;
  /** Frees the attempt's limiter slot: called once, when the exchange is closed, finished or failed. */
  #release: (() => void) | undefined;
  #timer: NodeJS.Timeout | undefined;
  /** When the current wait for data started (`performance.now()`: monotonic, so a wall-clock step moves no deadline), or -1 while not waiting. */
  #waitingSince = -1;
  #gotFirstByte = false;
  #body: Dispatcher.ResponseData['body'] | undefined;
  #iterator: AsyncIterator<unknown> | undefined;
  #ended = false;

  constructor(target: HttpTarget, callSignal: AbortSignal, release: (() => void) | undefined) {
    this.#target = target;
    this.callSignal = callSignal;
    this.#release = release;
    // The attempt's own controller carries its deadlines and follows the call's signal.
    this.#unfollow = followSignal(this.#attempt, callSignal);
  }

  get attemptSignal(): AbortSignal {
    return this.#attempt.signal;
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

  /** Send the request; resolves with this exchange once a 2xx status arrives (body unread). */
  start(headers: Record<string, string>, body: string): Promise<OpenResponse> {
    const target = this.#target;
    // The first-byte deadline runs from sending until the first body byte.
    this.#startWait();
    let sent: Promise<Dispatcher.ResponseData>;
    try {
      sent = target.dispatcher.request({
        origin: target.origin,
        path: target.path,
        method: 'POST',
        headers,
        body,
        signal: this.#attempt.signal,
        // Our own timer owns these deadlines (typed errors, first byte vs idle); undici's must not fire first.
        headersTimeout: 0,
        bodyTimeout: 0,
      });
    } catch (error) {
      return Promise.reject(this.#sendFailed(error));
    }
    return sent.then(this.#onResponse, this.#onSendError);
  }

  readonly #onResponse = (response: Dispatcher.ResponseData): OpenResponse | Promise<never> => {
    this.#body = response.body;
    this.#iterator = response.body[Symbol.asyncIterator]();
    // A redirect is an error too: following it could send the key to another origin.
    if (response.statusCode >= 300) return this.#failWith(response);
    this.status = response.statusCode;
    this.headers = response.headers;
    return this;
  };

  readonly #onSendError = (error: unknown): never => {
    throw this.#sendFailed(error);
  };

  #sendFailed(error: unknown): unknown {
    this.#stop();
    this.#freeSlot();
    return toMimoError(error, this);
  }

  /** An error status: read a prefix of the body (a message needs a few hundred characters, not a 100 MB body), throw `ApiError`. */
  async #failWith(response: Dispatcher.ResponseData): Promise<never> {
    const target = this.#target;
    let bodyText: string;
    try {
      bodyText = await readPrefix(this.read, target.maxErrorBodyBytes);
    } finally {
      this.close();
    }
    throw apiErrorFromResponse({
      status: response.statusCode,
      headers: response.headers,
      bodyText,
      baseURL: target.publicBaseURL,
      secrets: target.secrets,
    });
  }

  /** After the first chunk, the idle deadline runs only while we wait, so a slow consumer never counts as a silent server. */
  readonly read = (): Promise<Uint8Array | undefined> => {
    if (this.#gotFirstByte) this.#startWait();
    // `then` on the body's own promise: no async function (and its promise) per chunk on top of it.
    return (this.#iterator as AsyncIterator<unknown>).next().then(this.#onChunk, this.#onReadError);
  };

  readonly #onChunk = (next: IteratorResult<unknown>): Uint8Array | undefined => {
    this.#waitingSince = -1;
    if (next.done === true) {
      this.#ended = true;
      return undefined;
    }
    this.#gotFirstByte = true;
    return next.value as Uint8Array;
  };

  readonly #onReadError = (error: unknown): never => {
    this.#waitingSince = -1;
    throw toMimoError(error, this);
  };

  readonly close = (): void => {
    this.#stop();
    const body = this.#body;
    if (body !== undefined && !body.destroyed) body.destroy(BODY_CLOSED);
    this.#freeSlot();
  };

  readonly finish = (): void => {
    this.#stop();
    const body = this.#body;
    if (body !== undefined && !body.destroyed) {
      if (this.#ended || this.#target.drainMs <= 0) body.destroy(BODY_CLOSED);
      else drainBody(body, this.#iterator as AsyncIterator<unknown>, this.#target.drainMs);
    }
    this.#freeSlot();
  };

  #freeSlot(): void {
    const release = this.#release;
    this.#release = undefined;
    release?.();
  }

  #startWait(): void {
    this.#waitingSince = performance.now();
    // A pending timer fires no later than this wait's deadline (see #arm), so one is enough.
    if (this.#timer === undefined) this.#arm(this.#limitMs());
  }

  #limitMs(): number {
    return this.#gotFirstByte ? this.#target.idleMs : this.#target.firstByteMs;
  }

  /** Arm for `ms`, at most `idleMs`: any later wait's deadline is then no earlier than this timer. */
  #arm(ms: number): void {
    this.#timer = setTimeout(this.#onTimer, Math.min(ms, this.#target.idleMs));
  }

  readonly #onTimer = (): void => {
    this.#timer = undefined;
    if (this.#waitingSince < 0 || this.#attempt.signal.aborted) return;
    const left = this.#waitingSince + this.#limitMs() - performance.now();
    if (left > 0) this.#arm(left);
    else this.#attempt.abort(this.#gotFirstByte ? this.#idleError() : this.#firstByteError());
  };

  #stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#waitingSince = -1;
    this.#unfollow();
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
 * Send one POST /responses. Resolves once a 2xx status arrives; an error status is read whole
 * and thrown as `ApiError`. The first-byte deadline runs until the first body byte, the idle
 * deadline between body bytes after that. `signal` aborts on caller abort or the total deadline.
 * `release` (the attempt's limiter slot) is called once: when the response is closed or finished,
 * or when the request fails.
 */
export function sendRequest(
  target: HttpTarget,
  headers: Record<string, string>,
  body: string,
  signal: AbortSignal,
  release?: () => void,
): Promise<OpenResponse> {
  return new Exchange(target, signal, release).start(headers, body);
}
