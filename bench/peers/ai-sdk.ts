import { createOpenAI } from '@ai-sdk/openai';
import { stepCountIs, streamText, tool } from 'ai';
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

/** The scenario with the Vercel AI SDK: `streamText` on `@ai-sdk/openai`'s Responses model. */
export const aiSdk: ImplementationFactory = ({ url, apiKey }) => {
  const provider = createOpenAI({ baseURL: url, apiKey });
  const model = provider.responses(MODEL);
  const tools = {
    lookup_price: tool({
      description: TOOL_DESCRIPTIONS.lookup_price,
      inputSchema: sku,
      execute: async (args) => lookupPrice(args.sku),
    }),
    check_stock: tool({
      description: TOOL_DESCRIPTIONS.check_stock,
      inputSchema: sku,
      execute: async (args) => checkStock(args.sku),
    }),
  };
  return {
    async runOnce() {
      const result = streamText({
        model,
        system: INSTRUCTIONS,
        prompt: PROMPT,
        tools,
        maxRetries: 0,
        stopWhen: stepCountIs(TOOL_TURNS + 2),
        // MiMo keeps no state: send whole items, never references to stored ones.
        providerOptions: { openai: { store: false } },
      });
      for await (const _part of result.fullStream) {
        // Consume every part, as a streaming consumer would.
      }
      return await result.text;
    },
    close: async () => {},
  };
};
