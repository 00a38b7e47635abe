/** The status of an output item, as the server reports it. */
export type WireItemStatus = 'in_progress' | 'completed' | 'incomplete';

/** A text part of an assistant message. */
export interface WireOutputText {
  type: 'output_text';
  text: string;
  annotations: unknown[];
}

/** A reasoning text part. */
export interface WireReasoningText {
  type: 'reasoning_text';
  text: string;
}

/** An assistant message output item. */
export interface WireOutputMessage {
  type: 'message';
  id: string;
  status: WireItemStatus;
  role: 'assistant';
  content: WireOutputText[];
}

/** A reasoning output item (`summary` is always empty, like MiMo's). */
export interface WireReasoningItem {
  type: 'reasoning';
  id: string;
  status: WireItemStatus;
  summary: unknown[];
  content: WireReasoningText[];
}

/** A function call output item. */
export interface WireFunctionCall {
  type: 'function_call';
  id: string;
  status: WireItemStatus;
  call_id: string;
  name: string;
  arguments: string;
}

/** Any output item the server emits. */
export type WireOutputItem = WireOutputMessage | WireReasoningItem | WireFunctionCall;

/** Token usage of one response. */
export interface WireUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

/** The status of a whole response. */
export type WireResponseStatus = 'completed' | 'incomplete' | 'failed' | 'in_progress';

/** The response object, as returned by non-streaming calls and carried by lifecycle events. */
export interface WireResponse {
  id: string;
  object: 'response';
  created_at: number;
  status: WireResponseStatus;
  error: { code: string; message: string } | null;
  incomplete_details: { reason: string } | null;
  model: string;
  output: WireOutputItem[];
  output_text: string;
  usage: WireUsage | null;
  metadata: Record<string, string>;
  parallel_tool_calls: boolean;
  tool_choice: 'auto';
  tools: unknown[];
  temperature: number | null;
  top_p: number | null;
  instructions: string | null;
  max_output_tokens: number | null;
  reasoning: { effort: string | null; summary: null } | null;
  text: { format: { type: string } };
}

/** The error body MiMo answers with (`code` is a string such as "400"). */
export interface WireErrorBody {
  error: { code: string; message: string; param?: string; type?: string };
}
