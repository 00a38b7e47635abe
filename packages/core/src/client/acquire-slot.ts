import { TimeoutError } from '../errors/timeout-error.js';
import type { AbortLike } from '../http/call-abort.js';
import { followSignal } from '../http/follow-signals.js';
import type { ClientContext } from './client-context.js';

/**
 * Wait for a limiter slot, at most `timeouts.queueMs` (when set): past it the request fails with a
 * `TimeoutError` of phase `queue` (not retried; nothing was sent). Resolves with the slot's release.
 */
export async function acquireSlot(context: ClientContext, signal: AbortLike): Promise<() => void> {
  const queueMs = context.options.timeouts.queueMs;
  if (!Number.isFinite(queueMs)) return context.limiter.acquire(signal);
  const wait = new AbortController();
  const unfollow = followSignal(wait, signal);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    wait.abort();
  }, queueMs);
  try {
    return await context.limiter.acquire(wait.signal);
  } catch (error) {
    if (!timedOut) throw error;
    throw new TimeoutError(
      {
        phase: 'queue',
        timeoutMs: queueMs,
        message: `The request waited timeouts.queueMs (${queueMs} ms) for a limiter slot and was not sent. Fix: raise timeouts.queueMs, maxConcurrency or requestsPerMinute, or send fewer requests at once.`,
      },
      { cause: error },
    );
  } finally {
    clearTimeout(timer);
    unfollow();
  }
}
