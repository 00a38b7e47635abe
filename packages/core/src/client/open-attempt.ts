import type { AbortLike } from '../http/call-abort.js';
import { type OpenTarget, type SlotRelease, sendRequestInto } from '../http/send-request.js';
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
 * Take a limiter slot and send one attempt; `into` is told once a 2xx status arrives, or how it
 * failed. The slot is held until the response is closed or finished (a stream is in flight until
 * its terminal event). No promise and no async frame: an attempt that got a free slot at once and
 * waits for its answer holds only its exchange (a queued one holds its wait for a slot until then).
 * Throws only what a logger throws before a free slot's attempt is sent.
 */
export function openAttempt(context: ClientContext, options: OpenAttemptOptions, into: OpenTarget): void {
  // A free slot is taken at once, without a release closure: the exchange frees it through the limiter.
  const { limiter } = context;
  if (!options.signal.aborted && limiter.tryTake()) {
    sendAttempt(context, options, limiter, into);
    return;
  }
  acquireSlot(context, options.signal).then(
    (release) => {
      try {
        sendAttempt(context, options, release, into);
      } catch (error) {
        into.openFailed(error);
      }
    },
    (error: unknown) => into.openFailed(error),
  );
}

function sendAttempt(
  context: ClientContext,
  options: OpenAttemptOptions,
  release: SlotRelease,
  into: OpenTarget,
): void {
  options.call?.startTotal();
  const { logger } = context;
  try {
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
  } catch (error) {
    // A user's logger that throws fails the attempt (nothing is sent); its slot goes back.
    if (typeof release === 'function') release();
    else release.releaseTaken();
    throw error;
  }
  // The exchange frees the slot when it is closed, finished or fails; it types an error status
  // further (a retired model, a 400 that is really MiMo's own outage) through `http.classifyError`.
  sendRequestInto(
    into,
    context.http,
    options.stream ? context.headers.stream : context.headers.json,
    options.body,
    options.signal,
    release,
    options.model,
  );
}
