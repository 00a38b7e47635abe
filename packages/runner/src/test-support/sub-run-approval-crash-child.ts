// Test-only: one process of agents/sub-run-approvals.crash.test.ts. Like approval-crash-child.ts (prints
// `ready`, waits for `go` or `go <decisions json>`, starts or resumes), but the run's agent `lead` calls its
// own ledger `step` and `ask_worker`, an agentTool whose agent `worker` has a `step` that needs approval.
// At KILL_AT it prints `hang <point>` and freezes, so the parent's SIGKILL lands there:
//   interrupted             right after the checkpoint that records the top run as interrupted
//   effect:<callId>         inside a `step`, right after its effect, before its outcome is saved
//   after-outcome:<callId>  right after a checkpoint (of any run) recording that call's outcome
// Otherwise it prints `result <json>` (status, finalOutput, interruptions, usage) or `error <code> <message>`.
// Environment: MIMO_BASE_URL, MIMO_API_KEY, RUN_ID, CHECKPOINT_DIR, LEDGER, MODE, KILL_AT, LEVELS (1 or 2).
import { writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createClient, isMimoError } from '@mimo-agents/core';
import type { Agent } from '../agent.js';
import { agentTool } from '../agents/agent-tool.js';
import type { ApprovalDecision } from '../approvals/approval-decision.js';
import type { CheckpointStore } from '../checkpoint/checkpoint-store.js';
import { createFileCheckpointStore } from '../checkpoint/file-checkpoint-store.js';
import { streamResume } from '../resume.js';
import { streamRun } from '../run.js';
import type { RunState } from '../run-state.js';
import { ledgerStepTool } from './crash-ledger.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`sub-run-approval-crash-child: set ${name}`);
  return value;
};
const killAt = process.env.KILL_AT ?? '';
const runId = env('RUN_ID');
const print = (line: string): void => {
  writeSync(1, `${line}\n`);
};
const freeze = (point: string): void => {
  print(`hang ${point}`);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
};

const files = createFileCheckpointStore<RunState>({ directory: env('CHECKPOINT_DIR') });
const checkpoint: CheckpointStore<RunState> = {
  load: (id) => files.load(id),
  delete: (id) => files.delete(id),
  async save(id, state) {
    await files.save(id, state);
    if (killAt === 'interrupted' && id === runId && state.status === 'interrupted') freeze(killAt);
    const [kind, arg] = killAt.split(':');
    const calls = state.pending?.calls ?? [];
    if (kind === 'after-outcome' && calls.some((call) => call.callId === arg && call.outcome !== undefined))
      freeze(killAt);
  },
};
const hooks = {
  afterDone: (callId: string) => {
    if (killAt === `effect:${callId}`) freeze(killAt);
  },
};
const worker: Agent = {
  name: 'worker',
  model: 'mimo-v2.6-pro',
  instructions: 'W',
  tools: [ledgerStepTool(env('LEDGER'), hooks, { needsApproval: true })],
};
// LEVELS=2 puts a `manager` between: lead → ask_manager → manager → ask_worker → worker.
const manager: Agent = {
  name: 'manager',
  model: 'mimo-v2.6-pro',
  instructions: 'M',
  tools: [agentTool(worker, { name: 'ask_worker', description: 'Carries out a plan' })],
};
const lead: Agent = {
  name: 'lead',
  model: 'mimo-v2.6-pro',
  instructions: 'P',
  tools: [
    ledgerStepTool(env('LEDGER'), hooks),
    process.env.LEVELS === '2'
      ? agentTool(manager, { name: 'ask_manager', description: 'Has a plan carried out' })
      : agentTool(worker, { name: 'ask_worker', description: 'Carries out a plan' }),
  ],
};

async function main(decisions: ApprovalDecision[]): Promise<void> {
  const client = createClient({ baseURL: env('MIMO_BASE_URL'), apiKey: env('MIMO_API_KEY') });
  const stream =
    env('MODE') === 'start'
      ? streamRun({ client, agent: lead, runId, input: 'Get the plan done.', checkpoint })
      : streamResume({ client, agent: lead, runId, checkpoint, decisions });
  try {
    const result = await stream.finalResult();
    const { status, finalOutput, interruptions, usage } = result;
    print(`result ${JSON.stringify({ status, finalOutput, interruptions, usage })}`);
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
