import { AsyncResource } from 'node:async_hooks';

/**
 * The async context the Node timer is armed in: the one this module was loaded in, not a caller's. A
 * timer keeps the context it was set in (with whatever `AsyncLocalStorage` values it holds) until it
 * fires, and the shared one is re-armed from its own callback: armed in a caller's context, it would keep
 * that caller's values (a finished call's scope, a request's) alive as long as any deadline waits.
 */
const LOADED_IN = new AsyncResource('mimo-agents.deadlines');

/** `setTimeout(fire, ms)` (a function `LOADED_IN.runInAsyncScope` can call). */
function armTimer(fire: () => void, ms: number): ReturnType<typeof setTimeout> {
  return setTimeout(fire, ms);
}

/** Something a `DeadlineTimer` expires: the timer keeps its deadline and its place in the queue on it. */
export interface DeadlineEntry {
  /** `performance.now()` (rounded up to a whole ms) at which it expires (set by `add`). */
  deadline: number;
  /** Its index in the timer's queue; -1 when it is in none. */
  heapIndex: number;
  /** Called once, when the deadline has passed (never after `remove`). */
  expire(): void;
}

/** Options of a {@link DeadlineTimer}. */
export interface DeadlineTimerOptions {
  /**
   * With no entry left, keep the Node timer set but unreferenced (it holds nothing open, and when it
   * fires it finds nothing due and stops) instead of clearing it; an entry added later re-arms it only
   * when its deadline is earlier than the one the timer is set for, else the timer just wakes up early
   * and re-arms for it. For a timer whose entries come and go all the time (a request's deadlines): no
   * `setTimeout`/`clearTimeout` pair per request. Default false.
   */
  linger?: boolean;
}

/**
 * Many deadlines on one Node timer: a min-heap of entries by deadline and a single `setTimeout` armed
 * for the earliest. An entry costs two numbers on itself instead of a `Timeout` object and a closure; a
 * removed entry is not referenced any more; with no entry left the timer is cleared (nothing holds the
 * process open; with `linger`, unreferenced instead). While an entry waits the timer is referenced, as
 * a `setTimeout` per entry would be. `expire()` runs outside the async context of whoever added the entry.
 */
export class DeadlineTimer {
  readonly #heap: DeadlineEntry[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined = undefined;
  /** The deadline the timer is armed for (`Infinity`: not armed). */
  #armedFor = Number.POSITIVE_INFINITY;
  /** Whether the timer is referenced (holds the process open): exactly while an entry waits. */
  #referenced = false;
  /** The `setTimeout` the timer was set with: one set under another clock (a test's fake timers) is not trusted to fire. */
  #setWith: typeof setTimeout | undefined = undefined;
  readonly #linger: boolean;
  readonly #fire = (): void => {
    this.#timer = undefined;
    this.#referenced = false;
    this.#armedFor = Number.POSITIVE_INFINITY;
    // Node's timers run on the event loop's clock, read at the start of the loop turn: a timer can fire
    // up to a millisecond before `performance.now()` says its time has come, so the last one counts as due.
    const now = performance.now() + 1;
    const heap = this.#heap;
    try {
      while (heap.length > 0 && (heap[0] as DeadlineEntry).deadline <= now) {
        const entry = heap[0] as DeadlineEntry;
        this.#removeAt(0);
        entry.expire();
      }
    } finally {
      // Re-armed even if an `expire()` threw: the deadlines after it still fire (those due, at once).
      const next = heap[0];
      if (next !== undefined) this.#arm(next.deadline);
    }
  };

  constructor(options: DeadlineTimerOptions = {}) {
    this.#linger = options.linger === true;
  }

  /** Entries waiting. */
  get size(): number {
    return this.#heap.length;
  }

  /** Whether a referenced Node timer is set, which holds the process open (false whenever no entry waits). */
  get armed(): boolean {
    return this.#timer !== undefined && this.#referenced;
  }

  /** Whether a Node timer is set at all (with `linger`, it may be while no entry waits, unreferenced). */
  get timerSet(): boolean {
    return this.#timer !== undefined;
  }

  /** Expires `entry` in `ms` milliseconds (at most 2^31-1) unless it is removed first. */
  add(entry: DeadlineEntry, ms: number): void {
    if (entry.heapIndex >= 0) this.remove(entry);
    // A whole number: a small integer field, not a boxed double on every entry.
    entry.deadline = Math.ceil(performance.now() + ms);
    const heap = this.#heap;
    entry.heapIndex = heap.length;
    heap.push(entry);
    this.#up(entry.heapIndex);
    if (entry.deadline < this.#armedFor || this.#setWith !== globalThis.setTimeout) this.#arm(entry.deadline);
    else if (!this.#referenced) {
      // A lingering timer set for no later than this deadline: it wakes up and re-arms for what is due next.
      (this.#timer as ReturnType<typeof setTimeout>).ref();
      this.#referenced = true;
    }
  }

  /** Forgets `entry` (no-op when it is not waiting): it will not expire and is not referenced any more. */
  remove(entry: DeadlineEntry): void {
    const index = entry.heapIndex;
    if (index < 0 || this.#heap[index] !== entry) return;
    this.#removeAt(index);
    // The timer may stay armed for an earlier entry's deadline: it then finds nothing due and re-arms.
    if (this.#heap.length === 0 && this.#timer !== undefined) {
      if (this.#linger) {
        if (this.#referenced) {
          this.#timer.unref();
          this.#referenced = false;
        }
        return;
      }
      clearTimeout(this.#timer);
      this.#timer = undefined;
      this.#referenced = false;
      this.#armedFor = Number.POSITIVE_INFINITY;
    }
  }

  #arm(deadline: number): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#armedFor = deadline;
    const ms = Math.max(0, Math.ceil(deadline - performance.now()));
    this.#setWith = globalThis.setTimeout;
    this.#timer = LOADED_IN.runInAsyncScope(armTimer, undefined, this.#fire, ms);
    this.#referenced = true;
  }

  #removeAt(index: number): void {
    const heap = this.#heap;
    const entry = heap[index] as DeadlineEntry;
    entry.heapIndex = -1;
    const last = heap.pop() as DeadlineEntry;
    if (index === heap.length) return;
    heap[index] = last;
    last.heapIndex = index;
    this.#up(index);
    this.#down(last.heapIndex);
  }

  #up(index: number): void {
    const heap = this.#heap;
    const entry = heap[index] as DeadlineEntry;
    let at = index;
    while (at > 0) {
      const parentAt = (at - 1) >> 1;
      const parent = heap[parentAt] as DeadlineEntry;
      if (parent.deadline <= entry.deadline) break;
      heap[at] = parent;
      parent.heapIndex = at;
      at = parentAt;
    }
    heap[at] = entry;
    entry.heapIndex = at;
  }

  #down(index: number): void {
    const heap = this.#heap;
    const entry = heap[index] as DeadlineEntry;
    let at = index;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= heap.length) break;
      const right = child + 1;
      if (
        right < heap.length &&
        (heap[right] as DeadlineEntry).deadline < (heap[child] as DeadlineEntry).deadline
      )
        child = right;
      const smaller = heap[child] as DeadlineEntry;
      if (smaller.deadline >= entry.deadline) break;
      heap[at] = smaller;
      smaller.heapIndex = at;
      at = child;
    }
    heap[at] = entry;
    entry.heapIndex = at;
  }
}

/**
 * The request deadlines of the whole process (first byte, idle, total): one Node timer for all requests
 * in flight, lingering between requests (see {@link DeadlineTimerOptions.linger}).
 */
export const requestDeadlines = new DeadlineTimer({ linger: true });
