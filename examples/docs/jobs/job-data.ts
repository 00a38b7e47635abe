// docs/jobs.md: a job carries its own context and names the worker's agent that runs it.
// #region docs
const { worker } = createAgentWorker({
  queue: 'agents',
  connection,
  client,
  agents: [supportAgent, billingAgent], // jobs naming no agent run the first one
  settings: { context: { tenant: 'default' } }, // replaced by a job's own context
});

await enqueueAgentRun(queue, {
  input: 'Refund order 1234.',
  runId: 'refund-1234',
  agent: 'billing', // an agent's `name`
  context: { tenant: 'acme', userId: 'u-42' }, // the tools' ctx.context, stored with the job as JSON
});
// #endregion docs

console.log(worker.name);

import type { MimoClient } from '@mimo-agents/core';
import {
  type AgentJobData,
  type AgentJobResult,
  createAgentWorker,
  enqueueAgentRun,
} from '@mimo-agents/jobs';
import type { Agent } from '@mimo-agents/runner';
import type { Queue } from 'bullmq';

declare const client: MimoClient;
declare const supportAgent: Agent;
declare const billingAgent: Agent;
declare const queue: Queue<AgentJobData, AgentJobResult>;
declare const connection: { host: string; port: number; maxRetriesPerRequest: null };
