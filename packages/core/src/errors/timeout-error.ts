import { MimoError, type MimoErrorOptions } from './mimo-error.js';

/** Which deadline ran out. */
export type TimeoutPhase = 'connect' | 'first-byte' | 'idle' | 'total';

/**
 * A deadline ran out (`timeouts.connectMs`, `firstByteMs`, `idleMs` or `totalMs`). Retryable,
 * except the total deadline: it already spans every attempt, so trying again cannot help.
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
    super(options.code ?? 'timeout', message, { cause: options.cause, retryable: phase !== 'total' });
    this.phase = phase;
    this.timeoutMs = timeoutMs;
  }
}
