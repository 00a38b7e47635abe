// docs/tools.md: a tool's time and output limits, and progress for long work.
// #region docs
import { tool } from '@mimo-agents/tools';
import { z } from 'zod';

const exportReport = tool({
  name: 'export_report',
  description: 'Builds a report of all orders of a month',
  parameters: z.object({ month: z.string() }),
  timeoutMs: 10 * 60_000, // long work: ten minutes (default 60 000; Infinity for none, on purpose)
  maxOutputChars: 50_000, // the model reads at most this much (default 262 144)
  execute: async ({ month }, ctx) => {
    const pages = await listPages(month);
    for (const [index, page] of pages.entries()) {
      ctx.progress(`page ${index + 1} of ${pages.length}`, { done: index + 1, total: pages.length });
      await fetchPage(page, ctx.signal);
    }
    return `Report of ${month}: ${pages.length} pages`;
  },
});
// #endregion docs

// #region run-limits
const agent: Agent = {
  name: 'reports',
  model: 'mimo-v2.6-pro',
  tools: [exportReport],
  toolLimits: { timeoutMs: 120_000 },
};
const result = await run({ client, agent, input: 'Export March.', toolLimits: { maxOutputChars: 100_000 } });
// #endregion run-limits

console.log(result.finalOutput);

import type { MimoClient } from '@mimo-agents/core';
import { type Agent, run } from '@mimo-agents/runner';

declare const client: MimoClient;
declare function listPages(month: string): Promise<string[]>;
declare function fetchPage(page: string, signal: AbortSignal): Promise<void>;
