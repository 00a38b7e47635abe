import { createClient, isMimoError } from '@mimo-agents/core';
import { type ContextPolicy, type RunResult, run } from '@mimo-agents/runner';
import { type ReplySpec, startTestServer, type WireRequest } from '@mimo-agents/testing';
import { tool } from '@mimo-agents/tools';
import { z } from 'zod';
import { num, type Table } from './lib/table.js';

const TURNS = 50;
const OUTPUT_CHARS = 6000; // each tool output: about 1,500 tokens by the server's chars/4
const WINDOW = 32_768; // a small window so 50 turns (≈ 80k tokens) must be managed
const MODEL = 'mimo-v2.6-pro';

const read = tool({
  name: 'read_page',
  description: 'Reads one page of a long report',
  parameters: z.object({ page: z.number() }),
  execute: ({ page }) => `page ${page}: ${'lorem ipsum '.repeat(OUTPUT_CHARS / 12)}`.slice(0, OUTPUT_CHARS),
});

/** A model that reads one page per turn for `TURNS - 1` turns, then answers; compaction requests get a summary. */
function reply(state: { turns: number }) {
  return (request: WireRequest): ReplySpec => {
    if (request.tools === undefined) {
      return {
        type: 'output',
        items: [{ type: 'message', text: 'Summary: pages read, nothing else pending.' }],
      };
    }
    state.turns += 1;
    if (state.turns >= TURNS)
      return { type: 'output', items: [{ type: 'message', text: 'All pages read.' }] };
    return {
      type: 'output',
      items: [
        { type: 'reasoning', text: `Page ${state.turns} is next; reading it.` },
        { type: 'function_call', name: 'read_page', arguments: JSON.stringify({ page: state.turns }) },
      ],
    };
  };
}

interface Row {
  name: string;
  window: number;
  policy: ContextPolicy | undefined;
}

const keepLatestOutputs: ContextPolicy = {
  type: 'custom',
  threshold: { fraction: 0.8 },
  // Keeps every call but shortens the outputs of the suggested (oldest) groups to a stub.
  compact: ({ history, suggested }) =>
    history.map((item, i) =>
      item.type === 'function_call_output' && suggested.some((g) => i >= g.start && i < g.end)
        ? { ...item, output: '[elided]' }
        : item,
    ),
};

const ROWS: Row[] = [
  { name: 'no policy, 1M window', window: 1_048_576, policy: undefined },
  { name: 'no policy, 32k window', window: WINDOW, policy: undefined },
  { name: 'trim (80% → 50%)', window: WINDOW, policy: { type: 'trim' } },
  { name: 'summarize (80% → 50%)', window: WINDOW, policy: { type: 'summarize', maxOutputTokens: 512 } },
  { name: 'custom: elide old outputs', window: WINDOW, policy: keepLatestOutputs },
];

/** Benchmark 6: tokens and cost of a 50-turn tool run, without and with each context policy. */
export async function benchContext(): Promise<Table> {
  const rows: string[][] = [];
  for (const row of ROWS) {
    const server = await startTestServer({ contextWindow: row.window });
    const client = createClient({
      baseURL: server.url,
      apiKey: server.apiKey,
      models: { [MODEL]: { contextWindow: row.window, maxOutputTokens: 8192 } },
    });
    const state = { turns: 0 };
    for (let i = 0; i < TURNS * 2; i += 1) server.reply.with(reply(state));
    const agent = { name: 'reader', model: MODEL, instructions: 'Read the report.', tools: [read] };
    let result: RunResult | undefined;
    let outcome = 'completed';
    try {
      result = await run({
        client,
        agent,
        input: 'Read all pages.',
        maxTurns: TURNS + 5,
        ...(row.policy === undefined ? {} : { contextPolicy: row.policy }),
      });
    } catch (error) {
      outcome = isMimoError(error) ? `${error.code} at turn ${state.turns + 1}` : String(error);
    }
    const peak = Math.max(
      0,
      ...server.calls.flatMap((call) => (call.response?.usage ? [call.response.usage.input_tokens] : [])),
    );
    const usage = result?.usage;
    rows.push([
      row.name,
      outcome,
      result === undefined ? '—' : num(result.turns.length),
      result === undefined ? '—' : num(result.compactions?.length ?? 0),
      usage === undefined ? '—' : num(usage.inputTokens),
      usage === undefined ? '—' : num(usage.cachedTokens),
      usage === undefined ? '—' : num(usage.outputTokens),
      num(peak),
      result?.cost === undefined ? '—' : `$${result.cost.total.toFixed(4)}`,
    ]);
    await client.close();
    await server.close();
  }
  return {
    title: `6. Context policies: a ${TURNS}-turn tool run (≈1.5k tokens per tool output), ${MODEL} prices`,
    columns: [
      'policy',
      'outcome',
      'turns',
      'cuts',
      'input tok',
      'cached tok',
      'output tok',
      'peak request',
      'cost',
    ],
    rows,
    notes: [
      `Local test server (chars/4 token estimate; cached tokens = longest common prefix with an earlier request). ` +
        `Cost at the model table's ${MODEL} prices, cached input at the cached rate; summarize's compaction requests included.`,
    ],
  };
}
