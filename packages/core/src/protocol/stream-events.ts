import type { ReasoningText } from './input-items.js';
import type { OutputItem, OutputText } from './output-items.js';
import type { Response } from './response.js';

/** Fields every server event carries. */
interface EventBase {
  /** Position of the event in its stream, from 0. */
  sequence_number: number;
}

/** `response.created`: the response exists, status `in_progress`, empty output. */
export interface ResponseCreatedEvent extends EventBase {
  type: 'response.created';
  response: Response;
}

/** `response.in_progress`: generation has started. */
export interface ResponseInProgressEvent extends EventBase {
  type: 'response.in_progress';
  response: Response;
}

/** `response.completed`: terminal; the full response with all output and usage. */
export interface ResponseCompletedEvent extends EventBase {
  type: 'response.completed';
  response: Response;
}

/** `response.incomplete`: terminal; the response stopped early (see `incomplete_details`). */
export interface ResponseIncompleteEvent extends EventBase {
  type: 'response.incomplete';
  response: Response;
}

/** `response.failed`: terminal; the response failed (OpenAI format, not seen from MiMo). */
export interface ResponseFailedEvent extends EventBase {
  type: 'response.failed';
  response: Response;
}

/** `response.output_item.added`: a new output item begins (status `in_progress`). */
export interface OutputItemAddedEvent extends EventBase {
  type: 'response.output_item.added';
  output_index: number;
  item: OutputItem;
}

/** `response.output_item.done`: an output item is complete. */
export interface OutputItemDoneEvent extends EventBase {
  type: 'response.output_item.done';
  output_index: number;
  item: OutputItem;
}

/** A content part of a message or reasoning item. */
export type ContentPart = OutputText | ReasoningText;

/** `response.content_part.added`: a content part begins. */
export interface ContentPartAddedEvent extends EventBase {
  type: 'response.content_part.added';
  item_id: string;
  output_index: number;
  content_index: number;
  part: ContentPart;
}

/** `response.content_part.done`: a content part is complete. */
export interface ContentPartDoneEvent extends EventBase {
  type: 'response.content_part.done';
  item_id: string;
  output_index: number;
  content_index: number;
  part: ContentPart;
}

/** `response.output_text.delta`: a piece of answer text. */
export interface OutputTextDeltaEvent extends EventBase {
  type: 'response.output_text.delta';
  item_id: string;
  output_index: number;
  content_index: number;
  delta: string;
}

/** `response.output_text.done`: the whole answer text of one part. */
export interface OutputTextDoneEvent extends EventBase {
  type: 'response.output_text.done';
  item_id: string;
  output_index: number;
  content_index: number;
  text: string;
}

/** `response.reasoning_text.delta`: a piece of reasoning text. */
export interface ReasoningTextDeltaEvent extends EventBase {
  type: 'response.reasoning_text.delta';
  item_id: string;
  output_index: number;
  content_index: number;
  delta: string;
}

/** `response.reasoning_text.done`: the whole reasoning text of one part. */
export interface ReasoningTextDoneEvent extends EventBase {
  type: 'response.reasoning_text.done';
  item_id: string;
  output_index: number;
  content_index: number;
  text: string;
}

/** `response.function_call_arguments.delta`: a piece of a call's JSON arguments. */
export interface FunctionCallArgumentsDeltaEvent extends EventBase {
  type: 'response.function_call_arguments.delta';
  item_id: string;
  output_index: number;
  delta: string;
}

/** `response.function_call_arguments.done`: a call's full arguments string and name. */
export interface FunctionCallArgumentsDoneEvent extends EventBase {
  type: 'response.function_call_arguments.done';
  item_id: string;
  output_index: number;
  arguments: string;
  name: string;
}

/** `error`: terminal; an in-stream error (OpenAI format, not seen from MiMo). */
export interface ErrorStreamEvent extends EventBase {
  type: 'error';
  code: string | null;
  message: string;
  param: string | null;
}

/** Any event type this library does not know yet; kept so a new server event never crashes a consumer. */
export interface UnknownStreamEvent {
  type: 'unknown';
  /** The `type` the server sent (or the SSE `event:` name). */
  eventType: string;
  /** The parsed JSON payload. */
  data: unknown;
}

/** Every event `client.stream()` yields, discriminated on `type`. */
export type ResponseStreamEvent =
  | ResponseCreatedEvent
  | ResponseInProgressEvent
  | ResponseCompletedEvent
  | ResponseIncompleteEvent
  | ResponseFailedEvent
  | OutputItemAddedEvent
  | OutputItemDoneEvent
  | ContentPartAddedEvent
  | ContentPartDoneEvent
  | OutputTextDeltaEvent
  | OutputTextDoneEvent
  | ReasoningTextDeltaEvent
  | ReasoningTextDoneEvent
  | FunctionCallArgumentsDeltaEvent
  | FunctionCallArgumentsDoneEvent
  | ErrorStreamEvent
  | UnknownStreamEvent;

/** The `type` values of the events this library knows. */
export type KnownStreamEventType = Exclude<ResponseStreamEvent, UnknownStreamEvent>['type'];

/** Every known event type, for checking a server payload at runtime. */
export const KNOWN_STREAM_EVENT_TYPES: ReadonlySet<string> = new Set<KnownStreamEventType>([
  'response.created',
  'response.in_progress',
  'response.completed',
  'response.incomplete',
  'response.failed',
  'response.output_item.added',
  'response.output_item.done',
  'response.content_part.added',
  'response.content_part.done',
  'response.output_text.delta',
  'response.output_text.done',
  'response.reasoning_text.delta',
  'response.reasoning_text.done',
  'response.function_call_arguments.delta',
  'response.function_call_arguments.done',
  'error',
]);

/** A terminal event: the last one of a response stream. */
export type TerminalStreamEvent =
  | ResponseCompletedEvent
  | ResponseIncompleteEvent
  | ResponseFailedEvent
  | ErrorStreamEvent;

/** True for `response.completed`, `response.incomplete`, `response.failed` and `error`. */
export function isTerminalEvent(event: ResponseStreamEvent): event is TerminalStreamEvent {
  switch (event.type) {
    case 'response.completed':
    case 'response.incomplete':
    case 'response.failed':
    case 'error':
      return true;
    default:
      return false;
  }
}
