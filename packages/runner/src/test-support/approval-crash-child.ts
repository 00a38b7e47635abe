// Test-only: one process of approvals.crash.test.ts. Prints `ready`, waits for `go`, then starts the run
// (MODE=start) or resumes it (MODE=resume, with the decisions given as JSON after `go `, if any). Its `step` tool needs
// approval. At KILL_AT it prints `hang <point>` and freezes its thread, so the parent's SIGKILL lands there:
//   interrupted       right after the checkpoint that records the run as interrupted
//   tool:<callId>     inside the tool, after its `started` ledger line, before its effect
//   effect:<callId>   inside the tool, right after its effect, before its outcome is saved
// Otherwise it prints `result <json>` (status, finalOutput, interruptions) or `error <code> <message>`.
// Environment: MIMO_BASE_URL, MIMO_API_KEY, RUN_ID, CHECKPOINT_DIR, LEDGER, MODE, KILL_AT.
import { writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createClient, isMimoError } from '@mimo-agents/core';
import type { Agent } from '../agent.js';
import type { ApprovalDecision } from '../approvals/approval-decision.js';
import type { CheckpointStore } from '../checkpoint/checkpoint-store.js';
import { createFileCheckpointStore } from '../checkpoint/file-checkpoint-store.js';
import { streamResume } from '../resume.js';
import { streamRun } from '../run.js';
import type { RunState } from '../run-state.js';
import { ledgerStepTool } from './crash-ledger.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`approval-crash-child: set ${name}`);
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
    if (killAt === 'interrupted' && state.status === 'interrupted') freeze(killAt);
  },
};
const step = ledgerStepTool(
  env('LEDGER'),
  {
    afterStarted: (callId) => {
      if (killAt === `tool:${callId}`) freeze(killAt);
    },
    afterDone: (callId) => {
      if (killAt === `effect:${callId}`) freeze(killAt);
    },
  },
  { needsApproval: true },
);
const agent: Agent = { name: 'approver', model: 'mimo-v2.6-pro', tools: [step] };

async function main(decisions: ApprovalDecision[]): Promise<void> {
  const client = createClient({ baseURL: env('MIMO_BASE_URL'), apiKey: env('MIMO_API_KEY') });
  const runId = env('RUN_ID');
  const stream =
    env('MODE') === 'start'
      ? streamRun({ client, agent, runId, input: 'Do both steps.', checkpoint })
      : streamResume({ client, agent, runId, checkpoint, decisions });
  try {
    const result = await stream.finalResult();
    const { status, finalOutput, interruptions } = result;
    print(`result ${JSON.stringify({ status, finalOutput, interruptions })}`);
  } catch (error) {
    print(`error ${isMimoError(error) ? error.code : 'unknown'} ${String(error)}`);
  }
  await client.close();
}

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const [word, ...rest] = line.trim().split(' ');
  if (word !== 'go') return;
  lines.close();
  const json = rest.join(' ');
  main(json === '' ? [] : (JSON.parse(json) as ApprovalDecision[])).catch((error: unknown) => {
    print(`error crashed ${error instanceof Error ? error.stack : String(error)}`);
    process.exitCode = 1;
  });
});
print('ready');
