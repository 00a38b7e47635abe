import { createClient } from '@mimo-agents/core';
import { type Agent, type Instrumentation, run, streamRun } from '@mimo-agents/runner';
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
import type { Implementation, ImplementationFactory, ImplementationOptions } from './implementation.js';

const sku = z.object({ sku: z.string() });

/** The scenario with `@mimo-agents/runner`'s `run()` (streamed turns, no event consumer). */
export const ours: ImplementationFactory = (options) => oursWith(options, undefined);

/** The scenario with `streamRun()`, every run event consumed with `for await`. */
export const oursStreamed: ImplementationFactory = (options) => oursWith(options, undefined, true);

/** The scenario with `streamRun()` and only `finalResult()` awaited (no iteration: the stream's own cost). */
export const oursStreamFinal: ImplementationFactory = (options) => oursWith(options, undefined, 'final');

/**
 * The scenario with `run()` (or `streamRun()`, every event consumed; `'final'`: `streamRun()` without
 * iteration), traced by `instrumentation` when one is given.
 */
export function oursWith(
  { url, apiKey, concurrency }: ImplementationOptions,
  instrumentation: Instrumentation | undefined,
  streamed: boolean | 'final' = false,
): Implementation {
  const client = createClient({
    baseURL: url,
    apiKey,
    maxConcurrency: concurrency,
    requestsPerMinute: Number.POSITIVE_INFINITY,
  });
  const agent = shopAgent(tool);
  return {
    async runOnce() {
      const options = { client, agent, input: PROMPT, maxTurns: TOOL_TURNS + 2 };
      const traced = instrumentation === undefined ? options : { ...options, instrumentation };
      if (!streamed) return (await run(traced)).finalOutput ?? '';
      const stream = streamRun(traced);
      if (streamed === 'final') return (await stream.finalResult()).finalOutput ?? '';
      for await (const _event of stream) {
        // Consume every event, as a streaming consumer would.
      }
      return (await stream.finalResult()).finalOutput ?? '';
    },
    close: () => client.close(),
  };
}

/**
 * The scenario's agent, its tools made by `makeTool` (`@mimo-agents/tools`' `tool`, or another build's:
 * `lib/ab-builds.ts` passes the one of each checkout it compares).
 */
export function shopAgent(makeTool: typeof tool): Agent {
  return {
    name: 'shop',
    model: MODEL,
    instructions: INSTRUCTIONS,
    tools: [
      makeTool({
        name: 'lookup_price',
        description: TOOL_DESCRIPTIONS.lookup_price,
        parameters: sku,
        execute: (args) => lookupPrice(args.sku),
      }),
      makeTool({
        name: 'check_stock',
        description: TOOL_DESCRIPTIONS.check_stock,
        parameters: sku,
        execute: (args) => checkStock(args.sku),
      }),
    ],
  };
}
