import type { OutputItem } from './output-items.js';

/** Token usage of one response. */
export interface ResponseUsage {
  input_tokens: number;
  input_tokens_details?: { cached_tokens?: number };
  output_tokens: number;
  output_tokens_details?: { reasoning_tokens?: number };
  total_tokens: number;
}

/** Status of a response. */
export type ResponseStatus = 'completed' | 'incomplete' | 'failed' | 'in_progress';

/** The response object returned by `POST /responses` and carried by lifecycle events. */
export interface Response {
  id: string;
  object: 'response';
  created_at: number;
  status: ResponseStatus;
  error: { code: string; message: string } | null;
  incomplete_details: { reason: string } | null;
  model: string;
  output: OutputItem[];
  output_text?: string;
  usage?: ResponseUsage;
  metadata?: unknown;
}
