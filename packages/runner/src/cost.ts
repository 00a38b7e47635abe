import { ConfigError, type ModelTable } from '@mimo-agents/core';
import type { RunUsage } from './usage.js';

/** What one model costs, in US dollars per million tokens. */
export interface ModelPrice {
  /** Uncached input tokens. */
  inputPerMTok: number;
  /** Input tokens served from cache (default: `inputPerMTok`). */
  cachedInputPerMTok?: number;
  /** Output tokens, reasoning included. */
  outputPerMTok: number;
}

/**
 * Prices by model name (the agent's `model`), used to put a `cost` on turns and results.
 * @example
 * const prices: PriceTable = { 'mimo-v2.6-pro': { inputPerMTok: 1, cachedInputPerMTok: 0.2, outputPerMTok: 3 } };
 */
export type PriceTable = Readonly<Record<string, ModelPrice>>;

/** The cost of some usage in US dollars, split by kind of token. */
export interface RunCost {
  /** Uncached input tokens. */
  input: number;
  /** Cached input tokens. */
  cachedInput: number;
  /** Output tokens (reasoning included). */
  output: number;
  /** The sum of the three. */
  total: number;
}

/** A cost of zero. */
export function emptyCost(): RunCost {
  return { input: 0, cachedInput: 0, output: 0, total: 0 };
}

/** What `usage` costs at `price` (cached tokens are charged at the cached rate, the rest of the input at the full one). */
export function costOf(usage: RunUsage, price: ModelPrice): RunCost {
  const cached = Math.min(usage.cachedTokens, usage.inputTokens);
  const input = ((usage.inputTokens - cached) * price.inputPerMTok) / 1e6;
  const cachedInput = (cached * (price.cachedInputPerMTok ?? price.inputPerMTok)) / 1e6;
  const output = (usage.outputTokens * price.outputPerMTok) / 1e6;
  return { input, cachedInput, output, total: input + cachedInput + output };
}

/** Sums costs field by field. */
export function addCost(...costs: RunCost[]): RunCost {
  const sum = emptyCost();
  for (const c of costs) {
    sum.input += c.input;
    sum.cachedInput += c.cachedInput;
    sum.output += c.output;
    sum.total += c.total;
  }
  return sum;
}

/**
 * The price a run uses: the user's `prices[model]` when given, else the client's model table
 * (MiMo V2.6 prices built in); `undefined` (no cost) when neither has one and no `prices` were given.
 */
export function resolvePrice(
  prices: PriceTable | undefined,
  models: ModelTable | undefined,
  model: string,
): ModelPrice | undefined {
  const fromTable = models?.get(model)?.prices;
  if (prices === undefined || (prices[model] === undefined && fromTable !== undefined)) return fromTable;
  return priceFor(prices, model);
}

/** The price of `model` in `prices`; a `ConfigError` naming the model when the table lacks it or a rate is invalid. */
export function priceFor(prices: PriceTable, model: string): ModelPrice {
  const price = prices[model];
  if (price === undefined)
    throw new ConfigError({
      field: 'prices',
      problem: `no entry for model "${model}"`,
      fix: `add prices["${model}"] = { inputPerMTok, outputPerMTok }, or leave prices out`,
    });
  for (const key of ['inputPerMTok', 'cachedInputPerMTok', 'outputPerMTok'] as const) {
    const rate = price[key];
    if (rate !== undefined && !(Number.isFinite(rate) && rate >= 0))
      throw new ConfigError({
        field: `prices["${model}"].${key}`,
        problem: String(rate),
        fix: 'give US dollars per million tokens as a finite number ≥ 0',
      });
  }
  return price;
}
