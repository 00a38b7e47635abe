import type { ModelInfo, RetiredModel } from './model-info.js';

/** The model used when none is named: MiMo V2.6 Pro. */
export const DEFAULT_MODEL = 'mimo-v2.6-pro';

/** MiMo's context window for V2.6, in tokens (probed live). */
export const DEFAULT_CONTEXT_WINDOW = 1_048_576;

/** MiMo's largest `max_output_tokens` for V2.6 (reasoning and answer together). */
export const DEFAULT_MAX_OUTPUT_TOKENS = 131_072;

const v26 = {
  contextWindow: DEFAULT_CONTEXT_WINDOW,
  maxOutputTokens: DEFAULT_MAX_OUTPUT_TOKENS,
  reasoningEfforts: ['none', 'low', 'medium', 'high'],
  input: { image: true, audio: true },
  // MiMo's V2.6 probe: 400 for json_schema, json_object only (one open claim for flash: a setting).
  jsonSchema: false,
} as const;

/**
 * The models MiMo serves (V2.6, launched 2026-09-22), with first-party prices. Ultraspeed's price
 * is not published: set it with `createClient({ models: { 'mimo-v2.6-pro-ultraspeed': { prices } } })`.
 */
export const BUILT_IN_MODELS: readonly ModelInfo[] = [
  {
    name: 'mimo-v2.6-pro',
    ...v26,
    prices: { inputPerMTok: 0.435, cachedInputPerMTok: 0.0036, outputPerMTok: 0.87 },
  },
  {
    name: 'mimo-v2.6-flash',
    ...v26,
    prices: { inputPerMTok: 0.14, cachedInputPerMTok: 0.0028, outputPerMTok: 0.28 },
  },
  { name: 'mimo-v2.6-pro-ultraspeed', ...v26, prices: undefined },
];

/** Models MiMo has retired, each with its replacement (the server answers 400 "Not supported model" or 404). */
export const RETIRED_MODELS: readonly RetiredModel[] = [
  { name: 'mimo-v2.5-pro', replacement: 'mimo-v2.6-pro', retiredOn: '2026-10-21' },
  { name: 'mimo-v2.5', replacement: 'mimo-v2.6-flash', retiredOn: '2026-10-21' },
  { name: 'mimo-v2-pro', replacement: 'mimo-v2.6-pro', retiredOn: '2026-06-30' },
  { name: 'mimo-v2-flash', replacement: 'mimo-v2.6-flash', retiredOn: '2026-06-30' },
];
