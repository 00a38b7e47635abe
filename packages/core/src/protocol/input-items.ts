import type { ItemStatus } from './item-status.js';

/** A part of an input message's content. */
export type InputContentPart =
  | { type: 'input_text'; text: string }
  | { type: 'output_text'; text: string }
  | { type: 'input_image'; image_url: string };

/** A message in the history: user/system/developer input or an assistant replay. */
export interface InputMessage {
  type?: 'message';
  role: 'user' | 'system' | 'developer' | 'assistant';
  content: string | InputContentPart[];
  id?: string;
  status?: ItemStatus;
}

/** One block of reasoning text. */
export interface ReasoningText {
  type: 'reasoning_text';
  text: string;
}

/** A reasoning item replayed from an earlier turn; never carries `summary`. */
export interface ReasoningItem {
  type: 'reasoning';
  id: string;
  status?: ItemStatus;
  content?: ReasoningText[];
}

/** A function call replayed from an earlier turn. */
export interface FunctionCallItem {
  type: 'function_call';
  call_id: string;
  name: string;
  /** The arguments as a JSON string. */
  arguments: string;
  id?: string;
  status?: ItemStatus;
}

/** The result of a function call, sent back to the model. */
export interface FunctionCallOutputItem {
  type: 'function_call_output';
  call_id: string;
  output: string;
}

/** Any item of the `input` array. */
export type InputItem = InputMessage | ReasoningItem | FunctionCallItem | FunctionCallOutputItem;
