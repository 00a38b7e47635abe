import type { AbortLike } from '../http/call-abort.js';
import { type OpenResponse, type SlotRelease, sendRequest } from '../http/send-request.js';
import { acquireSlot } from './acquire-slot.js';
import type { ClientContext } from './client-context.js';

/** Options of {@link openAttempt}. */
export interface OpenAttemptOptions {
  /** The request body (bytes, sent as they are). */
  body: string | Uint8Array;
  stream: boolean;
  model: unknown;
  attempt: number;
  signal: AbortLike;
  /** The call whose total deadline starts once the attempt holds its limiter slot. */
  call?: { startTotal(): void };
}

/**
 * Take a limiter slot and send one attempt. The slot is held until the returned response is
 * closed or finished (a stream is in flight until its terminal event). Chained with `then`, not an
 * async function: an attempt waiting for its answer holds no suspended frame here.
 */
export function openAttempt(context: ClientContext, options: OpenAttemptOptions): Promise<OpenResponse> {
  // A free slot is taken at once: no promise (and no `then` on it) stays between this attempt and its
  // answer, and no release closure either (the exchange frees it through the limiter).
  const { limiter } = context;
  if (!options.signal.aborted && limiter.tryTake()) return sendAttempt(context, options, limiter);
  return acquireSlot(context, options.signal).then((release) => sendAttempt(context, options, release));
}

function sendAttempt(
  context: ClientContext,
  options: OpenAttemptOptions,
  release: SlotRelease,
): Promise<OpenResponse> {
  options.call?.startTotal();
  const { logger } = context;
  // The fields are only built for a logger that writes them (the default one is silent).
  if (logger.isLevelEnabled('info'))
    logger.info(
      {
        attempt: options.attempt,
        stream: options.stream,
        model: options.model,
        url: `${context.http.publicBaseURL}/responses`,
      },
      'mimo request sent',
    );
  // The exchange frees the slot when it is closed, finished or fails; it types an error status
  // further (a retired model, a 400 that is really MiMo's own outage) through `http.classifyError`.
  return sendRequest(
    context.http,
    options.stream ? context.headers.stream : context.headers.json,
    options.body,
    options.signal,
    release,
    options.model,
  );
}
