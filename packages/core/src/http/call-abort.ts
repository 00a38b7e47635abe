/**
 * An `'abort'` listener: a function, or an object whose `handleEvent()` is called (as an `EventTarget`
 * calls one). An object that is its own listener needs no closure, nor the context a closure keeps,
 * while it waits.
 */
export type AbortListener = (() => void) | { handleEvent(): void };

/**
 * What the request path reads of a call's abort signal: `aborted`, `reason` and `'abort'` listeners.
 * An `AbortSignal` is one; so is a {@link CallAbort}.
 */
export interface AbortLike {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: AbortListener, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: AbortListener): void;
}

/**
 * The abort of one call (a `ResponseStream`'s, or a `create()`'s): an {@link AbortLike} that is also its
 * own controller (`abort(reason)`). Not an `AbortController`: that builds an `AbortSignal`, an
 * `EventTarget` with a listener map and a record per listener, for every request; this keeps its one
 * usual listener (the attempt in flight) in a field. Listeners run once, in the order they were added;
 * adding the same listener twice adds it once, as with an `EventTarget`. It can follow one other signal
 * ({@link follow}: a caller's) as that signal's listener itself, without a closure.
 */
export class CallAbort implements AbortLike {
  aborted = false;
  reason: unknown = undefined;
  #first: AbortListener | undefined = undefined;
  #more: AbortListener[] | undefined = undefined;
  /** The signal {@link follow} listens to, until {@link unfollow}. */
  #followed: AbortLike | undefined = undefined;

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

  addEventListener(_type: 'abort', listener: AbortListener, _options?: { once?: boolean }): void {
    // Already aborted: an `EventTarget` would keep it but never call it again.
    if (this.aborted || listener === this.#first || this.#more?.includes(listener) === true) return;
    if (this.#first === undefined) this.#first = listener;
    else if (this.#more === undefined) this.#more = [listener];
    else this.#more.push(listener);
  }

  removeEventListener(_type: 'abort', listener: AbortListener): void {
    if (this.#first === listener) {
      this.#first = this.#more?.shift();
      return;
    }
    const more = this.#more;
    if (more === undefined) return;
    const index = more.indexOf(listener);
    if (index >= 0) more.splice(index, 1);
  }

  /**
   * Abort with `signal`'s reason when it aborts (at once if it already has), until {@link unfollow}:
   * this object is the signal's listener (`handleEvent`), so following costs no closure. One signal at
   * a time; call `unfollow()` when the work is done, so a long-lived signal (a run's) collects no listeners.
   */
  follow(signal: AbortLike | undefined): void {
    if (signal === undefined) return;
    if (signal.aborted) {
      this.abort(signal.reason);
      return;
    }
    this.#followed = signal;
    signal.addEventListener('abort', this);
  }

  /** Stop following the signal {@link follow} listens to (if any). */
  unfollow(): void {
    const followed = this.#followed;
    if (followed === undefined) return;
    this.#followed = undefined;
    followed.removeEventListener('abort', this);
  }

  /** The followed signal aborted: abort with its reason. (The listener method of {@link follow}.) */
  handleEvent(): void {
    // Still followed (the listener stays until `unfollow()` removes it, as a closure's would).
    const followed = this.#followed;
    if (followed !== undefined) this.abort(followed.reason);
  }
}

/** Call a listener; one that throws does not stop the others, and its error surfaces as uncaught (as from an `EventTarget`). */
function call(listener: AbortListener): void {
  try {
    if (typeof listener === 'function') listener();
    else listener.handleEvent();
  } catch (error) {
    queueMicrotask(() => {
      throw error;
    });
  }
}
