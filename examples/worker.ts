// A backend job: many agent runs with bounded concurrency on one shared client, a progress bar,
// pino logs per run and a summary at the end. Run: pnpm exec tsx --conditions=@mimo-agents/source examples/worker.ts
import type { MimoClient } from '@mimo-agents/core';
import { type Agent, addUsage, emptyUsage, formatUsage, type RunUsage, streamRun } from '@mimo-agents/runner';
import { tool } from '@mimo-agents/tools';
import { type Logger, pino } from 'pino';
import { z } from 'zod';
import { connect } from './connect.js';

const lookupOrder = tool({
  name: 'lookup_order',
  description: 'Order status and items by order id',
  parameters: z.object({ orderId: z.string() }),
  execute: async ({ orderId }) => ({ orderId, status: 'shipped', items: 2, carrier: 'SF Express' }),
});

const triageAgent: Agent = {
  name: 'triage',
  model: 'mimo-v2.6-pro',
  instructions:
    'You triage support tickets: look the order up, then answer with a category and one sentence.',
  tools: [lookupOrder],
};

/** Options of the worker. */
export interface WorkerOptions {
  /** One client shared by every run (its pool and rate limiter bound the requests). */
  client: MimoClient;
  /** How many tickets to process. Default 100. */
  tasks?: number;
  /** Runs in flight at once. Default 8. */
  concurrency?: number;
  /** Where run logs go. Default: pino at `info` on stdout. */
  logger?: Logger;
  /** Where the progress bar goes (redrawn in place on a TTY, else a line every 10%). Default: stderr. */
  progress?: NodeJS.WritableStream & { isTTY?: boolean };
}

/** What the job did, summed over all runs. */
export interface JobSummary {
  runs: number;
  completed: number;
  failed: number;
  turns: number;
  retries: number;
  usage: RunUsage;
  wallMs: number;
}

/** Runs `worker(item)` for every item with at most `limit` at once. */
async function forEachConcurrent<T>(items: readonly T[], limit: number, worker: (item: T) => Promise<void>) {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await worker(item);
    }
  });
  await Promise.all(lanes);
}

/** Counts the client's own retries (a 429 or 5xx before any event) for one run. */
function countingRetries(client: MimoClient, count: () => void): MimoClient {
  return {
    ...client,
    stream: (body, options = {}) =>
      client.stream(body, {
        ...options,
        onRetry: (info) => {
          count();
          options.onRetry?.(info);
        },
      }),
  };
}

function progressBar(out: NonNullable<WorkerOptions['progress']>, total: number) {
  let lastDecile = -1;
  return (done: number, failed: number): void => {
    const label = `${done}/${total} runs, ${failed} failed`;
    if (out.isTTY === true) {
      const filled = Math.round((done / total) * 30);
      out.write(`\r[${'#'.repeat(filled)}${'.'.repeat(30 - filled)}] ${label}${done === total ? '\n' : ''}`);
      return;
    }
    const decile = Math.floor((done / total) * 10);
    if (decile !== lastDecile) {
      lastDecile = decile;
      out.write(`progress: ${label}\n`);
    }
  };
}

/** Renders the summary as a two-column table. */
export function formatSummary(summary: JobSummary): string {
  const rows: [string, string][] = [
    ['runs', String(summary.runs)],
    ['completed', String(summary.completed)],
    ['failed', String(summary.failed)],
    ['turns', String(summary.turns)],
    ['retries', String(summary.retries)],
    ['tokens in', summary.usage.inputTokens.toLocaleString('en-US')],
    ['tokens out', summary.usage.outputTokens.toLocaleString('en-US')],
    ['tokens total', summary.usage.totalTokens.toLocaleString('en-US')],
    ['wall time', `${(summary.wallMs / 1000).toFixed(2)} s`],
  ];
  const width = Math.max(...rows.map(([, value]) => value.length));
  const lines = rows.map(([name, value]) => `│ ${name.padEnd(12)} │ ${value.padStart(width)} │`);
  const rule = (l: string, m: string, r: string) => `${l}${'─'.repeat(14)}${m}${'─'.repeat(width + 2)}${r}`;
  return [rule('┌', '┬', '┐'), ...lines, rule('└', '┴', '┘')].join('\n');
}

/**
 * Processes `tasks` support tickets, `concurrency` at a time, each as one agent run on the shared client.
 * A failed run is logged and counted, with the turns and tokens it spent before failing; the job goes on.
 * @example
 * const summary = await main({ client, tasks: 100, concurrency: 8 });
 */
export async function main(options: WorkerOptions): Promise<JobSummary> {
  const { client, tasks = 100, concurrency = 8 } = options;
  const logger = options.logger ?? pino({ level: 'info' }, pino.destination({ dest: 1, sync: true }));
  const draw = progressBar(options.progress ?? process.stderr, tasks);
  const summary: JobSummary = {
    runs: 0,
    completed: 0,
    failed: 0,
    turns: 0,
    retries: 0,
    usage: emptyUsage(),
    wallMs: 0,
  };
  const started = performance.now();
  const tickets = Array.from({ length: tasks }, (_, i) => ({
    id: i + 1,
    text: `Where is my order ORD-${1000 + i}?`,
  }));
  draw(0, 0);
  await forEachConcurrent(tickets, concurrency, async (ticket) => {
    const runId = `ticket-${ticket.id}`;
    const log = logger.child({ runId, ticket: ticket.id });
    let retries = 0;
    // Counted turn by turn, so a run that fails midway still reports the turns and tokens it spent.
    let turns = 0;
    let usage = emptyUsage();
    const runClient = countingRetries(client, () => retries++);
    try {
      const stream = streamRun({
        client: runClient,
        agent: triageAgent,
        input: ticket.text,
        runId,
        maxTurns: 4,
      });
      for await (const event of stream) {
        if (event.type === 'turn.retried') retries++;
        if (event.type === 'turn.completed') {
          turns++;
          usage = addUsage(usage, event.usage);
        }
        if (event.type === 'tool.completed')
          log.debug({ tool: event.name, outcome: event.outcome }, 'tool ran');
      }
      const result = await stream.finalResult();
      summary.completed++;
      log.info(
        { status: result.status, turns: result.turns.length, retries, usage: formatUsage(result.usage) },
        'run done',
      );
    } catch (error) {
      summary.failed++;
      log.error({ err: error, retries, turns, usage: formatUsage(usage) }, 'run failed');
    } finally {
      summary.runs++;
      summary.retries += retries;
      summary.turns += turns;
      summary.usage = addUsage(summary.usage, usage);
      draw(summary.runs, summary.failed);
    }
  });
  summary.wallMs = performance.now() - started;
  return summary;
}

if (import.meta.main) {
  // One client for the whole job: its pool size is the concurrency, its limiter keeps under MiMo's 100 requests/minute.
  const { client, close } = await connect({ maxConcurrency: 8 });
  try {
    const logger = pino({ level: 'info' }, pino.destination({ dest: 1, sync: true }));
    const summary = await main({ client, logger });
    console.log(formatSummary(summary));
  } finally {
    await close();
  }
}
