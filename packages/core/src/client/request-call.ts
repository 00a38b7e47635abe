import type { Logger } from 'pino';
import { TimeoutError } from '../errors/timeout-error.js';
import { guardRequest } from '../guard/request-guard.js';
import { type AbortLike, CallAbort } from '../http/call-abort.js';
import type { Limiter } from '../http/limiter.js';
import type { RetryPolicy } from '../http/retry-policy.js';
import type { OpenResponse, OpenTarget } from '../http/send-request.js';
import {
  abortedCallError,
  type RetryInfo,
  retryAfter,
  retryBudget,
  type WithRetriesOptions,
} from '../http/with-retries.js';
import { redactError } from '../log/redact-secrets.js';
import type { ModelTable } from '../models/model-table.js';
import type { ResponseRequest } from '../protocol/request.js';
import { type DeadlineEntry, requestDeadlines } from '../timers/deadline-timer.js';
import type { ClientContext } from './client-context.js';
import { openAttempt } from './open-attempt.js';
import { type RequestOptions, requestMaxRetries } from './request-options.js';

/** A guarded, serialised request, ready to send. */
export interface PreparedRequest {
  /**
   * The JSON body as UTF-8 bytes, made once. Kept for the retries, and handed to undici as it is: a
   * string body would be held twice while the request waits (undici keeps the string and its own
   * bytes of it), and copied again for every retry.
   */
  body: Buffer;
  model: unknown;
  stream: boolean;
  /** The request's own retry budget, when it overrides the client's. */
  maxRetries: number | undefined;
}

/** Guard and serialise a request (throws before anything is sent); `models` gives known models' limits. */
export function prepareRequest(
  body: ResponseRequest,
  options: RequestOptions,
  stream: boolean,
  models: ModelTable,
): PreparedRequest {
  const wire = guardRequest(body, { stream, extraBody: options.extraBody, models });
  return {
    body: utf8Bytes(JSON.stringify(wire)),
    model: wire.model,
    stream,
    maxRetries: requestMaxRetries(options),
  };
}

/**
 * `text` as UTF-8 in a buffer of its own, exactly its size. Not `Buffer.from(text)`: a short one is a
 * slice of a shared 8 KiB pool, and a request waiting for its answer would keep its whole pool alive.
 */
function utf8Bytes(text: string): Buffer {
  const bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(text));
  bytes.write(text);
  return bytes;
}

/** The attempt a call settled on: what `read` made of it, and how to log it. */
export interface AcceptedAttempt<T> {
  value: T;
  open: OpenResponse;
  attempt: number;
  sentAt: number;
}

/** How a call reads each attempt (its JSON body, or its first event); the accepted attempt's value is what it returns. */
export type AttemptReader<T> = PromiseAttemptReader<T> | CallbackAttemptReader<T>;

/** An {@link AttemptReader} that reads an attempt to a promise of its value. */
export interface PromiseAttemptReader<T> {
  readAttempt(open: OpenResponse): Promise<T>;
}

/** An {@link AttemptReader} that reads with callbacks: no promise (and no reaction) per attempt. */
export interface CallbackAttemptReader<T> {
  /** Read `open` to its value, or fail (having closed it): `into` is told once. */
  readAttemptInto(open: OpenResponse, into: AttemptTarget<T>): void;
}

/** Who a {@link CallbackAttemptReader} tells what it read of an attempt. Neither method may throw. */
export interface AttemptTarget<T> {
  attemptRead(open: OpenResponse, value: T): void;
  attemptFailed(error: unknown): void;
}

/** Who {@link RequestCall.acceptInto} tells how the call ended: once, asynchronously; neither may throw. */
export interface AcceptTarget<T> {
  accepted(accepted: AcceptedAttempt<T>): void;
  rejected(error: unknown): void;
}

/** One request as the client runs it, streaming or not; see {@link startRequest}. */
export interface RequestCall {
  /** Attempts (limiter slot, send, `read`) retried until one is accepted or the budget is spent. */
  accept<T>(reader: AttemptReader<T>): Promise<AcceptedAttempt<T>>;
  /** {@link accept} without a promise: `into` is told (a call waiting for its answer then holds no promise for it). */
  acceptInto<T>(reader: AttemptReader<T>, into: AcceptTarget<T>): void;
  /** Logs the finished response (`mimo response done`) with its usage and, for a stream, its terminal event type. */
  done(accepted: AcceptedAttempt<unknown>, usage: unknown, terminal?: string): void;
  /** Redacts and logs a failure (`mimo request failed`); returns the error to rethrow. */
  fail(error: unknown): unknown;
  /** Clears the total deadline and the caller's signals; call once, when the request is over. */
  dispose(): void;
}

/**
 * {@link RequestCall}: methods on a class, so a request allocates one object, not four closures. It
 * runs its first attempt itself and is the options of {@link retryAfter} for the rest (getters and methods, no options object and no
 * `run` closure kept while an attempt waits), and its own entry on the process's shared
 * {@link requestDeadlines} for `timeouts.totalMs` (no Node timer, no bound callback, no call object of its own).
 */
