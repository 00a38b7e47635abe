/**
 * What the request path reads of a call's abort signal: `aborted`, `reason` and `'abort'` listeners.
 * An `AbortSignal` is one; so is a {@link CallAbort}.
 */
export interface AbortLike {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/**
 * The abort of one call (a `ResponseStream`'s, or a `create()`'s): an {@link AbortLike} that is also its
 * own controller (`abort(reason)`). Not an `AbortController`: that builds an `AbortSignal`, an
 * `EventTarget` with a listener map and a record per listener, for every request; this keeps its one
 * usual listener (the attempt in flight) in a field. Listeners run once, in the order they were added;
 * adding the same listener twice adds it once, as with an `EventTarget`.
 */
export class CallAbort implements AbortLike {
  aborted = false;
  reason: unknown = undefined;
  #first: (() => void) | undefined = undefined;
  #more: (() => void)[] | undefined = undefined;

  /** Abort once with `reason` (an `AbortError` `DOMException` when none is given) and call the listeners. */
  abort(reason?: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason =
      reason === undefined ? new DOMException('This operation was aborted', 'AbortError') : reason;
    const first = this.#first;
    const more = this.#more;
    this.#first = undefined;
    this.#more = undefined;
    if (first !== undefined) call(first);
    if (more !== undefined) for (const listener of more) call(listener);
  }

  addEventListener(_type: 'abort', listener: () => void, _options?: { once?: boolean }): void {
    // Already aborted: an `EventTarget` would keep it but never call it again.
    if (this.aborted || listener === this.#first || this.#more?.includes(listener) === true) return;
    if (this.#first === undefined) this.#first = listener;
    else if (this.#more === undefined) this.#more = [listener];
    else this.#more.push(listener);
  }

  removeEventListener(_type: 'abort', listener: () => void): void {
    if (this.#first === listener) {
      this.#first = this.#more?.shift();
      return;
    }
    const more = this.#more;
    if (more === undefined) return;
    const index = more.indexOf(listener);
    if (index >= 0) more.splice(index, 1);
  }
}

/** Call a listener; one that throws does not stop the others, and its error surfaces as uncaught (as from an `EventTarget`). */
function call(listener: () => void): void {
  try {
    listener();
  } catch (error) {
    queueMicrotask(() => {
      throw error;
    });
  }
}
