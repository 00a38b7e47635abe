/** One `ctx.progress()` update as the runner reports it. */
export interface ToolProgressUpdate {
  /** The message, cut to `maxProgressChars`. */
  message: string;
  /** The `data` passed, when its JSON fits in `maxProgressChars`. */
  data?: Record<string, unknown>;
}

/** Options of `progressReporter()`. */
export interface ProgressReporterOptions {
  /** Receives each update that passes the bounds. */
  onProgress: ((update: ToolProgressUpdate) => void) | undefined;
  /** Shortest gap between two updates, in ms; closer ones are dropped. */
  intervalMs: number;
  /** Longest message (and longest `data` JSON), in characters. */
  maxChars: number;
}

/** A bounded `ctx.progress`: rate-limited, size-limited, silent once `close()` was called. */
export function progressReporter(options: ProgressReporterOptions): {
  progress: (message: string, data?: Record<string, unknown>) => void;
  close: () => void;
} {
  const { onProgress, intervalMs, maxChars } = options;
  let last = Number.NEGATIVE_INFINITY;
  let closed = false;
  const progress = (message: string, data?: Record<string, unknown>): void => {
    if (closed || onProgress === undefined) return;
    const now = performance.now();
    if (now - last < intervalMs) return;
    last = now;
    const text = String(message);
    const update: ToolProgressUpdate = {
      message: text.length > maxChars ? `${text.slice(0, maxChars)}…` : text,
    };
    if (data !== undefined) {
      let json: string | undefined;
      try {
        json = JSON.stringify(data);
      } catch {
        json = undefined;
      }
      if (json !== undefined && json.length <= maxChars)
        update.data = JSON.parse(json) as Record<string, unknown>;
    }
    try {
      onProgress(update);
    } catch {
      // A listener's fault must not fail the tool.
    }
  };
  return {
    progress,
    close: () => {
      closed = true;
    },
  };
}
