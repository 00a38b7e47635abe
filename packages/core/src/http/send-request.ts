import { type Dispatcher, request } from 'undici';
import { IdleTimeoutError } from '../errors/idle-timeout-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import { redactSecrets } from '../log/redact-secrets.js';
import { apiErrorFromResponse } from './api-error-from-response.js';
import { followSignals } from './follow-signals.js';
import type { HeaderBag } from './header-value.js';
import { requestIdOf } from './header-value.js';
import { readPrefix } from './read-prefix.js';
import { toMimoError } from './to-mimo-error.js';

/**
 * The reason a body is destroyed with when we stop reading it (terminal event, abort). Built once:
 * without a reason undici builds a `RequestAbortedError`, stack trace included, for every response.
 */
const BODY_CLOSED = new Error('The response body was closed by the client after it stopped reading.');

/** Options of {@link sendRequest}. */
export interface SendRequestOptions {
  dispatcher: Dispatcher;
  baseURL: string;
  /** `baseURL` without credentials, for messages. */
  publicBaseURL: string;
  /** How much of an error body to read (the rest is dropped). */
  maxErrorBodyBytes: number;
  headers: Record<string, string>;
  body: string;
  /** Aborts on caller abort or the total deadline. */
  signal: AbortSignal;
  firstByteMs: number;
  idleMs: number;
  connectMs: number;
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
  /** Stop reading and drop the connection (used at the terminal event and on abort). */
  close(): void;
}

/**
 * Send one POST /responses. Resolves once a 2xx status arrives; an error status is read whole
 * and thrown as `ApiError`. The first-byte deadline runs until the first body byte, the idle
 * deadline between body bytes after that.
 */
export async function sendRequest(options: SendRequestOptions): Promise<OpenResponse> {
  const url = `${options.baseURL}/responses`;
  // The attempt's own controller carries its deadlines and follows the call's signal.
  const attempt = new AbortController();
  const unfollow = followSignals(attempt, [options.signal]);
  const context = {
    callSignal: options.signal,
    attemptSignal: attempt.signal,
    origin: new URL(options.publicBaseURL).origin,
    connectMs: options.connectMs,
  };
  const firstByte = (): void => {
    attempt.abort(
      new TimeoutError({
        phase: 'first-byte',
        timeoutMs: options.firstByteMs,
        message: `No data within timeouts.firstByteMs (${options.firstByteMs} ms). Fix: raise timeouts.firstByteMs for long reasoning turns.`,
      }),
    );
  };
  const idle = (): void => {
    attempt.abort(
      new IdleTimeoutError({
        timeoutMs: options.idleMs,
        message: `The stream went quiet for timeouts.idleMs (${options.idleMs} ms) before its terminal event. Retryable; raise timeouts.idleMs if the model pauses longer.`,
      }),
    );
  };
  // The first-byte deadline runs from sending; after the first chunk, the idle deadline runs only
  // while we wait for data, so a slow consumer never counts as a silent server.
  let timer: NodeJS.Timeout | undefined = setTimeout(firstByte, options.firstByteMs);
  let gotFirstByte = false;
  const stop = (): void => clearTimeout(timer);

  let response: Dispatcher.ResponseData;
  try {
    response = await request(url, {
      method: 'POST',
      dispatcher: options.dispatcher,
      headers: options.headers,
      body: options.body,
      signal: attempt.signal,
      // Our own timers own these deadlines (typed errors, first byte vs idle); undici's must not fire first.
      headersTimeout: 0,
      bodyTimeout: 0,
    });
  } catch (error) {
    stop();
    unfollow();
    throw toMimoError(error, context);
  }
  const body = response.body;
  const iterator = body[Symbol.asyncIterator]();
  const read = async (): Promise<Uint8Array | undefined> => {
    if (gotFirstByte) timer = setTimeout(idle, options.idleMs);
    try {
      const next = await iterator.next();
      stop();
      if (next.done === true) return undefined;
      gotFirstByte = true;
      return next.value as Uint8Array;
    } catch (error) {
      stop();
      throw toMimoError(error, context);
    }
  };
  const close = (): void => {
    stop();
    unfollow();
    if (!body.destroyed) body.destroy(BODY_CLOSED);
  };
  const rawRequestId = requestIdOf(response.headers);
  const requestId = rawRequestId === undefined ? undefined : redactSecrets(rawRequestId, options.secrets);
  // A redirect is an error too: following it could send the key to another origin.
  if (response.statusCode >= 300) {
    // Only a prefix: a message needs a few hundred characters, not a 100 MB body.
    let bodyText: string;
    try {
      bodyText = await readPrefix(read, options.maxErrorBodyBytes);
    } finally {
      close();
    }
    throw apiErrorFromResponse({
      status: response.statusCode,
      headers: response.headers,
      bodyText,
      baseURL: options.publicBaseURL,
      secrets: options.secrets,
    });
  }
  return { status: response.statusCode, headers: response.headers, requestId, read, close };
}
