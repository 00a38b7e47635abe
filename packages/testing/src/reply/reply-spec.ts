import type { ServerResponse } from 'node:http';
import type { WireStreamEvent } from '../wire/stream-event.js';
import type { Fault } from './fault.js';

/** Per-reply streaming settings; they override the server's `streaming` option. */
export interface StreamingOptions {
  /** Characters per delta event (≥ 1). Default: 8. */
  deltaSize?: number;
  /** Delay in ms between events. Default: 0. */
  eventDelayMs?: number;
  /** Byte offsets in the whole SSE body where a TCP write ends (may fall inside a multi-byte character). */
  splitAt?: readonly number[];
  /** Interleave the argument deltas of a turn's parallel function calls. Default: false. */
  interleaveCalls?: boolean;
}

/** Writes a whole answer by hand; `signal` aborts when the server closes. */
export type RawServe = (res: ServerResponse, signal: AbortSignal) => void | Promise<void>;

/** One output item a scripted reply produces, before ids are assigned. */
export type ItemSpec =
  | { type: 'reasoning'; text: string }
  | { type: 'message'; text: string }
  | {
      type: 'function_call';
      name: string;
      arguments: string;
      callId?: string;
      status?: 'completed' | 'incomplete';
    };

/** Settings every reply kind can carry. */
export interface ReplyCommon {
  /** Faults to inject into this reply. */
  fault?: Fault | readonly Fault[];
  /** Streaming settings for this reply. */
  streaming?: StreamingOptions;
}

/** A scripted reply, discriminated on `type`. */
export type ReplySpec =
  | (ReplyCommon & {
      type: 'output';
      items: ItemSpec[];
      status?: 'completed' | 'incomplete' | 'failed';
      incompleteReason?: string;
    })
  | (ReplyCommon & {
      type: 'error';
      status: number;
      body?: unknown;
      retryAfter?: string;
      /** Sent as the `retry-after-ms` header. */
      retryAfterMs?: number;
      /** Send the body SSE-style (`data:{…}`), as MiMo was seen doing on streamed requests. */
      asSse?: boolean;
    })
  | (ReplyCommon & { type: 'recording'; events: WireStreamEvent[] })
  /**
   * Raw SSE text written as it is, one string per write, whatever it holds (broken JSON, wrong shapes):
   * a hostile or broken server. `faults` and `streaming` do not apply.
   */
  | (ReplyCommon & { type: 'frames'; frames: readonly string[] })
  /** A hostile or broken server: `serve` writes status, headers and body itself (faults are ignored). */
  | (ReplyCommon & { type: 'raw'; serve: RawServe })
  | (ReplyCommon & { type: 'demo' });
