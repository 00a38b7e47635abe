import { Pool } from 'undici';
import { checkStock, INSTRUCTIONS, lookupPrice, MODEL, PROMPT, TOOL_DESCRIPTIONS } from '../lib/scenario.js';
import type { ImplementationFactory } from './implementation.js';

interface WireItem {
  type: string;
  call_id?: string;
  name?: string;
  arguments?: string;
  content?: { type: string; text?: string }[];
}

const skuSchema = {
  type: 'object',
  properties: { sku: { type: 'string' } },
  required: ['sku'],
  additionalProperties: false,
};
const tools = (['lookup_price', 'check_stock'] as const).map((name) => ({
  type: 'function',
  name,
  description: TOOL_DESCRIPTIONS[name],
  parameters: skuSchema,
  strict: true,
}));
const handlers: Record<string, (args: { sku: string }) => unknown> = {
  lookup_price: (args) => lookupPrice(args.sku),
  check_stock: (args) => checkStock(args.sku),
};

/**
 * The scenario as a hand-written loop on a raw undici pool: stream each turn, split SSE frames on
 * blank lines, JSON-parse each, take the output of `response.completed`, run the calls, resend all.
 * No validation, retries, timeouts or typed errors: the floor any framework is measured against.
 */
export const rawUndici: ImplementationFactory = ({ url, apiKey, concurrency }) => {
  const base = new URL(url);
  const pool = new Pool(base.origin, { connections: concurrency });
  const path = `${base.pathname.replace(/\/$/, '')}/responses`;

  async function turn(input: unknown[]): Promise<WireItem[]> {
    const res = await pool.request({
      method: 'POST',
      path,
      headers: { 'content-type': 'application/json', 'api-key': apiKey },
      body: JSON.stringify({ model: MODEL, instructions: INSTRUCTIONS, input, tools, stream: true }),
    });
    if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}: ${await res.body.text()}`);
    res.body.setEncoding('utf8');
    let buffer = '';
    for await (const chunk of res.body as AsyncIterable<string>) {
      buffer += chunk;
      let end = buffer.indexOf('\n\n');
      while (end !== -1) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf('\n\n');
        const dataAt = frame.indexOf('data:');
        if (dataAt === -1) continue;
        const event = JSON.parse(frame.slice(dataAt + 5)) as {
          type: string;
          response?: { output: WireItem[] };
        };
        if (event.type === 'response.completed' && event.response !== undefined) {
          res.body.destroy();
          return event.response.output;
        }
      }
    }
    throw new Error('The stream ended before response.completed.');
  }

  return {
    async runOnce() {
      const input: unknown[] = [{ role: 'user', content: PROMPT }];
      for (;;) {
        const output = await turn(input);
        input.push(...output);
        const calls = output.filter((item) => item.type === 'function_call');
        if (calls.length === 0) {
          const message = output.find((item) => item.type === 'message');
          return message?.content?.map((part) => part.text ?? '').join('') ?? '';
        }
        const results = await Promise.all(
          calls.map(async (call) => {
            const handler = handlers[call.name ?? ''];
            const output =
              handler === undefined ? 'unknown tool' : await handler(JSON.parse(call.arguments ?? '{}'));
            return { type: 'function_call_output', call_id: call.call_id, output: JSON.stringify(output) };
          }),
        );
        input.push(...results);
      }
    },
    close: () => pool.close(),
  };
};
