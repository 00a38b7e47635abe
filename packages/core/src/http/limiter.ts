import { AbortError } from '../errors/abort-error.js';
import type { AbortLike } from './call-abort.js';

/** Options of {@link createLimiter}. */
export interface LimiterOptions {
  /** Maximum requests in flight at once. */
  maxConcurrency: number;
  /** Maximum requests started in any 60 s window (`Infinity` = no cap). */
  requestsPerMinute: number;
}

/** Gate in front of the HTTP pool, shared by every request of one client. */
export interface Limiter {
  /** Wait for a slot; resolves with its release function. Rejects with `AbortError` if `signal` aborts first. */
  acquire(signal?: AbortLike): Promise<() => void>;
  /**
   * A slot now, without waiting and without a release closure: `true` if one was taken (`false` when a
   * request would have to wait), which the taker frees with {@link releaseTaken}, exactly once (a
   * request waiting for its answer then holds no closure for its slot).
   */
  tryTake(): boolean;
  /** Free a slot taken with {@link tryTake}; the taker calls it once per slot. */
  releaseTaken(): void;
  /** Hold every waiting request for `ms` (a 429's Retry-After applies to the whole account). */
  pauseFor(ms: number): void;
  /** Requests waiting for a slot. */
  readonly waiting: number;
  /** Requests holding a slot. */
  readonly active: number;
  /** Drop waiting requests (they reject with `AbortError`) and timers. */
  clear(): void;
}

/** The rate window: `requestsPerMinute` counts the starts of the last 60 s. */
const WINDOW_MS = 60_000;

/** One request waiting for a slot. */
interface Waiter {
  resolve: (release: () => void) => void;
  reject: (error: AbortError) => void;
  signal: AbortLike | undefined;
  onAbort: () => void;
}

const waitAbortedMessage =
  'Request aborted while waiting for a limiter slot (signal aborted or client closed).';

/**
 * The client's limiter: `maxConcurrency` slots, `requestsPerMinute` starts in a sliding 60 s window,
 * and a pause for everyone when the server says to wait. Waiters are served first come, first
 * served. A free slot is taken without queueing (`tryTake`: a counter, no timer, no closure), and timers
 * exist only while someone waits, so the common case costs next to nothing per request.
 * @example const release = await limiter.acquire(signal); try { … } finally { release(); }
 */
export function createLimiter(options: LimiterOptions): Limiter {
  const { maxConcurrency, requestsPerMinute } = options;
  const rated = Number.isFinite(requestsPerMinute);
  /** Start times (ms) inside the current window, oldest first; only kept when rated. */
  const starts: number[] = [];
  /** Insertion-ordered, with O(1) removal for an aborted waiter. */
  const waiters = new Set<Waiter>();
  let active = 0;
  /** Nothing starts before this time (a 429's pause); 0 when never paused. */
  let resumeAt = 0;
  let timer: NodeJS.Timeout | undefined;

  /** How long until a start is allowed by the pause and the rate window (0 = now); ignores slots. */
  const delayAt = (now: number): number => {
    let delay = resumeAt - now;
    if (rated) {
      while (starts.length > 0 && (starts[0] as number) <= now - WINDOW_MS) starts.shift();
      if (starts.length >= requestsPerMinute)
        delay = Math.max(delay, (starts[0] as number) + WINDOW_MS - now);
    }
    return Math.max(delay, 0);
  };

  const start = (now: number): void => {
    active++;
    if (rated) starts.push(now);
  };

  const free = (): void => {
    if (active > 0) active--;
    serve();
  };

  const take = (now: number): (() => void) => {
    start(now);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      free();
    };
  };

  const disarm = (): void => {
    clearTimeout(timer);
    timer = undefined;
  };

  /** Hand free slots to waiters in order; if time is what blocks them, wake up when it has passed. */
  function serve(): void {
    if (waiters.size === 0) return;
    const now = Date.now();
    while (active < maxConcurrency) {
      const first = waiters.values().next();
      if (first.done === true) break;
      const delay = delayAt(now);
      if (delay > 0) {
        disarm();
        timer = setTimeout(() => {
          timer = undefined;
          serve();
        }, delay);
        return;
      }
      const waiter = first.value;
      waiters.delete(waiter);
      waiter.signal?.removeEventListener('abort', waiter.onAbort);
      waiter.resolve(take(now));
    }
    if (waiters.size === 0) disarm();
  }

  return {
    acquire(signal) {
      if (signal?.aborted) return Promise.reject(new AbortError());
      if (waiters.size === 0 && active < maxConcurrency) {
        const now = Date.now();
        if (delayAt(now) === 0) return Promise.resolve(take(now));
      }
      return new Promise((resolve, reject) => {
        const waiter: Waiter = {
          resolve,
          reject,
          signal,
          onAbort: () => {
            waiters.delete(waiter);
            if (waiters.size === 0) disarm();
            reject(new AbortError({ message: waitAbortedMessage }));
          },
        };
        waiters.add(waiter);
        signal?.addEventListener('abort', waiter.onAbort, { once: true });
        serve();
      });
    },
    tryTake() {
      if (waiters.size > 0 || active >= maxConcurrency) return false;
      const now = Date.now();
      if (delayAt(now) !== 0) return false;
      start(now);
      return true;
    },
    releaseTaken: free,
    pauseFor(ms) {
      resumeAt = Math.max(resumeAt, Date.now() + ms);
      // Waiters blocked on a slot see the pause when one frees; a timer already armed re-checks when it fires.
    },
    get waiting() {
      return waiters.size;
    },
    get active() {
      return active;
    },
    clear() {
      disarm();
      const dropped = [...waiters];
      waiters.clear();
      for (const waiter of dropped) {
        waiter.signal?.removeEventListener('abort', waiter.onAbort);
        waiter.reject(new AbortError({ message: waitAbortedMessage }));
      }
    },
  };
}
