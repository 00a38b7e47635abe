import { createClient } from '@mimo-agents/core';
import { type Agent, run } from '@mimo-agents/runner';
import { tool } from '@mimo-agents/tools';
import { z } from 'zod';
import {
  checkStock,
  INSTRUCTIONS,
  lookupPrice,
  MODEL,
  PROMPT,
  TOOL_DESCRIPTIONS,
  TOOL_TURNS,
} from '../lib/scenario.js';
import type { ImplementationFactory } from './implementation.js';

const sku = z.object({ sku: z.string() });

/** The scenario with `@mimo-agents/runner`'s `run()` (streamed turns). */
export const ours: ImplementationFactory = ({ url, apiKey, concurrency }) => {
  const client = createClient({
    baseURL: url,
    apiKey,
    maxConcurrency: concurrency,
    requestsPerMinute: Number.POSITIVE_INFINITY,
  });
  const agent: Agent = {
    name: 'shop',
    model: MODEL,
    instructions: INSTRUCTIONS,
    tools: [
      tool({
        name: 'lookup_price',
        description: TOOL_DESCRIPTIONS.lookup_price,
        parameters: sku,
        execute: (args) => lookupPrice(args.sku),
      }),
      tool({
        name: 'check_stock',
        description: TOOL_DESCRIPTIONS.check_stock,
        parameters: sku,
        execute: (args) => checkStock(args.sku),
      }),
    ],
  };
  return {
    async runOnce() {
      const result = await run({ client, agent, input: PROMPT, maxTurns: TOOL_TURNS + 2 });
      return result.finalOutput ?? '';
    },
    close: () => client.close(),
  };
};
