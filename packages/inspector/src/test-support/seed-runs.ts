// Test-only: fills a checkpoint folder with real runs against @mimo-agents/testing's server (a retried
// turn with parallel calls, a failing tool, plain answers, a call waiting for approval) plus states of every other status derived
// from them and one damaged file.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createClient } from '@mimo-agents/core';
import { createFileCheckpointStore, type RunState, run } from '@mimo-agents/runner';
import { startTestServer } from '@mimo-agents/testing';
import { tool } from '@mimo-agents/tools';
import { z } from 'zod';

/** A key-shaped string put into one run's input: the page must never show it. */
export const PLANTED_KEY = 'sk-inspectorPlantedKey123456';

/** The ids the seeded folder holds. */
export const SEEDED = {
  retried: 'run-retried-parallel',
  toolError: 'run-tool-error',
  completed: 'run-completed',
  running: 'run-running',
  interrupted: 'run-interrupted',
  damaged: 'run-damaged',
} as const;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs the real runs and writes the derived checkpoints into `directory`. */
export async function seedRuns(directory: string): Promise<void> {
  const server = await startTestServer({ strict: true });
  const client = createClient({
    baseURL: server.url,
    apiKey: server.apiKey,
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
  });
  const checkpoint = createFileCheckpointStore({ directory });
  // Durations give the timeline something to draw; nothing asserts on them.
  const weather = tool({
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: z.object({ city: z.string() }),
    execute: async ({ city }) => {
      await pause(40);
      return { city, tempC: 15, sky: 'clear', note: 'x'.repeat(600) };
    },
  });
  const time = tool({
    name: 'local_time',
    description: 'Local time in a city',
    parameters: z.object({ city: z.string() }),
    execute: async ({ city }) => {
      await pause(20);
      return { city, time: '12:00' };
    },
  });
  const broken = tool({
    name: 'lookup_order',
    description: 'Order status',
    parameters: z.object({ id: z.string() }),
    execute: () => {
      throw new Error('order service unreachable');
    },
  });
  const refund = tool({
    name: 'issue_refund',
    description: 'Refunds an order',
    parameters: z.object({ id: z.string(), amount: z.number() }),
    needsApproval: true,
    execute: ({ id }) => `refunded ${id}`,
  });
  const prices = { 'mimo-v2.6-pro': { inputPerMTok: 1, cachedInputPerMTok: 0.2, outputPerMTok: 3 } };
  try {
    const calls = [
      { name: 'get_weather', arguments: { city: 'Paris' }, callId: 'call_w' },
      { name: 'local_time', arguments: { city: 'Paris' }, callId: 'call_t' },
    ];
    server.reply.functionCalls(calls, {
      fault: { type: 'drop-after-events', events: 10 },
      reasoning: 'Need both.',
    });
    server.reply.functionCalls(calls, { reasoning: 'I need the weather and the time, in parallel.' });
    server.reply.text('Paris: clear, 15 °C, noon.');
    await run({
      client,
      agent: { name: 'weather', model: 'mimo-v2.6-pro', tools: [weather, time] },
      input: `Paris? (my key is ${PLANTED_KEY})`,
      runId: SEEDED.retried,
      checkpoint,
      prices,
    });
    server.reply.functionCalls([{ name: 'lookup_order', arguments: { id: 'A-17' }, callId: 'call_o' }]);
    server.reply.text('The order service is down; try again later.');
    await run({
      client,
      agent: { name: 'support', model: 'mimo-v2.6-pro', tools: [broken] },
      input: 'Where is order A-17?',
      runId: SEEDED.toolError,
      checkpoint,
      prices,
    });
    server.reply.functionCalls([
      { name: 'issue_refund', arguments: { id: 'A-17', amount: 40 }, callId: 'call_r' },
    ]);
    // Paused on the approval: saved with status `interrupted`, the call waiting.
    await run({
      client,
      agent: { name: 'refunds', model: 'mimo-v2.6-pro', tools: [refund] },
      input: 'Refund order A-17.',
      runId: SEEDED.interrupted,
      checkpoint,
      prices,
    });
    server.reply.text('Hello!');
    await run({
      client,
      agent: { name: 'greeter', model: 'mimo-v2.6-pro' },
      input: 'Hi',
      runId: SEEDED.completed,
      checkpoint,
      prices,
    });
  } finally {
    await client.close();
    await server.close();
  }
  const base = (await checkpoint.load(SEEDED.completed)) as RunState;
  const statuses: RunState['status'][] = [
    'running',
    'failed',
    'aborted',
    'incomplete',
    'max_turns',
    'stopped',
  ];
  for (const status of statuses) {
    const runId = `run-${status.replace('_', '-')}`;
    await checkpoint.save(runId, {
      ...base,
      runId,
      status,
      agent: { name: 'greeter', model: 'mimo-v2.6-pro' },
    });
  }
  await writeFile(
    join(directory, `${SEEDED.damaged}.json`),
    '{"format":"mimo-agents.run-state","version":1,"runId":"run-da',
  );
}
