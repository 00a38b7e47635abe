import { AbortError } from '../errors/abort-error.js';
import { ConnectionError } from '../errors/connection-error.js';
import { isMimoError, type MimoError } from '../errors/mimo-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import type { AbortLike } from './call-abort.js';

/** Context for {@link toMimoError}. */
export interface ErrorContext {
  /** The caller's signal (user abort, `stream.abort()`, or the total deadline). */
  callSignal: AbortLike;
  /** Why the attempt itself was aborted (its first-byte or idle deadline, or the call's reason), if it was. */
  attemptReason: unknown;
  /** Where the request went, for the message. */
  origin: string;
  /** The connect deadline, for the message. */
  connectMs: number;
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Turn whatever a request or body read threw into a typed `MimoError`: the deadline or abort
 * that caused it when there was one, else a `TimeoutError('connect')` or `ConnectionError`.
 */
export function toMimoError(error: unknown, context: ErrorContext): MimoError {
  const attemptReason = context.attemptReason;
  if (isMimoError(attemptReason)) return attemptReason;
  if (context.callSignal.aborted) {
    const reason: unknown = context.callSignal.reason;
    if (isMimoError(reason)) return reason;
    return new AbortError({ message: 'Request aborted by the caller.' }, { cause: reason });
  }
  if (isMimoError(error)) return error;
  const code = errorCode(error);
  if (code === 'UND_ERR_CONNECT_TIMEOUT') {
    return new TimeoutError(
      {
        phase: 'connect',
        timeoutMs: context.connectMs,
        message: `Could not connect to ${context.origin} within timeouts.connectMs (${context.connectMs} ms). Fix: check the network or raise timeouts.connectMs.`,
      },
      { cause: error },
    );
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new ConnectionError(
    {
      message: `Connection to ${context.origin} failed${code === undefined ? '' : ` (${code})`}: ${detail}. Retried automatically when possible.`,
    },
    { cause: error },
  );
}
