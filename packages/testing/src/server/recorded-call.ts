import type { FiredFault } from '../reply/fault.js';
import type { WireErrorBody, WireResponse } from '../wire/response.js';

/** One request the test server received, and what it answered. */
export interface RecordedCall {
  /** Position in `server.calls` (0-based). */
  index: number;
  method: string;
  /** The request path, e.g. `/v1/responses`. */
  path: string;
  /** The parsed JSON body (`undefined` when it was not JSON). */
  body: unknown;
  /** The body exactly as received (to compare request bytes turn to turn). */
  rawBody?: string;
  /** Request headers, lower-cased; `api-key` and `authorization` are `'[redacted]'`. */
  headers: Record<string, string>;
  /** `Date.now()` when the request arrived. */
  receivedAt: number;
  /**
   * `Date.now()` when the answer ended: its last byte handed to the socket, the connection
   * dropped, or the client closed it. `undefined` while the answer is still in flight.
   */
  finishedAt?: number;
  /** Whether the body asked for SSE (`stream: true`). */
  stream: boolean;
  /** Faults that actually fired while answering. */
  faults: FiredFault[];
  /** Parameters the server filtered out or ignored, as MiMo does, one sentence each. */
  warnings: string[];
  /** The HTTP status answered (0 if no headers were written). */
  status: number;
  /** The error body answered, for 4xx/5xx answers. */
  error?: WireErrorBody;
  /** The final response object sent (non-streaming) or carried by the terminal event. */
  response?: WireResponse;
  /** True when the client closed the connection before the server finished answering. */
  clientAborted: boolean;
}

/** Replaces secret header values with `'[redacted]'`. */
export function redactHeaders(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const key = name.toLowerCase();
    out[key] =
      key === 'api-key' || key === 'authorization'
        ? '[redacted]'
        : Array.isArray(value)
          ? value.join(', ')
          : value;
  }
  return out;
}
