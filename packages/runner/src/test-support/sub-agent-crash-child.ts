// Test-only: one process of agents/agent-tool.crash.test.ts. Like crash-child.ts (prints `ready`, waits
// for `go`, starts or resumes, freezes at KILL_AT for the parent's SIGKILL), but the run's agent `lead`
// has one tool, `ask_worker`, an agentTool whose agent `worker` calls the ledger's `step` tool:
//   after-outcome:<callId>  right after a checkpoint (of any run, sub-runs included) recording that outcome
//   effect:<callId>         inside `step`, right after its effect, before its outcome is saved
// Environment: MIMO_BASE_URL, MIMO_API_KEY, RUN_ID, CHECKPOINT_DIR, LEDGER, MODE, KILL_AT ('' for none).
import { writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createClient } from '@mimo-agents/core';
import type { Agent } from '../agent.js';
import { agentTool } from '../agents/agent-tool.js';
import type { CheckpointStore } from '../checkpoint/checkpoint-store.js';
import { createFileCheckpointStore } from '../checkpoint/file-checkpoint-store.js';
import { streamResume } from '../resume.js';
import { streamRun } from '../run.js';
import type { RunState } from '../run-state.js';
import { ledgerStepTool } from './crash-ledger.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`sub-agent-crash-child: set ${name}`);
  return value;
};
const killAt = process.env.KILL_AT ?? '';
const print = (line: string): void => {
  writeSync(1, `${line}\n`);
};
const freeze = (point: string): void => {
  print(`hang ${point}`);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
};

const files = createFileCheckpointStore<RunState>({ directory: env('CHECKPOINT_DIR') });
const checkpoint: CheckpointStore<RunState> = {
  load: (runId) => files.load(runId),
  delete: (runId) => files.delete(runId),
  async save(runId, state) {
    await files.save(runId, state);
    const [kind, arg] = killAt.split(':');
    const calls = state.pending?.calls ?? [];
    if (kind === 'after-outcome' && calls.some((call) => call.callId === arg && call.outcome !== undefined))
      freeze(killAt);
  },
};
const worker: Agent = {
  name: 'worker',
  model: 'mimo-v2.6-pro',
  instructions: 'W',
  tools: [
    ledgerStepTool(env('LEDGER'), {
      afterDone: (callId) => {
        if (killAt === `effect:${callId}`) freeze(killAt);
      },
    }),
  ],
};
const lead: Agent = {
  name: 'lead',
  model: 'mimo-v2.6-pro',
  instructions: 'P',
  tools: [agentTool(worker, { name: 'ask_worker', description: 'Carries out a plan' })],
};

async function main(): Promise<void> {
  const client = createClient({ baseURL: env('MIMO_BASE_URL'), apiKey: env('MIMO_API_KEY') });
  const runId = env('RUN_ID');
  const stream =
    env('MODE') === 'start'
      ? streamRun({ client, agent: lead, runId, input: 'Get the plan done.', checkpoint })
      : streamResume({ client, agent: lead, runId, checkpoint });
  for await (const _event of stream) {
    // Drained only: the kill points are in the store and the tool.
  }
  const result = await stream.finalResult();
  print(
    `result ${JSON.stringify({ status: result.status, finalOutput: result.finalOutput, usage: result.usage })}`,
  );
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
