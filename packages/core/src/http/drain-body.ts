import type { Readable } from 'node:stream';

/** The most bytes read past the terminal event before the connection is dropped instead. */
export const MAX_DRAIN_BYTES = 64 * 1024;

/** Why a drained body was dropped after all (built once: no stack trace per response). */
const DRAIN_ABANDONED = new Error(
  'The response body did not end within timeouts.drainMs after its terminal event; the connection was dropped.',
);
const DRAIN_TOO_LONG = new Error(
  `The response body went on for more than ${MAX_DRAIN_BYTES} bytes after its terminal event; the connection was dropped.`,
);

/**
 * Read the rest of a body we no longer need, so undici can hand its connection to the next request
 * instead of closing it: the end of body normally follows the terminal event at once. Bounded in
 * time (`drainMs`) and bytes ({@link MAX_DRAIN_BYTES}); past either, or on any error, the body is
 * destroyed, which closes the connection (a gateway that holds the socket open costs one timer,
 * never a hang). Runs in the background: nobody awaits it.
 */
export function drainBody(body: Readable, iterator: AsyncIterator<unknown>, drainMs: number): void {
  const timer = setTimeout(() => {
    if (!body.destroyed) body.destroy(DRAIN_ABANDONED);
  }, drainMs);
  let bytes = 0;
  const step = (next: IteratorResult<unknown>): Promise<void> | undefined => {
    if (next.done === true) {
      clearTimeout(timer);
      return undefined;
    }
    bytes += (next.value as Uint8Array).byteLength;
    if (bytes > MAX_DRAIN_BYTES) {
      clearTimeout(timer);
      body.destroy(DRAIN_TOO_LONG);
      return undefined;
    }
    return iterator.next().then(step, stop);
  };
  const stop = (): void => {
    clearTimeout(timer);
    if (!body.destroyed) body.destroy(DRAIN_ABANDONED);
  };
  iterator.next().then(step, stop);
}
