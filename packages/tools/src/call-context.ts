import type { ExecuteToolOptions } from './execute-tool.js';
import type { ToolContext } from './tool-types.js';

/** Where a `CallContext` gets the parts made on demand. */
export interface CallContextSource {
  /** The call's `AbortSignal` (made on the first call). */
  signal(): AbortSignal;
  /** The call's bounded progress function (made on the first call). */
  progress(): ToolContext['progress'];
}

/**
 * A tool's `ctx`: `signal` and `progress` are getters, so a call whose tool reads neither holds no
 * `AbortController` and no progress function. Both work when destructured (`{ signal, progress }`).
 */
export class CallContext implements ToolContext {
  readonly callId: string;
  readonly idempotencyKey: string;
  readonly attempt: number;
  readonly context: unknown;
  readonly #source: CallContextSource;

  constructor(source: CallContextSource, options: ExecuteToolOptions) {
    this.#source = source;
    this.callId = options.call.callId;
    this.idempotencyKey = options.idempotencyKey ?? options.call.callId;
    this.attempt = options.attempt ?? 1;
    this.context = options.context;
  }

  /** Aborted when the run is cancelled or the tool's timeout fires. */
  get signal(): AbortSignal {
    return this.#source.signal();
  }

  /** Reports progress (see `ToolContext.progress`). */
  get progress(): ToolContext['progress'] {
    return this.#source.progress();
  }
}
