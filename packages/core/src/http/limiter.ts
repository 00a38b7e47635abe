import PQueue from 'p-queue';
import { AbortError } from '../errors/abort-error.js';

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
  acquire(signal?: AbortSignal): Promise<() => void>;
  /** Hold every waiting request for `ms` (a 429's Retry-After applies to the whole account). */
  pauseFor(ms: number): void;
  /** Requests waiting for a slot. */
  readonly waiting: number;
  /** Requests holding a slot. */
  readonly active: number;
  /** Drop waiting requests and timers. */
  clear(): void;
}

/**
 * A p-queue limiter: `maxConcurrency` slots, `requestsPerMinute` starts in a sliding 60 s window,
 * and a pause for everyone when the server says to wait.
 * @example const release = await limiter.acquire(signal); try { … } finally { release(); }
 */
export function createLimiter(options: LimiterOptions): Limiter {
  const rated = Number.isFinite(options.requestsPerMinute);
  const queue = new PQueue({
    concurrency: options.maxConcurrency,
    ...(rated ? { intervalCap: options.requestsPerMinute, interval: 60_000, strict: true } : {}),
  });
  let resumeAt = 0;
  let resumeTimer: NodeJS.Timeout | undefined;

  return {
    acquire(signal) {
      if (signal?.aborted) return Promise.reject(new AbortError());
      return new Promise((resolve, reject) => {
        queue
          .add(
            () =>
              new Promise<void>((done) => {
                let released = false;
                resolve(() => {
                  if (released) return;
                  released = true;
                  done();
                });
              }),
            signal === undefined ? {} : { signal },
          )
          .catch(() =>
            reject(
              new AbortError(
                'Request aborted while waiting for a limiter slot (signal aborted or client closed).',
              ),
            ),
          );
      });
    },
    pauseFor(ms) {
      const until = Date.now() + ms;
      if (until <= resumeAt) return;
      resumeAt = until;
      queue.pause();
      clearTimeout(resumeTimer);
      resumeTimer = setTimeout(() => {
        resumeAt = 0;
        queue.start();
      }, ms);
      resumeTimer.unref();
    },
    get waiting() {
      return queue.size;
    },
    get active() {
      return queue.pending;
    },
    clear() {
      clearTimeout(resumeTimer);
      queue.clear();
    },
  };
}
