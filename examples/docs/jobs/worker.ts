// docs/jobs.md: the BullMQ worker and its producers.
// #region docs
import {
  type AgentJobData,
  type AgentJobResult,
  createAgentWorker,
  enqueueAgentRun,
} from '@mimo-agents/jobs';
import { Queue } from 'bullmq';

const connection = { host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null };

// Worker processes (as many as you like, on as many machines):
const { worker, close } = createAgentWorker({ queue: 'agents', connection, agent, client, concurrency: 4 });
worker.on('completed', (job, result) => console.log(job.id, result.finalOutput));
process.on('SIGTERM', () => void close());

// Producers:
const queue = new Queue<AgentJobData, AgentJobResult>('agents', { connection });
const job = await enqueueAgentRun(queue, { input: 'Invoice order 1234.', runId: 'order-1234' });
// #endregion docs

console.log(job.id);

import type { MimoClient } from '@mimo-agents/core';
import type { Agent } from '@mimo-agents/runner';

declare const client: MimoClient;
declare const agent: Agent;
