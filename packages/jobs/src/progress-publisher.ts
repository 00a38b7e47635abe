import type { RunEvent, RunEventType } from '@mimo-agents/runner';

/** Run events left out of job progress by default: the per-token deltas (one Redis write each). */
export const DELTA_EVENT_TYPES: readonly RunEventType[] = [
  'reasoning.delta',
  'text.delta',
  'tool.arguments.delta',
];

/** Which run events become job progress: `'all'`, or a list of event types. */
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
  return {
    publish(event) {
      if (!wanted(event.type)) return;
      chain = chain.then(() =>
        options.send(event).catch((error: unknown) => {
          options.onError?.(error, event);
        }),
      );
    },
    flush: () => chain,
  };
}
