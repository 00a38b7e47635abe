// docs/observability.md: spans opened inside a tool are children of its execute_tool span.
import { tool } from '@mimo-agents/tools';
import { trace } from '@opentelemetry/api';
import { z } from 'zod';

/** Stands in for a database client. */
async function queryPrices(sku: string): Promise<number> {
  return sku.length * 10;
}

// #region docs
const tracer = trace.getTracer('shop');

export const lookupPrice = tool({
  name: 'lookup_price',
  description: 'Price of a product',
  parameters: z.object({ sku: z.string() }),
  execute: ({ sku }) =>
    // The active span here is `execute_tool lookup_price`: this span becomes its child.
    tracer.startActiveSpan('db.query prices', async (span) => {
      try {
        return { sku, price: await queryPrices(sku) };
      } finally {
        span.end();
      }
    }),
});
// #endregion docs
