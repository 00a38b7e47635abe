// Test-only: one agent worker process for the crash tests. Configured by environment variables:
//   REDIS_PORT, QUEUE, MIMO_BASE_URL, MIMO_API_KEY, LEDGER, START_LOG: where to work;
//   HANG_IN=<callId>: when that tool call starts, print `hang <callId>` and wait forever (to be SIGKILLed);
//   PAUSED=1: connect but take no job until a line `run` arrives on stdin (lets a test start it early);
//   APPROVAL=1: every record_step call needs a person's approval;
//   KILL_AFTER_SAVE=<step>: SIGKILL itself right after a checkpoint save of that step (e.g. `end`: the
//   run's last state is saved, the job is not completed yet);
//   LOCK_DURATION=<ms>: the job lock's duration (default 800).
// Prints `ready` once the worker is connected, and `job <id> <event type>` for each run event.
import { createInterface } from 'node:readline';
import { createClient } from '@mimo-agents/core';
import type { RunEvent } from '@mimo-agents/runner';
import { createAgentWorker } from '../create-agent-worker.js';
import { type RunOrResumeOptions, runOrResume } from '../run-or-resume.js';
import { stepAgent } from './step-agent.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`agent-worker-child: set ${name}`);
  return value;
};

const hangIn = process.env.HANG_IN;
const client = createClient({ baseURL: env('MIMO_BASE_URL'), apiKey: env('MIMO_API_KEY') });
const agent = stepAgent({
  ledger: env('LEDGER'),
  startLog: env('START_LOG'),
  needsApproval: process.env.APPROVAL === '1',
  beforeEffect: (callId) => {
    if (callId !== hangIn) return;
    process.stdout.write(`hang ${callId}\n`);
    return new Promise<never>(() => {});
  },
});
const killAfter = process.env.KILL_AFTER_SAVE;
// The run's events arrive right after each save resolved: dying here leaves the save in Redis and the job active.
const killingRunAgent = (options: RunOrResumeOptions) =>
  runOrResume({
    ...options,
    onEvent: (event) => {
      options.onEvent?.(event);
      if (event.type === 'checkpoint.saved' && event.step === killAfter) process.kill(process.pid, 'SIGKILL');
    },
  });
const { worker } = createAgentWorker({
  queue: env('QUEUE'),
  connection: { host: '127.0.0.1', port: Number(env('REDIS_PORT')), maxRetriesPerRequest: null },
  agent,
  client,
  // Short locks so a killed worker's job is seen as stalled within about a second.
  lockDuration: Number(process.env.LOCK_DURATION ?? 800),
  stalledInterval: 300,
  workerOptions: { autorun: process.env.PAUSED !== '1' },
  ...(killAfter === undefined ? {} : { runAgent: killingRunAgent }),
});
worker.on('progress', (job, event) => process.stdout.write(`job ${job.id} ${(event as RunEvent).type}\n`));
worker.on('error', (error) => process.stderr.write(`worker error: ${error.message}\n`));
await worker.waitUntilReady();
if (process.env.PAUSED === '1') {
  createInterface({ input: process.stdin }).on('line', (line) => {
    if (line.trim() === 'run') void worker.run();
  });
}
process.stdout.write('ready\n');
