// Test-only: one process of a durable run for run-or-resume.crash.test.ts. Environment:
//   MIMO_BASE_URL, MIMO_API_KEY, LEDGER, START_LOG, CHECKPOINT_DIR, RUN_ID: where to work;
//   KILL_AT: where to stop and wait to be SIGKILLed, printing `hang`:
//     `tool:<callId>` as that tool starts, `effect:<callId>` right after its side effect,
//     `saved:<n>` right after this process's n-th checkpoint save; empty: run to the end;
//   PAUSED=1: boot, print `ready`, and start only when a line `run` arrives on stdin.
// Prints `event <type>` for each run event and `result <json>` at the end.
import { createInterface } from 'node:readline';
import { createClient } from '@mimo-agents/core';
import { type CheckpointStore, createFileCheckpointStore, type RunState } from '@mimo-agents/runner';
import { runOrResume } from '../run-or-resume.js';
import { stepAgent } from './step-agent.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`durable-run-child: set ${name}`);
  return value;
};
const killAt = process.env.KILL_AT ?? '';
const hang = (): Promise<never> => {
  process.stdout.write('hang\n');
  return new Promise<never>(() => {});
};

const files = createFileCheckpointStore<RunState>({ directory: env('CHECKPOINT_DIR') });
let saves = 0;
const checkpoint: CheckpointStore<RunState> = {
  load: (runId) => files.load(runId),
  delete: (runId) => files.delete(runId),
  async save(runId, state) {
    await files.save(runId, state);
    saves += 1;
    if (killAt === `saved:${saves}`) await hang();
  },
};
const agent = stepAgent({
  ledger: env('LEDGER'),
  startLog: env('START_LOG'),
  beforeEffect: async (callId) => {
    if (killAt === `tool:${callId}`) await hang();
  },
  afterEffect: async (callId) => {
    if (killAt === `effect:${callId}`) await hang();
  },
});
const client = createClient({ baseURL: env('MIMO_BASE_URL'), apiKey: env('MIMO_API_KEY') });

async function main(): Promise<void> {
  const result = await runOrResume({
    client,
    agent,
    runId: env('RUN_ID'),
    input: 'Record three steps.',
    checkpoint,
    onEvent: (event) => process.stdout.write(`event ${event.type}\n`),
  });
  process.stdout.write(
    `result ${JSON.stringify({ status: result.status, finalOutput: result.finalOutput })}\n`,
  );
  await client.close();
}

if (process.env.PAUSED === '1') {
  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    if (line.trim() !== 'run') return;
    lines.close();
    void main();
  });
  process.stdout.write('ready\n');
} else {
  await main();
}
