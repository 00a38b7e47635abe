import type { AsyncResource } from 'node:async_hooks';
import type { Readable } from 'node:stream';
import type { ChunkTarget } from './send-request.js';

/**
 * Reads a response body chunk by chunk with callbacks: `read()` when the body has data, else wait for
 * its `readable` event or its end, as Node's async iterator over a stream does, without that
 * iterator's async generator, promises and resumption per chunk. A chunk already buffered is handed
 * over at once (synchronously); the body is read whole each time (`read()` returns all it holds), so
 * a target that asks again right away waits for new data. The body's events call back in the async
 * context of the request's caller (`scope`), not in the socket's: a keep-alive socket was opened by an
 * earlier request, and what its events run in belongs to that request (its AsyncLocalStorage stores).
 */
export class BodyReader {
  readonly #body: Readable;
  /** The request caller's async context, which the body's `readable` and end callbacks run in. */
  readonly #scope: AsyncResource;
  /** Where the pending read hands its chunk (`undefined`: no read pending). */
  #target: ChunkTarget | undefined = undefined;
  /** The body ended (cleanly: `#error` unset) or failed (`#failed`, with `#error`). */
  #done = false;
  #failed = false;
  #error: unknown = undefined;

  constructor(body: Readable, scope: AsyncResource) {
    this.#body = body;
    this.#scope = scope;
    body.on('readable', this.#onReadable);
    // The end, an error, and a close before either (a premature close), as `stream.finished` reports
    // them for a readable body that is new (nothing emitted yet), with three listeners of our own:
    // `finished` costs several times as much per response (its checks, its own AsyncResource, more
    // listeners). They stay on the body: it is over then, and removing them would cost more work per
    // response (undici's body schedules a tick when a `readable` listener goes) than it saves.
    body.on('end', this.#onEnd);
    body.on('error', this.#onError);
    body.on('close', this.#onClose);
  }

  /** Hand the next chunk (`undefined` at the end of the body) or the body's error to `target`; one read at a time. */
  readInto(target: ChunkTarget): void {
    this.#target = target;
    this.#pull();
  }

  readonly #onReadable = (): void => {
    if (this.#target !== undefined) this.#scope.runInAsyncScope(this.#pull, this);
  };

  readonly #onEnd = (): void => {
    this.#settle(false, undefined);
  };

  readonly #onError = (error: Error): void => {
    this.#settle(true, error);
  };

  /** A close after the end or an error changes nothing; before them, the body was cut (as `stream.finished` says). */
  readonly #onClose = (): void => {
    if (!this.#done && !this.#failed) this.#settle(true, prematureClose());
  };

  /** The body ended (cleanly, or failed with `error`); the first word counts. */
  #settle(failed: boolean, error: unknown): void {
    if (this.#done || this.#failed) return;
    if (failed) {
      this.#failed = true;
      this.#error = error;
    } else this.#done = true;
    if (this.#target !== undefined) this.#scope.runInAsyncScope(this.#pull, this);
  }

  #pull(): void {
    const body = this.#body;
    const chunk: unknown = body.destroyed ? null : body.read();
    const target = this.#target as ChunkTarget;
    if (chunk !== null) {
      this.#target = undefined;
      target.chunk(chunk as Uint8Array);
    } else if (this.#failed) {
      this.#target = undefined;
      target.readFailed(this.#error);
    } else if (this.#done) {
      this.#target = undefined;
      target.chunk(undefined);
    }
    // Else wait: the `readable` event or the end calls back.
  }
}

/** What `stream.finished` reports for a body closed before its end without an error (same code and message). */
function prematureClose(): Error {
  return Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' });
}
