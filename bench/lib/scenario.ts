import type { ReplySpec, WireRequest } from '@mimo-agents/testing';

/** Tool-calling turns per run; each asks for both tools at once. */
export const TOOL_TURNS = 3;
/** Model requests per run: the tool turns and the final answer. */
export const REQUESTS_PER_RUN = TOOL_TURNS + 1;
/** The model name every implementation sends. */
export const MODEL = 'mimo-v2.6-pro';
/** The user message every implementation sends. */
export const PROMPT = 'Price and stock for three products, please.';
/** The system prompt every implementation sends. */
export const INSTRUCTIONS = 'You check prices and stock. Call both tools for each product, then summarise.';

/** Tool 1, the same function in every implementation. */
export function lookupPrice(sku: string): { sku: string; priceCents: number; currency: string } {
  return { sku, priceCents: 1000 + sku.length * 37, currency: 'EUR' };
}

/** Tool 2, the same function in every implementation. */
export function checkStock(sku: string): { sku: string; inStock: boolean; warehouse: string } {
  return { sku, inStock: sku.length % 2 === 0, warehouse: 'AMS-1' };
}

/** Descriptions and JSON Schema shared by the implementations that take raw schemas. */
export const TOOL_DESCRIPTIONS = {
  lookup_price: 'Price of a product by SKU',
  check_stock: 'Stock level of a product by SKU',
} as const;

/** The final answer of the scripted model; a run that returns it made all its tool turns. */
export const FINAL_TEXT =
  'All three products are priced and in the catalogue: sku-1 costs 10.37 EUR, sku-2 costs 10.37 EUR ' +
  'and sku-3 costs 10.37 EUR; stock was checked for each in warehouse AMS-1.';

/**
 * The scripted model: turn n (counted from the tool outputs already in the history) calls both tools
 * for `sku-n`; after `TOOL_TURNS` tool turns it answers with a fixed text. Stateless, so any number
 * of runs can share one server.
 */
export function scenarioReply(request: WireRequest): ReplySpec {
  const outputs = Array.isArray(request.input)
    ? request.input.filter((item) => item.type === 'function_call_output').length
    : 0;
  const turn = Math.floor(outputs / 2) + 1;
  if (turn > TOOL_TURNS) return { type: 'output', items: [{ type: 'message', text: FINAL_TEXT }] };
  const args = JSON.stringify({ sku: `sku-${turn}` });
  return {
    type: 'output',
    items: [
      { type: 'function_call', name: 'lookup_price', arguments: args },
      { type: 'function_call', name: 'check_stock', arguments: args },
    ],
  };
}
