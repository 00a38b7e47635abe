/** An input item as the server sees it: loosely typed, because clients send anything. */
export interface WireInputItem {
  type?: string;
  role?: string;
  content?: unknown;
  id?: string;
  call_id?: string;
  name?: string;
  arguments?: string;
  output?: unknown;
  summary?: unknown;
  [key: string]: unknown;
}

/** A tool definition in a request. */
export interface WireTool {
  type: string;
  name?: string;
  description?: string;
  parameters?: Record<string, unknown>;
  strict?: boolean;
  [key: string]: unknown;
}

/** The parsed body of `POST /v1/responses`, after validation. */
export interface WireRequest {
  model: string;
  input: string | WireInputItem[];
  instructions?: string;
  max_output_tokens?: number;
  stream?: boolean;
  reasoning?: { effort?: string };
  tools?: WireTool[];
  tool_choice?: unknown;
  parallel_tool_calls?: boolean;
  temperature?: number;
  top_p?: number;
  text?: { format?: { type?: string } };
  prompt_cache_key?: string;
  [key: string]: unknown;
}
