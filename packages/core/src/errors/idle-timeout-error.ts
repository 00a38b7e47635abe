import type { MimoErrorOptions } from './mimo-error.js';
import { TimeoutError } from './timeout-error.js';

/** The stream went quiet for longer than `timeouts.idleMs` before its terminal event. Retryable. */
export class IdleTimeoutError extends TimeoutError {
  constructor(fields: { timeoutMs: number; message: string }, options: MimoErrorOptions = {}) {
    super({ phase: 'idle', ...fields }, { ...options, code: 'idle_timeout' });
  }
}
