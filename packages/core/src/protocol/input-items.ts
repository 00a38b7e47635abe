import type { ItemStatus } from './item-status.js';

/**
 * An image for the model: an `https://…` URL or a `data:image/…;base64,…` URL in `image_url`
 * (or an uploaded `file_id`, OpenAI's form). `detail` as in the OpenAI Responses format.
 */
export type InputImagePart = {
  type: 'input_image';
  detail?: 'low' | 'high' | 'auto';
} & ({ image_url: string; file_id?: never } | { file_id: string; image_url?: never });

/** Audio for the model, as the OpenAI Responses format has it: base64 `data` in `wav` or `mp3`. */
export interface InputAudioPart {
  type: 'input_audio';
  input_audio: { data: string; format: 'wav' | 'mp3' };
}

/** A part of an input message's content. */
export type InputContentPart =
  | { type: 'input_text'; text: string }
  | { type: 'output_text'; text: string }
  | InputImagePart
  | InputAudioPart;

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
