// Test-only: one process of run.context-crash.test.ts. Starts a checkpointed run with the `summarize`
// policy and prints each event type; the parent SIGKILLs it while its compaction request is in flight.
// Environment: MIMO_BASE_URL, MIMO_API_KEY, RUN_ID, CHECKPOINT_DIR.
import { writeSync } from 'node:fs';
import { createClient } from '@mimo-agents/core';
import { createFileCheckpointStore } from '../checkpoint/file-checkpoint-store.js';
import { streamRun } from '../run.js';
import type { RunState } from '../run-state.js';
import { CRASH_POLICY, lookupAgent } from './context-model.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`context-crash-child: set ${name}`);
  return value;
};
const print = (line: string): void => {
  writeSync(1, `${line}\n`);
};

async function main(): Promise<void> {
  const client = createClient({ baseURL: env('MIMO_BASE_URL'), apiKey: env('MIMO_API_KEY') });
  const checkpoint = createFileCheckpointStore<RunState>({ directory: env('CHECKPOINT_DIR') });
  const stream = streamRun({
    client,
    agent: lookupAgent(),
    runId: env('RUN_ID'),
    input: 'Read every page.',
    maxTurns: 20,
    checkpoint,
    contextPolicy: CRASH_POLICY,
  });
  for await (const event of stream) print(`event ${event.type}`);
  const result = await stream.finalResult();
  print(`result ${result.status}`);
  await client.close();
}

print('ready');
main().catch((error: unknown) => {
  print(`error ${error instanceof Error ? error.stack : String(error)}`);
  process.exitCode = 1;
});
