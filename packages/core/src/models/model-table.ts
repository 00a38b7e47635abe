import { ConfigError } from '../errors/config-error.js';
import { isRecord } from '../json/is-record.js';
import type { ReasoningEffort } from '../protocol/request.js';
import {
  BUILT_IN_MODELS,
  DEFAULT_CONTEXT_WINDOW,
  DEFAULT_MAX_OUTPUT_TOKENS,
  RETIRED_MODELS,
} from './built-in-models.js';
import type { ModelEntry, ModelInfo, ModelPrices, RetiredModel } from './model-info.js';

/** The models a client knows: look-ups for the request guard, error mapping and cost. */
export interface ModelTable {
  /** The entry of `name`, or `undefined` for a model the table does not know (such a model is still sent). */
  get(name: string): ModelInfo | undefined;
  /** The retirement record of `name`, or `undefined` when it is not retired. */
  retired(name: string): RetiredModel | undefined;
  /** Every known model, built-in and added. */
  list(): readonly ModelInfo[];
}

/** Options of {@link createModelTable}. */
export interface ModelTableOptions {
  /** Entries to add, or to change field by field (e.g. ultraspeed's `prices`). */
  models?: Readonly<Record<string, ModelEntry>> | undefined;
  /** Extra retired models, by name, each with its replacement. */
  retired?: Readonly<Record<string, { replacement: string; retiredOn?: string }>> | undefined;
}

const EFFORTS: readonly ReasoningEffort[] = ['none', 'low', 'medium', 'high'];

/** What a model the user adds gets for a field it leaves out. */
const NEW_MODEL: Omit<ModelInfo, 'name'> = {
  contextWindow: DEFAULT_CONTEXT_WINDOW,
  maxOutputTokens: DEFAULT_MAX_OUTPUT_TOKENS,
  reasoningEfforts: EFFORTS,
  input: { image: false, audio: false },
  jsonSchema: false,
  prices: undefined,
};

function fail(field: string, problem: string, fix: string): never {
  throw new ConfigError({ field, problem, fix });
}

function positiveInteger(field: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1)
    fail(field, JSON.stringify(value) ?? String(value), 'pass a whole number of tokens >= 1');
  return value;
}

function flag(field: string, value: unknown): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value;
  return fail(field, JSON.stringify(value) ?? String(value), 'pass true or false');
}

function efforts(field: string, value: unknown): readonly ReasoningEffort[] | undefined {
  if (value === undefined) return undefined;
  const known: readonly string[] = EFFORTS;
  if (!Array.isArray(value) || value.some((effort) => !known.includes(effort as string)))
    fail(field, JSON.stringify(value) ?? String(value), `list some of ${EFFORTS.join(', ')}`);
  return value as ReasoningEffort[];
}

function prices(field: string, value: unknown): ModelPrices | undefined {
  if (value === undefined) return undefined;
  if (!isRecord(value)) fail(field, 'not an object', 'pass { inputPerMTok, outputPerMTok } in US dollars');
  const rate = (key: string, required: boolean): number | undefined => {
    const rateValue = value[key];
    if (rateValue === undefined && !required) return undefined;
    if (typeof rateValue !== 'number' || !Number.isFinite(rateValue) || rateValue < 0)
      fail(
        `${field}.${key}`,
        String(rateValue),
        'give US dollars per million tokens as a finite number >= 0',
      );
    return rateValue;
  };
  const cached = rate('cachedInputPerMTok', false);
  return {
    inputPerMTok: rate('inputPerMTok', true) as number,
    outputPerMTok: rate('outputPerMTok', true) as number,
    ...(cached === undefined ? {} : { cachedInputPerMTok: cached }),
  };
}

/** Check one user entry and lay it over `base` (the built-in row, or the defaults of a new model). */
function mergeEntry(name: string, entry: unknown, base: Omit<ModelInfo, 'name'>): ModelInfo {
  const field = `models["${name}"]`;
  if (name.trim() === '')
    fail('models', 'an empty model name', 'key each entry by the model name sent as `model`');
  if (!isRecord(entry))
    fail(field, 'not an object', 'pass { contextWindow, maxOutputTokens, input, prices, … }');
  const input = entry.input;
  if (input !== undefined && !isRecord(input))
    fail(`${field}.input`, 'not an object', 'pass { image, audio }');
  const contextWindow = positiveInteger(`${field}.contextWindow`, entry.contextWindow) ?? base.contextWindow;
  const maxOutputTokens =
    positiveInteger(`${field}.maxOutputTokens`, entry.maxOutputTokens) ?? base.maxOutputTokens;
  if (maxOutputTokens > contextWindow)
    fail(
      `${field}.maxOutputTokens`,
      `${maxOutputTokens} > contextWindow ${contextWindow}`,
      'keep it within the context window',
    );
  return {
    name,
    contextWindow,
    maxOutputTokens,
    reasoningEfforts: efforts(`${field}.reasoningEfforts`, entry.reasoningEfforts) ?? base.reasoningEfforts,
    input: {
      image: flag(`${field}.input.image`, input?.image) ?? base.input.image,
      audio: flag(`${field}.input.audio`, input?.audio) ?? base.input.audio,
    },
    jsonSchema: flag(`${field}.jsonSchema`, entry.jsonSchema) ?? base.jsonSchema,
    prices: 'prices' in entry ? prices(`${field}.prices`, entry.prices) : base.prices,
  };
}

/**
 * The built-in table (MiMo V2.6 and the retired names) with the user's entries laid over it.
 * Entries are checked now: a bad one throws `ConfigError` naming `models["name"].field`.
 * @example createModelTable({ models: { 'mimo-v2.6-pro-ultraspeed': { prices: { inputPerMTok: 1, outputPerMTok: 2 } } } })
 */
export function createModelTable(options: ModelTableOptions = {}): ModelTable {
  const byName = new Map(BUILT_IN_MODELS.map((model) => [model.name, model] as const));
  const retired = new Map(RETIRED_MODELS.map((model) => [model.name, model] as const));
  const models: unknown = options.models;
  if (models !== undefined && !isRecord(models))
    fail('models', 'not an object', "pass { 'model-name': { contextWindow, … } }");
  for (const [name, entry] of Object.entries(models ?? {})) {
    byName.set(name, mergeEntry(name, entry, byName.get(name) ?? NEW_MODEL));
    // A model the user lists is served where they send it (a reseller may still serve an old name).
    retired.delete(name);
  }
  const extraRetired: unknown = options.retired;
  if (extraRetired !== undefined && !isRecord(extraRetired))
    fail('retiredModels', 'not an object', "pass { 'old-name': { replacement: 'new-name' } }");
  for (const [name, entry] of Object.entries(extraRetired ?? {})) {
    if (!isRecord(entry) || typeof entry.replacement !== 'string' || entry.replacement === '')
      fail(`retiredModels["${name}"]`, 'no replacement', "pass { replacement: 'model-name' }");
    const retiredOn = typeof entry.retiredOn === 'string' ? entry.retiredOn : 'unknown';
    retired.set(name, { name, replacement: entry.replacement, retiredOn });
    byName.delete(name);
  }
  return {
    get: (name) => byName.get(name),
    retired: (name) => retired.get(name),
    list: () => [...byName.values()],
  };
}

/** The built-in table, for callers without a client (e.g. `guardRequest()` on its own). */
export const BUILT_IN_MODEL_TABLE: ModelTable = createModelTable();
