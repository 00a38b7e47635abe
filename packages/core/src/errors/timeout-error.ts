import { MimoError, type MimoErrorOptions } from './mimo-error.js';

/** Which deadline ran out. */
export type TimeoutPhase = 'queue' | 'connect' | 'first-byte' | 'idle' | 'total';

/**
 * A deadline ran out (`timeouts.queueMs`, `connectMs`, `firstByteMs`, `idleMs`, `eventIdleMs` or
 * `totalMs`). Retryable, except the total deadline (it already spans every attempt) and the queue
 * deadline (the request was never sent; queueing it again cannot help).
 */
export class TimeoutError extends MimoError {
  /** Which deadline ran out. */
  readonly phase: TimeoutPhase;
  /** The deadline, in milliseconds. */
  readonly timeoutMs: number;

  constructor(
    fields: { phase: TimeoutPhase; timeoutMs: number; message: string },
    options: MimoErrorOptions & { code?: 'timeout' | 'idle_timeout' } = {},
  ) {
    const { phase, timeoutMs, message } = fields;
    super(options.code ?? 'timeout', message, {
      cause: options.cause,
      retryable: phase !== 'total' && phase !== 'queue',
    });
    this.phase = phase;
    this.timeoutMs = timeoutMs;
  }
}
