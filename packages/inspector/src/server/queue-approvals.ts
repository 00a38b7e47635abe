import {
  createRedisCheckpointStore,
  submitApprovalDecisions,
  workerCheckpointPrefix,
} from '@mimo-agents/jobs';
import type { ApprovalDecision } from '@mimo-agents/runner';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { checkRedisUrl } from '../source/check-redis-url.js';

/** Where the page's Approve / Reject buttons send decisions. */
export interface ApprovalSubmitter {
  /** Submits decisions for an interrupted run; resolves with the continuation job's id. */
  submit(runId: string, decisions: readonly ApprovalDecision[]): Promise<string>;
  /** Closes connections. */
  close(): Promise<void>;
}

/** Options of `createQueueApprovals`. */
export interface QueueApprovalsOptions {
  /** A `redis://` or `rediss://` (TLS) URL, with its user, password and db number if any (`redis://:secret@host:6379/2`). */
  url: string;
  /** The BullMQ queue the workers take jobs from. */
  queue: string;
  /** The workers' checkpoint key prefix. Default `workerCheckpointPrefix(queue)`. */
  prefix?: string;
}

/**
 * Decisions sent through `@mimo-agents/jobs`' `submitApprovalDecisions`: checked against the saved state,
 * then carried by a continuation job that any worker of the queue picks up.
 */
export function createQueueApprovals(options: QueueApprovalsOptions): ApprovalSubmitter {
  checkRedisUrl(options.url);
  // The whole URL (user, password, db, TLS), as the checkpoint store and the run source read it.
  // BullMQ does not close a connection it was given: closed below. A few retries per command, not
  // endless ones: with Redis gone an Approve fails with a message on the page instead of hanging.
  const connection = new Redis(options.url, { maxRetriesPerRequest: 3 });
  connection.on('error', () => undefined);
  const queue = new Queue(options.queue, { connection });
  const checkpoint = createRedisCheckpointStore({
    connection: options.url,
    prefix: options.prefix ?? workerCheckpointPrefix(options.queue),
  });
  return {
    async submit(runId, decisions) {
      const job = await submitApprovalDecisions(queue, { runId, checkpoint, decisions });
      return job.id ?? '';
    },
    async close() {
      await checkpoint.close();
      await queue.close();
      await connection.quit().catch(() => connection.disconnect());
    },
  };
}