class ClientRequest
  implements
    RequestCall,
    WithRetriesOptions<AcceptedAttempt<unknown>>,
    DeadlineEntry,
    OpenTarget,
    AttemptTarget<unknown>
{
  /** {@link DeadlineEntry}: when the total deadline passes, and its place in the queue. */
  deadline = 0;
  heapIndex = -1;
  readonly #context: ClientContext;
  readonly #prepared: PreparedRequest;
  readonly #options: RequestOptions;
  /** The call's abort (all its attempts follow it): its owner's, or its own, which follows `options.signal`. */
  readonly #abort: CallAbort;
  /** Whether `#abort` is this call's own (it then follows the caller's signal until `dispose()`). */
  readonly #ownAbort: boolean;
  /** The total deadline was armed (once: at the first attempt's limiter slot). */
  #totalStarted = false;
  /** Set by `dispose()`: an attempt that gets its slot after the call is over arms nothing. */
  #disposed = false;
  /** How an attempt is read (set by `acceptInto`). */
  #reader: AttemptReader<unknown> | undefined;
  /** Who is told how the call ended (set by `acceptInto`). */
  #into: AcceptTarget<unknown> | undefined;
  /** The attempt under way (1-based) and when it was sent: one at a time, so fields, not a closure per attempt. */
  #attempt = 0;
  #sentAt = 0;
  /** The promise of a retry ({@link run}), while that attempt is under way; `undefined` for the first attempt. */
  #retry: { resolve(accepted: AcceptedAttempt<unknown>): void; reject(error: unknown): void } | undefined;

  constructor(
    context: ClientContext,
    prepared: PreparedRequest,
    options: RequestOptions,
    owned: CallAbort | undefined,
  ) {
    this.#context = context;
    this.#prepared = prepared;
    this.#options = options;
    this.#ownAbort = owned === undefined;
    if (owned === undefined) {
      this.#abort = new CallAbort();
      this.#abort.follow(options.signal);
    } else this.#abort = owned;
  }

  get policy(): RetryPolicy {
    return this.#context.policy;
  }

  get limiter(): Limiter {
    return this.#context.limiter;
  }

  get logger(): Logger {
    return this.#context.logger;
  }

  get signal(): AbortLike {
    return this.#abort;
  }

  get onRetry(): ((info: RetryInfo) => void) | undefined {
    return this.#options.onRetry;
  }

  get maxRetries(): number | undefined {
    return this.#prepared.maxRetries;
  }

  accept<T>(reader: AttemptReader<T>): Promise<AcceptedAttempt<T>> {
    return new Promise<AcceptedAttempt<T>>((resolve, reject) =>
      this.acceptInto(reader, { accepted: resolve, rejected: reject }),
    );
  }

  /**
   * The retry loop's first attempt, without a promise: the attempt reports to this
   * request ({@link OpenTarget}), which tells `into`; only a failed first attempt continues in the async
   * {@link retryAfter}, whose attempts ({@link run}) are promises.
   */
  acceptInto<T>(reader: AttemptReader<T>, into: AcceptTarget<T>): void {
    this.#reader = reader;
    this.#into = into as AcceptTarget<unknown>;
    if (this.#abort.aborted) {
      const error = abortedCallError(this.#abort, 1, retryBudget(this));
      // As a rejected promise would: never before this call returns.
      queueMicrotask(() => into.rejected(error));
      return;
    }
    this.#send(1);
  }

  /** {@link WithRetriesOptions.run}: one retry, as a promise (the rare path: the first attempt failed). */
  run(attempt: number): Promise<AcceptedAttempt<unknown>> {
    return new Promise<AcceptedAttempt<unknown>>((resolve, reject) => {
      this.#retry = { resolve, reject };
      this.#send(attempt);
    });
  }

  /** Send attempt `attempt`; it reports to {@link opened} or {@link openFailed}. */
  #send(attempt: number): void {
    this.#attempt = attempt;
    this.#sentAt = Date.now();
    const prepared = this.#prepared;
    try {
      openAttempt(
        this.#context,
        {
          body: prepared.body,
          stream: prepared.stream,
          model: prepared.model,
          attempt,
          signal: this.#abort,
          call: this,
        },
        this,
      );
    } catch (error) {
      this.openFailed(error);
    }
  }

  /** {@link OpenTarget}: the attempt's 2xx answer arrived; read it (its JSON body, or its first event). */
  opened(open: OpenResponse): void {
    const reader = this.#reader as AttemptReader<unknown>;
    if ('readAttemptInto' in reader) {
      // A stream's first event: read on the body's callbacks, reported to this request (AttemptTarget).
      try {
        reader.readAttemptInto(open, this);
      } catch (error) {
        open.close();
        this.openFailed(error);
      }
      return;
    }
    const attempt = this.#attempt;
    const sentAt = this.#sentAt;
    let read: Promise<unknown>;
    try {
      read = reader.readAttempt(open);
    } catch (error) {
      read = Promise.reject(error);
    }
    read.then(
      (value) => this.#succeeded({ value, open, attempt, sentAt }),
      (error: unknown) => this.openFailed(error),
    );
  }

  /** {@link AttemptTarget}: the attempt (the one under way: attempts run one at a time) was read. */
  attemptRead(open: OpenResponse, value: unknown): void {
    this.#succeeded({ value, open, attempt: this.#attempt, sentAt: this.#sentAt });
  }

  /** {@link AttemptTarget}: reading the attempt failed (it is closed). */
  attemptFailed(error: unknown): void {
    this.openFailed(error);
  }

  /** {@link OpenTarget}: the attempt failed (typed); a retry's promise rejects, a first attempt goes on to the retries. */
  openFailed(error: unknown): void {
    const retry = this.#retry;
    if (retry !== undefined) {
      this.#retry = undefined;
      retry.reject(error);
      return;
    }
    const into = this.#into as AcceptTarget<unknown>;
    retryAfter(this, retryBudget(this), error).then(
      (accepted) => into.accepted(accepted),
      (failure: unknown) => into.rejected(failure),
    );
  }

  /** The attempt was read: a retry's promise resolves; a first attempt is accepted unless the call aborted meanwhile. */
  #succeeded(accepted: AcceptedAttempt<unknown>): void {
    const retry = this.#retry;
    if (retry !== undefined) {
      this.#retry = undefined;
      retry.resolve(accepted);
      return;
    }
    const into = this.#into as AcceptTarget<unknown>;
    if (!this.#abort.aborted) {
      into.accepted(accepted);
      return;
    }
    this.discard(accepted);
    into.rejected(abortedCallError(this.#abort, 1, retryBudget(this)));
  }

  /** {@link WithRetriesOptions.discard}: aborted just as an attempt was accepted: close it, or its limiter slot would never be freed. */
  discard(accepted: AcceptedAttempt<unknown>): void {
    accepted.open.close();
  }

  done(accepted: AcceptedAttempt<unknown>, usage: unknown, terminal?: string): void {
    const { logger } = this.#context;
    // Built only for a logger that writes it (the default one is silent).
    if (!logger.isLevelEnabled('info')) return;
    const { open, attempt, sentAt } = accepted;
    const fields: Record<string, unknown> = {
      status: open.status,
      ms: Date.now() - sentAt,
      attempt,
      requestId: open.requestId,
      usage,
    };
    if (terminal !== undefined) fields.terminal = terminal;
    try {
      logger.info(fields, 'mimo response done');
    } catch {
      // A user's logger that throws does not fail a response that arrived whole.
    }
  }

  fail(error: unknown): unknown {
    const message = this.#prepared.stream ? 'mimo stream failed' : 'mimo request failed';
    try {
      this.#context.logger.warn({ err: redactError(error, this.#context.secrets) }, message);
    } catch {
      // A user's logger that throws does not replace the request's own (typed) error.
    }
    return error;
  }

  /** Arm `timeouts.totalMs` (once; later calls do nothing): when the first attempt got its limiter slot, so queueing never counts. */
  startTotal(): void {
    if (this.#totalStarted || this.#disposed) return;
    this.#totalStarted = true;
    requestDeadlines.add(this, this.#context.options.timeouts.totalMs);
  }

  dispose(): void {
    this.#disposed = true;
    requestDeadlines.remove(this);
    // An owned controller's owner follows (and unfollows) the caller's signal itself.
    if (this.#ownAbort) this.#abort.unfollow();
  }

  /** {@link DeadlineEntry}: the total deadline passed. */
  expire(): void {
    const totalMs = this.#context.options.timeouts.totalMs;
    this.#abort.abort(
      new TimeoutError({
        phase: 'total',
        timeoutMs: totalMs,
        message: `The request did not finish within timeouts.totalMs (${totalMs} ms, retries included). Fix: raise timeouts.totalMs.`,
      }),
    );
  }
}

/**
 * The one request path of `client.create()` and `client.stream()`: the total deadline, retries
 * before the first accepted attempt, the limiter, logging and redaction. Each caller only says how
 * to read an attempt (a JSON body, or the first event) and what to do after it. The caller's signal
 * is followed now; the total deadline is armed once the first attempt holds a limiter slot. `owned`:
 * the call's controller when its owner made one (a `ResponseStream`'s, which follows `options.signal`
 * itself, and which only its owner aborts): the call aborts that one at the total deadline instead of
 * making and following its own, one controller and one listener less per request.
 */
export function startRequest(
  context: ClientContext,
  prepared: PreparedRequest,
  options: RequestOptions,
  owned?: CallAbort,
): RequestCall {
  return new ClientRequest(context, prepared, options, owned);
}
