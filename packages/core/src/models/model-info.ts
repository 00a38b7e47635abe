import type { ReasoningEffort } from '../protocol/request.js';

/** What one model costs, in US dollars per million tokens (the runner's `ModelPrice` has the same shape). */
export interface ModelPrices {
  /** Uncached input tokens. */
  inputPerMTok: number;
  /** Input tokens served from cache (default: `inputPerMTok`). */
  cachedInputPerMTok?: number;
  /** Output tokens, reasoning included. */
  outputPerMTok: number;
}

/** One model's limits, capabilities and prices: a row of the model table. */
export interface ModelInfo {
  /** The name sent as `model`. */
  name: string;
  /** Context window in tokens (input and output together). */
  contextWindow: number;
  /** Largest `max_output_tokens` (reasoning and answer together). */
  maxOutputTokens: number;
  /** `reasoning.effort` values the model takes; others are refused before sending. */
  reasoningEfforts: readonly ReasoningEffort[];
  /** Input kinds beside text the model takes; parts of another kind are refused before sending. */
  input: { image: boolean; audio: boolean };
  /** Whether `text.format` `json_schema` is accepted (MiMo V2.6: `json_object` only). */
  jsonSchema: boolean;
  /** Prices per million tokens; `undefined` when not published (then no cost is computed). */
  prices: ModelPrices | undefined;
}

/** A model the server no longer serves, and what to use instead. */
export interface RetiredModel {
  /** The retired name. */
  name: string;
  /** The model to move to. */
  replacement: string;
  /** When it was retired (ISO date). */
  retiredOn: string;
}

/** A user's entry for `createClient({ models })`: any field left out keeps the built-in value (or the default for a new model). */
export type ModelEntry = Partial<Omit<ModelInfo, 'name' | 'input'>> & {
  /** Input kinds beside text (each left out keeps its current value, `false` for a new model). */
  input?: Partial<ModelInfo['input']>;
};
