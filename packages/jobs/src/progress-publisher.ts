import type { RunEvent, RunEventType } from '@mimo-agents/runner';

/** Run events left out of job progress by default: the per-token deltas (one Redis write each). */
export const DELTA_EVENT_TYPES: readonly RunEventType[] = [
  'reasoning.delta',
  'text.delta',
  'tool.arguments.delta',
];

/**
 * Which run events become job progress: `'all'`, or a list of event types. A sub-agent's event (an
 * `agent.event` wrapper) is judged by the event inside it, so the default leaves out sub-runs' deltas
 * too; listing `'agent.event'` passes every sub-agent event.
 */
export type ProgressEventFilter = 'all' | readonly RunEventType[];

/** Sends run events to a progress sink in order, without making the run wait for Redis. */
export interface ProgressPublisher {
  /** Queues an event (dropped if the filter leaves it out). */
  publish(event: RunEvent): void;
  /** Resolves when every queued update was sent (or failed). */
  flush(): Promise<void>;
}

/** Options of `createProgressPublisher`. */
export interface ProgressPublisherOptions {
  /** Where updates go, e.g. `(event) => job.updateProgress(event)`. */
  send: (event: RunEvent) => Promise<void>;
  /** Default: every event except the `*.delta` ones. */
  events?: ProgressEventFilter;
  /** Told about a failed update (the run goes on). */
  onError?: (error: unknown, event: RunEvent) => void;
}

/** Creates a `ProgressPublisher`: updates are chained so listeners see events in run order. */
export function createProgressPublisher(options: ProgressPublisherOptions): ProgressPublisher {
  const filter = options.events ?? 'default';
  let chain: Promise<void> = Promise.resolve();
  const wanted = (type: RunEventType): boolean => {
    if (filter === 'all') return true;
    if (filter === 'default') return !DELTA_EVENT_TYPES.includes(type);
    return filter.includes(type);
  };
  const passes = (event: RunEvent): boolean => {
    if (event.type !== 'agent.event') return wanted(event.type);
    // A listed 'agent.event' passes every sub-agent event; otherwise the wrapped event decides.
    if (filter !== 'all' && filter !== 'default' && filter.includes('agent.event')) return true;
    // The runner never nests wrappers: a sub-sub-agent's event has a longer `agent` path instead.
    return wanted(event.event.type);
  };
  return {
    publish(event) {
      if (!passes(event)) return;
      chain = chain.then(() =>
        options.send(event).catch((error: unknown) => {
          options.onError?.(error, event);
        }),
      );
    },
    flush: () => chain,
  };
}
