/**
 * The abort of one attempt, in the shape undici accepts as a request's `signal`: an `EventEmitter`'s
 * `on`/`once`/`removeListener` (undici's documented alternative to an `AbortSignal`). It holds the one
 * listener undici adds, in a field: no `AbortController`, no `AbortSignal` with its listener map, and
 * no listener record per request, which is what an attempt waiting for its answer would otherwise hold.
 * Deliberately without an `aborted` property: undici takes an object that has one for an `AbortSignal`.
 */
export class AttemptAbort {
  /** Why the attempt was aborted (read by undici when the listener runs); `undefined` until then. */
  reason: unknown = undefined;
  #fired = false;
  #listener: (() => void) | undefined = undefined;

  /** Whether {@link abort} was called. */
  get fired(): boolean {
    return this.#fired;
  }

  /** Abort once: set the reason and call the listener (the request fails with that reason). */
  abort(reason: unknown): void {
    if (this.#fired) return;
    this.#fired = true;
    this.reason = reason;
    const listener = this.#listener;
    this.#listener = undefined;
    listener?.();
  }

  /** `EventEmitter.on('abort', listener)`: keeps the one listener (undici adds one per request). */
  on(_event: string, listener: () => void): this {
    this.#listener = listener;
    return this;
  }

  /** `EventEmitter.once('abort', listener)`: the same (the listener runs at most once anyway). */
  once(event: string, listener: () => void): this {
    return this.on(event, listener);
  }

  /** `EventEmitter.removeListener('abort', listener)`. */
  removeListener(_event: string, listener: () => void): this {
    if (this.#listener === listener) this.#listener = undefined;
    return this;
  }
}
