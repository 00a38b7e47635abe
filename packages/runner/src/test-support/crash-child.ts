// Test-only: one process of the durable run in run.crash.test.ts. It prints `ready`, waits for a line
// `go` on stdin, then starts the run (MODE=start) or resumes it (MODE=resume). At the point named by
// KILL_AT it prints `hang <point>` and freezes its whole thread (no event, no I/O, no timer runs
// after that), so the parent's SIGKILL lands exactly there:
//   stream:<turn>:<k>      after the k-th reasoning delta of model turn <turn> (mid-stream)
//   tool:<callId>          inside the tool, after its `started` ledger line, before its effect
//   effect:<callId>        inside the tool, right after its effect (`done` line), before its outcome is saved
//   after-turn:<turn>      right after the checkpoint that records model turn <turn> (its tools not started)
//   after-outcome:<callId> right after the checkpoint that records the call's outcome
//   after-end              right after the final checkpoint (status completed)
// Environment: MIMO_BASE_URL, MIMO_API_KEY, RUN_ID, CHECKPOINT_DIR, LEDGER, MODE, KILL_AT.
import { writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createClient } from '@mimo-agents/core';
import type { Agent } from '../agent.js';
import type { CheckpointStore } from '../checkpoint/checkpoint-store.js';
import { createFileCheckpointStore } from '../checkpoint/file-checkpoint-store.js';
import { streamResume } from '../resume.js';
import { streamRun } from '../run.js';
import type { RunState } from '../run-state.js';
import { ledgerStepTool } from './crash-ledger.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`crash-child: set ${name}`);
  return value;
};
const killAt = process.env.KILL_AT ?? '';
const print = (line: string): void => {
  // Synchronous on a pipe: the line is out before the thread freezes.
  writeSync(1, `${line}\n`);
};
const freeze = (point: string): void => {
  print(`hang ${point}`);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
};

const files = createFileCheckpointStore<RunState>({ directory: env('CHECKPOINT_DIR') });
const savedMatches = (state: RunState): boolean => {
  const [kind, arg] = killAt.split(':');
  const calls = state.pending?.calls ?? [];
  switch (kind) {
    case 'after-turn':
      return state.pending?.turn === Number(arg) && calls.every((call) => call.attempts === undefined);
    case 'after-outcome':
      return calls.some((call) => call.callId === arg && call.outcome !== undefined);
    case 'after-end':
      return state.status === 'completed';
    default:
      return false;
  }
};
const checkpoint: CheckpointStore<RunState> = {
  load: (runId) => files.load(runId),
  delete: (runId) => files.delete(runId),
  async save(runId, state) {
    await files.save(runId, state);
    if (savedMatches(state)) freeze(killAt);
  },
};
const agent: Agent = {
  name: 'planner',
  model: 'mimo-v2.6-pro',
  tools: [
    ledgerStepTool(env('LEDGER'), {
      afterStarted: (callId) => {
        if (killAt === `tool:${callId}`) freeze(killAt);
      },
      afterDone: (callId) => {
        if (killAt === `effect:${callId}`) freeze(killAt);
      },
    }),
  ],
};

async function main(): Promise<void> {
  const client = createClient({ baseURL: env('MIMO_BASE_URL'), apiKey: env('MIMO_API_KEY') });
  const runId = env('RUN_ID');
  const stream =
    env('MODE') === 'start'
      ? streamRun({ client, agent, runId, input: 'Carry out the plan.', checkpoint })
      : streamResume({ client, agent, runId, checkpoint });
  let deltas = 0;
  for await (const event of stream) {
    if (event.type === 'reasoning.delta' && killAt.startsWith(`stream:${event.turn}:`)) {
      deltas += 1;
      if (killAt === `stream:${event.turn}:${deltas}`) freeze(killAt);
    }
  }
  const result = await stream.finalResult();
  print(`result ${JSON.stringify({ status: result.status, finalOutput: result.finalOutput })}`);
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
