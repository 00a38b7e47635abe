import { readRecording } from '../recording/read-recording.js';
import { recordingPath } from '../recording/recording-path.js';
import type { RecordedCall } from '../server/recorded-call.js';
import type { WireRequest } from '../wire/request.js';
import type { Fault } from './fault.js';
import type { ItemSpec, RawServe, ReplyCommon, ReplySpec } from './reply-spec.js';

/** A reply computed from the request when it arrives. */
export type ReplyFunction = (request: WireRequest, call: RecordedCall) => ReplySpec | Promise<ReplySpec>;

/** A function call to script; `arguments` may be an object (serialised) or a raw string. */
export interface FunctionCallSpec {
  name: string;
  arguments: Record<string, unknown> | string;
  callId?: string;
}

/** Options of `reply.text()` and `reply.functionCalls()`. */
export interface TurnReplyOptions extends ReplyCommon {
  /** Emit a reasoning item with this text first. */
  reasoning?: string;
  /** (functionCalls only) an assistant message before the calls. */
  text?: string;
}

/** Options of `reply.incomplete()`. */
export interface IncompleteReplyOptions extends ReplyCommon {
  /** `incomplete_details.reason`. Default: `max_output_tokens`. */
  reason?: string;
  /** Text written before the cut. */
  partialText?: string;
  /** A function call cut off mid-arguments (its item has status `incomplete`). */
  cutFunctionCall?: { name: string; arguments: string; callId?: string };
  reasoning?: string;
}

/**
 * The FIFO script of replies: each request takes the next entry.
 * @example
 * server.reply.functionCalls([{ name: 'get_weather', arguments: { city: 'Paris' } }], { reasoning: 'Need weather.' });
 * server.reply.text('It is 18°C in Paris.');
 */
export class ReplyScript {
  readonly #queue: (ReplySpec | ReplyFunction)[] = [];
  #used = false;

  /** How many replies are still queued. */
  get pending(): number {
    return this.#queue.length;
  }

  /** Whether anything was ever queued (an exhausted script then answers 500). */
  get used(): boolean {
    return this.#used;
  }

  /** Queues a raw reply spec. */
  spec(spec: ReplySpec | ReplyFunction): this {
    this.#used = true;
    this.#queue.push(spec);
    return this;
  }

  /** Queues raw SSE text written as it is (one string per write): a broken or hostile server's stream. */
  frames(frames: readonly string[]): this {
    return this.spec({ type: 'frames', frames });
  }

  /**
   * Queues an answer written by hand (any status, headers and body, e.g. a server that never ends a
   * frame): the hostile-server seam for tests of the client's limits.
   */
  raw(serve: RawServe): this {
    return this.spec({ type: 'raw', serve });
  }

  /** Queues a reply computed from the request. */
  with(fn: ReplyFunction): this {
    return this.spec(fn);
  }

  /** Queues an assistant text answer (optionally preceded by reasoning). */
  text(text: string, options: TurnReplyOptions = {}): this {
    const { reasoning, text: _ignored, ...common } = options;
    return this.spec({
      ...common,
      type: 'output',
      items: [...reasoningItems(reasoning), { type: 'message', text }],
    });
  }

  /** Queues a turn of one or more function calls (optionally with reasoning and a message first). */
  functionCalls(calls: readonly FunctionCallSpec[], options: TurnReplyOptions = {}): this {
    const { reasoning, text, ...common } = options;
    const items: ItemSpec[] = [...reasoningItems(reasoning)];
    if (text !== undefined) items.push({ type: 'message', text });
    for (const call of calls) items.push(toCallItem(call));
    return this.spec({ ...common, type: 'output', items });
  }

  /** Starts a reply with a reasoning item: `reply.reasoning('…').text('…')` or `.functionCalls([…])`. */
  reasoning(reasoning: string): {
    text: (text: string, options?: ReplyCommon) => ReplyScript;
    functionCalls: (
      calls: readonly FunctionCallSpec[],
      options?: ReplyCommon & { text?: string },
    ) => ReplyScript;
  } {
    return {
      text: (text, options = {}) => this.text(text, { ...options, reasoning }),
      functionCalls: (calls, options = {}) => this.functionCalls(calls, { ...options, reasoning }),
    };
  }

  /** Queues a `response.incomplete` turn, cut off in text or inside a function call. */
  incomplete(options: IncompleteReplyOptions = {}): this {
    const { reason = 'max_output_tokens', partialText, cutFunctionCall, reasoning, ...common } = options;
    const items: ItemSpec[] = [...reasoningItems(reasoning)];
    if (partialText !== undefined) items.push({ type: 'message', text: partialText });
    if (cutFunctionCall !== undefined) items.push({ ...toCallItem(cutFunctionCall), status: 'incomplete' });
    return this.spec({ ...common, type: 'output', items, status: 'incomplete', incompleteReason: reason });
  }

  /** Queues an HTTP error answer (default body: MiMo's shape for that status). */
  error(
    status: number,
    body?: unknown,
    options: { retryAfter?: string; retryAfterMs?: number; asSse?: boolean } = {},
  ): this {
    const spec: ReplySpec = { type: 'error', status };
    if (body !== undefined) spec.body = body;
    if (options.retryAfter !== undefined) spec.retryAfter = options.retryAfter;
    if (options.retryAfterMs !== undefined) spec.retryAfterMs = options.retryAfterMs;
    if (options.asSse === true) spec.asSse = true;
    return this.spec(spec);
  }

  /** Queues a fault on a plain `ok` text reply (a `status` fault answers with that status instead). */
  fault(fault: Fault | readonly Fault[]): this {
    return this.spec({ type: 'output', items: [{ type: 'message', text: 'ok' }], fault });
  }

  /** Queues a replay of a recorded event stream: a name from `recordings/` (e.g. `'text'`) or a file path. */
  fromRecording(file: string, common: ReplyCommon = {}): this {
    const path = file.includes('/') || file.endsWith('.jsonl') ? file : recordingPath(file);
    return this.spec({ ...common, type: 'recording', events: readRecording(path) });
  }

  /** Queues one answer from the demo model. */
  demo(common: ReplyCommon = {}): this {
    return this.spec({ ...common, type: 'demo' });
  }

  /** Drops every queued reply. */
  clear(): this {
    this.#queue.length = 0;
    return this;
  }

  /** Takes the next reply (used by the server). */
  next(): ReplySpec | ReplyFunction | undefined {
    return this.#queue.shift();
  }
}

function reasoningItems(reasoning: string | undefined): ItemSpec[] {
  return reasoning === undefined ? [] : [{ type: 'reasoning', text: reasoning }];
}

function toCallItem(call: FunctionCallSpec): Extract<ItemSpec, { type: 'function_call' }> {
  const args = typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments);
  const item: Extract<ItemSpec, { type: 'function_call' }> = {
    type: 'function_call',
    name: call.name,
    arguments: args,
  };
  if (call.callId !== undefined) item.callId = call.callId;
  return item;
}
