import { Agent, OpenAIResponsesModel, run, setTracingDisabled, tool } from '@openai/agents';
import OpenAI from 'openai';
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

/** The scenario with `@openai/agents` (its OpenAI Responses model pointed at the local server), streamed. */
export const openaiAgents: ImplementationFactory = ({ url, apiKey }) => {
  setTracingDisabled(true);
  const client = new OpenAI({ baseURL: url, apiKey, maxRetries: 0 });
  const agent = new Agent({
    name: 'shop',
    instructions: INSTRUCTIONS,
    model: new OpenAIResponsesModel(client, MODEL),
    tools: [
      tool({
        name: 'lookup_price',
        description: TOOL_DESCRIPTIONS.lookup_price,
        parameters: sku,
        execute: async (args) => lookupPrice(args.sku),
      }),
      tool({
        name: 'check_stock',
        description: TOOL_DESCRIPTIONS.check_stock,
        parameters: sku,
        execute: async (args) => checkStock(args.sku),
      }),
    ],
  });
  return {
    async runOnce() {
      const stream = await run(agent, PROMPT, { stream: true, maxTurns: TOOL_TURNS + 2 });
      for await (const _event of stream) {
        // Consume every event, as a streaming consumer would.
      }
      await stream.completed;
      return String(stream.finalOutput ?? '');
    },
    close: async () => {},
  };
};
