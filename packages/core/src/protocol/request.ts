import type { InputItem } from './input-items.js';

/** Reasoning effort MiMo accepts: `none` turns thinking off, the other three all turn it on. */
export type ReasoningEffort = 'none' | 'low' | 'medium' | 'high';

/** A function tool the model may call. */
export interface FunctionTool {
  type: 'function';
  /** 1–64 characters. */
  name: string;
  description?: string;
  /** JSON Schema of the arguments object. */
  parameters: Record<string, unknown>;
  strict?: boolean;
}

/** Tool choice as the OpenAI format spells it; MiMo honours only `auto` and silently drops the rest. */
export type ToolChoice = 'auto' | 'none' | 'required' | { type: 'function'; name: string };

/** A JSON Schema output format, for models whose table entry has `jsonSchema: true` (MiMo V2.6 refuses it). */
export interface JsonSchemaFormat {
  type: 'json_schema';
  name: string;
  schema: Record<string, unknown>;
  description?: string;
  strict?: boolean;
}

/** Output text format: MiMo accepts `text` and `json_object`; `json_schema` only where the model table allows it. */
export interface TextFormat {
  format: { type: 'text' | 'json_object' } | JsonSchemaFormat;
}

/** The body of `POST /responses` (without `stream`: the client sets it). */
export interface ResponseRequest {
  model: string;
  input: string | InputItem[];
  instructions?: string;
  /** Counts reasoning and answer together; [1, 131072]. */
  max_output_tokens?: number;
  reasoning?: { effort: ReasoningEffort };
  tools?: FunctionTool[];
  tool_choice?: ToolChoice;
  parallel_tool_calls?: boolean;
  /** [0, 1.5]; ignored while thinking is on. */
  temperature?: number;
  /** [0.01, 1.0]; ignored while thinking is on. */
  top_p?: number;
  text?: TextFormat;
  prompt_cache_key?: string;
}
