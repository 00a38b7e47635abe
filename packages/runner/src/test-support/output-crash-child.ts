// Test-only: one process of the structured-output run in output/run.output-crash.test.ts. It prints
// `ready`, waits for `go` on stdin, starts the run, and freezes its whole thread (printing
// `hang after-answer`) right after the checkpoint that holds the final answer but not yet its
// validation, so the parent's SIGKILL lands between the answer and its validation.
// Environment: MIMO_BASE_URL, MIMO_API_KEY, RUN_ID, CHECKPOINT_DIR.
import { writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createClient } from '@mimo-agents/core';
import type { CheckpointStore } from '../checkpoint/checkpoint-store.js';
import { createFileCheckpointStore } from '../checkpoint/file-checkpoint-store.js';
import { run } from '../run.js';
import type { RunState } from '../run-state.js';
import { outputCrashAgent } from './output-crash-agent.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`output-crash-child: set ${name}`);
  return value;
};
const print = (line: string): void => {
  writeSync(1, `${line}\n`);
};

const files = createFileCheckpointStore<RunState>({ directory: env('CHECKPOINT_DIR') });
/** A saved answer (last turn, no calls) that is not validated yet. */
const unvalidatedAnswer = (state: RunState): boolean => {
  const last = state.turns.at(-1);
  return last !== undefined && last.toolCalls.length === 0 && state.output?.checkedTurn !== last.turn;
};
const checkpoint: CheckpointStore<RunState> = {
  load: (runId) => files.load(runId),
  delete: (runId) => files.delete(runId),
  async save(runId, state) {
    await files.save(runId, state);
    if (unvalidatedAnswer(state)) {
      print('hang after-answer');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
    }
  },
};

async function main(): Promise<void> {
  const client = createClient({ baseURL: env('MIMO_BASE_URL'), apiKey: env('MIMO_API_KEY') });
  const result = await run({
    client,
    agent: outputCrashAgent(),
    runId: env('RUN_ID'),
    input: 'Weather in Paris?',
    checkpoint,
  });
  print(`result ${JSON.stringify(result.finalOutput)}`);
  await client.close();
}

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (line.trim() !== 'go') return;
  lines.close();
  main().catch((error: unknown) => {
    print(`error ${error instanceof Error ? error.stack : String(error)}`);
    process.exitCode = 1;
  });
});
print('ready');
