// A refund agent that pauses for a person. The BullMQ worker stops before `refund_order` runs (the job
// completes as `interrupted`), a reviewer's decision is POSTed to a small HTTP endpoint, which checks it
// and enqueues the continuation, and a worker finishes the run. Decisions are signed (HMAC), so one
// that passed through a browser cannot be forged. Needs Redis: scripts/redis.sh --daemon, then
//   pnpm exec tsx --conditions=@mimo-agents/source examples/refund-approval.ts
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MimoClient } from '@mimo-agents/core';
import {
  type AgentJobData,
  type AgentJobResult,
  createAgentWorker,
  createRedisCheckpointStore,
  enqueueAgentRun,
  submitApprovalDecisions,
  workerCheckpointPrefix,
} from '@mimo-agents/jobs';
import {
  type Agent,
  type ApprovalDecision,
  ApprovalError,
  signApprovalDecision,
  type ToolApprovalRequest,
} from '@mimo-agents/runner';
import { tool } from '@mimo-agents/tools';
import { Queue, QueueEvents } from 'bullmq';
import { z } from 'zod';
import { connect } from './connect.js';

/** The payment provider: refunds once per idempotency key, whatever happens to the workers. */
export function paymentProvider() {
  const refunds = new Map<string, { orderId: string; amountEur: number }>();
  return {
    refunds,
    refund(orderId: string, amountEur: number, idempotencyKey: string) {
      if (!refunds.has(idempotencyKey)) refunds.set(idempotencyKey, { orderId, amountEur });
      return { refunded: amountEur, orderId, reference: `RF-${refunds.size}` };
    },
  };
}

/** The refund agent: it may look orders up freely; every refund waits for a person. */
export function refundAgent(payments: ReturnType<typeof paymentProvider>): Agent {
  const lookupOrder = tool({
    name: 'lookup_order',
    description: 'Order status and amount paid, by order id',
    parameters: z.object({ orderId: z.string() }),
    execute: async ({ orderId }) => ({ orderId, status: 'delivered damaged', paidEur: 42 }),
  });
  // #region refund-tool
  const refundOrder = tool({
    name: 'refund_order',
    description: 'Refunds an order to the original payment method',
    parameters: z.object({ orderId: z.string(), amountEur: z.number() }),
    needsApproval: true,
    execute: async ({ orderId, amountEur }, ctx) => payments.refund(orderId, amountEur, ctx.idempotencyKey),
  });
  // #endregion refund-tool
  return {
    name: 'refunds',
    model: 'mimo-v2.6-pro',
    instructions: 'You handle refund requests: look the order up, refund it, and tell the customer.',
    tools: [lookupOrder, refundOrder],
  };
}

/** Options of the example. */
export interface RefundApprovalOptions {
  client: MimoClient;
  redis: { host: string; port: number };
  /** BullMQ queue name. Default `refunds`. */
  queue?: string;
  /** Says what happens. Default: console.log. */
  print?: (line: string) => void;
}

/** Starts the approvals endpoint: `POST /runs/<runId>/decisions` with `{ decisions }`. */
function approvalEndpoint(
  post: (runId: string, decisions: ApprovalDecision[]) => Promise<string>,
): Promise<Server> {
  const server = createServer(async (req, res) => {
    const runId = /^\/runs\/([\w-]+)\/decisions$/.exec(req.url ?? '')?.[1];
    if (req.method !== 'POST' || runId === undefined) return void res.writeHead(404).end();
    let body = '';
    for await (const chunk of req) body += String(chunk);
    try {
      const { decisions } = JSON.parse(body) as { decisions: ApprovalDecision[] };
      const jobId = await post(runId, decisions);
      res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ jobId }));
    } catch (error) {
      // A decision that does not fit the paused run (or is forged) is refused: nothing runs.
      const status = error instanceof ApprovalError ? 409 : 400;
      const code = error instanceof ApprovalError ? error.code : 'bad_request';
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ code }));
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/**
 * Runs one refund request end to end: the job pauses, a reviewer approves, a worker refunds once.
 * @example
 * const { result } = await main({ client, redis: { host: '127.0.0.1', port: 6379 } });
 */
export async function main(options: RefundApprovalOptions) {
  const { client } = options;
  const print = options.print ?? console.log;
  const name = options.queue ?? 'refunds';
  const connection = { ...options.redis, maxRetriesPerRequest: null };
  const payments = paymentProvider();
  // Shared by the approvals endpoint (which checks) and the workers (which check again before running).
  const approvalSecret = randomBytes(32);

  // #region worker
  const worker = createAgentWorker({
    queue: name,
    connection,
    agent: refundAgent(payments),
    client,
    approvalSecret,
  });
  // #endregion worker
  // #region endpoint
  const queue = new Queue<AgentJobData, AgentJobResult>(name, { connection });
  const checkpoint = createRedisCheckpointStore({ connection, prefix: workerCheckpointPrefix(name) });
  const endpoint = await approvalEndpoint(async (runId, decisions) => {
    const job = await submitApprovalDecisions(queue, { runId, checkpoint, decisions, approvalSecret });
    return job.id ?? '';
  });
  // #endregion endpoint
  const events = new QueueEvents(name, { connection });
  try {
    await events.waitUntilReady();
    const runId = `refund-${Date.now()}`;
    const job = await enqueueAgentRun(queue, { input: 'Order ORD-1001 arrived broken, refund me.', runId });
    const paused = await job.waitUntilFinished(events);
    const request = paused.interruptions?.[0] as ToolApprovalRequest;
    print(
      `${paused.status}: ${request.toolName} ${JSON.stringify(request.arguments)} waits (${request.approvalId})`,
    );

    // #region review
    // The reviewer's UI shows `request`; the backend signs what the reviewer clicked, and posts it.
    const decision = signApprovalDecision({ request, approve: true, secret: approvalSecret });
    const { port } = endpoint.address() as AddressInfo;
    const posted = await fetch(`http://127.0.0.1:${port}/runs/${runId}/decisions`, {
      method: 'POST',
      body: JSON.stringify({ decisions: [decision] }),
    });
    const { jobId } = (await posted.json()) as { jobId: string };
    // #endregion review
    const continuation = await queue.getJob(jobId);
    const result = (await continuation?.waitUntilFinished(events)) as AgentJobResult;
    print(`${result.status}: ${result.finalOutput ?? ''}`);
    return { paused, result, refunds: [...payments.refunds.values()], endpoint: `http://127.0.0.1:${port}` };
  } finally {
    endpoint.close();
    await worker.close();
    await events.close();
    await checkpoint.close();
    await queue.close();
  }
}

if (import.meta.main) {
  const { client, close } = await connect();
  try {
    const url = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    await main({ client, redis: { host: url.hostname, port: Number(url.port || 6379) } });
  } finally {
    await close();
  }
}
