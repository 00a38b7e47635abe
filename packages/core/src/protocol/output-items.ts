import type { ReasoningText } from './input-items.js';
import type { ItemStatus } from './item-status.js';

/** A text part of an assistant output message. */
export interface OutputText {
  type: 'output_text';
  text: string;
  annotations: unknown[];
}

/** An assistant message in `response.output`. */
export interface OutputMessage {
  type: 'message';
  id: string;
  status: ItemStatus;
  role: 'assistant';
  content: OutputText[];
}

/**
 * A reasoning item in `response.output` (strip `summary` before replaying it). Other servers send some
 * with only `summary` / `encrypted_content` and no `content`.
 */
export interface OutputReasoningItem {
  type: 'reasoning';
  id: string;
  status?: ItemStatus;
  summary: unknown[];
  content?: ReasoningText[];
}

/** A function call in `response.output`. */
export interface OutputFunctionCall {
  type: 'function_call';
  id: string;
  status: ItemStatus;
  call_id: string;
  name: string;
  arguments: string;
}

/** Any item of `response.output`. */
export type OutputItem = OutputMessage | OutputReasoningItem | OutputFunctionCall;
