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

/**
 * A hook the measuring code sets to look at the heap while runs wait in a tool (never set in timed
 * runs). When it returns a promise, check_stock waits for it: runs can be parked inside the tool.
 */
export const toolProbe: { onCheckStock: (() => void | Promise<void>) | undefined } = {
  onCheckStock: undefined,
};

/** What check_stock returns. */
export interface StockLevel {
  sku: string;
  inStock: boolean;
  warehouse: string;
}

/** Tool 2, the same function in every implementation (a promise only while a probe parks the runs). */
export function checkStock(sku: string): StockLevel | Promise<StockLevel> {
  const parked = toolProbe.onCheckStock?.();
  const level = { sku, inStock: sku.length % 2 === 0, warehouse: 'AMS-1' };
  return parked === undefined ? level : parked.then(() => level);
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

/** A 200-character final answer for the fine-grained workload (25 text deltas of 8 characters). */
export const FINE_FINAL_TEXT =
  `${'Prices and stock are in: sku-1 costs 10.37 EUR and is in stock at AMS-1, sku-2 costs 10.37 EUR and is in stock too. '.repeat(2)}`.slice(
    0,
    200,
  );

/** How the scripted model streams one run: tool turns, delta sizes and the final answer. */
export interface Workload {
  /** Short name used on the command line of the child processes (`coarse` | `fine`). */
  name: 'coarse' | 'fine';
  /** Tool-calling turns per run; each asks for both tools at once. */
  toolTurns: number;
  /** Characters per `function_call_arguments.delta`. */
  argumentDelta: number;
  /** Characters per `output_text.delta`. */
  textDelta: number;
  /** The final answer; a run that returns it made all its tool turns. */
  finalText: string;
}

/** Benchmark 3's first workload: 3 tool turns × 2 calls, 8-character deltas, a 160-character answer. */
export const COARSE: Workload = {
  name: 'coarse',
  toolTurns: TOOL_TURNS,
  argumentDelta: 8,
  textDelta: 8,
  finalText: FINAL_TEXT,
};

/** The fine-grained workload: 3 model turns, 4 calls (2 + 2), 4-character argument deltas, 8-character text deltas, 200-character answer. */
export const FINE: Workload = {
  name: 'fine',
  toolTurns: 2,
  argumentDelta: 4,
  textDelta: 8,
  finalText: FINE_FINAL_TEXT,
};

/** A workload by its name (`coarse` when the name is unknown or missing). */
export function workloadNamed(name: string | undefined): Workload {
  return name === 'fine' ? FINE : COARSE;
}

/**
 * The scripted model: turn n (counted from the tool outputs already in the history) calls both tools
 * for `sku-n`; after `workload.toolTurns` tool turns it answers with the workload's text. Stateless, so
 * any number of runs can share one server. `holdSecondTurnMs` delays the headers of every second turn.
 */
export function scenarioReply(
  request: WireRequest,
  workload: Workload = COARSE,
  holdSecondTurnMs = 0,
): ReplySpec {
  const outputs = Array.isArray(request.input)
    ? request.input.filter((item) => item.type === 'function_call_output').length
    : 0;
  const turn = Math.floor(outputs / 2) + 1;
  if (turn > workload.toolTurns)
    return {
      type: 'output',
      items: [{ type: 'message', text: workload.finalText }],
      streaming: { deltaSize: workload.textDelta },
    };
  const args = JSON.stringify({ sku: `sku-${turn}` });
  return {
    type: 'output',
    // A measuring hook (`retained-per-run.ts request`): runs wait for their second turn's answer.
    ...(turn === 2 && holdSecondTurnMs > 0 ? { fault: { type: 'delay-headers', ms: holdSecondTurnMs } } : {}),
    items: [
      { type: 'function_call', name: 'lookup_price', arguments: args },
      { type: 'function_call', name: 'check_stock', arguments: args },
    ],
    streaming: { deltaSize: workload.argumentDelta },
  };
}
