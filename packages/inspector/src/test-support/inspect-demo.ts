// `./dev inspect-demo [--redis <url>]`: Redis (yours, or a throwaway redis-server from PATH on a free
// port), a BullMQ worker of @mimo-agents/jobs, and demo runs against @mimo-agents/testing's local server
// (completed, waiting for approval, failed, with an agentTool sub-run, with a handoff, one slow run to
// watch live, plus the file demo's runs of every other status); then the inspector on that Redis with Approve / Reject, and its URL. Ctrl-C stops it all.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createClient } from '@mimo-agents/core';
import {
  createAgentWorker,
  createRedisCheckpointStore,
  enqueueAgentRun,
  workerCheckpointPrefix,
} from '@mimo-agents/jobs';
import { startTestServer } from '@mimo-agents/testing';
import { Queue, QueueEvents } from 'bullmq';
import { startRedis, type TestRedis } from '../../../jobs/src/test-support/start-redis.js';
import { createQueueApprovals } from '../server/queue-approvals.js';
import { type Inspector, startInspector } from '../server/start-inspector.js';
import { createRedisRunSource } from '../source/redis-run-source.js';
import { DEMO_RUNS, demoAgents, LIVE_RUN } from './demo-agents.js';
import { seedRuns } from './seed-runs.js';

const { values } = parseArgs({
  options: {
    redis: { type: 'string' },
    port: { type: 'string', default: process.env.PORT ?? '4173' },
    queue: { type: 'string', default: 'inspect-demo' },
  },
});
const say = (line: string) => process.stdout.write(`${line}\n`);
const cleanups: { name: string; close: () => Promise<unknown> }[] = [];
const onStop = (name: string, close: () => Promise<unknown>) => cleanups.push({ name, close });
let stopping: Promise<void> | undefined;
const stop = (code: number): Promise<void> => {
  stopping ??= (async () => {
    // Bounded: a stuck close does not keep the demo (or its redis-server) alive.
    setTimeout(() => process.exit(code || 1), 10_000).unref();
    for (const { name, close } of cleanups.reverse()) {
      const slow = setTimeout(
        () => process.stderr.write(`inspect-demo: still closing the ${name}…\n`),
        2_000,
      );
      await close().catch(() => undefined);
      clearTimeout(slow);
    }
    if (code === 0) say('inspect-demo stopped: inspector, worker, test server and redis-server closed.');
    process.exit(code);
  })();
  return stopping;
};
// `on`, not `once`: a second Ctrl-C (or SIGTERM) while stopping must not kill the cleanup half-way.
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

try {
  let redisUrl = values.redis ?? (process.env.REDIS_URL || undefined);
  if (redisUrl === undefined) {
    // In its own process group: a Ctrl-C reaches the demo only, which closes its Redis clients first and
    // stops redis-server last (killed with the demo should the demo exit any other way).
    const redis: TestRedis = await startRedis({ detached: true });
    process.on('exit', () => {
      try {
        process.kill(redis.pid, 'SIGKILL');
      } catch {
        // already stopped
      }
    });
    onStop('redis-server', () => redis.stop());
    redisUrl = redis.url;
    say(`redis-server started on ${redis.url} (pid ${redis.pid})`);
  }
  const url = new URL(redisUrl);
  const connection = { host: url.hostname, port: Number(url.port || 6379), maxRetriesPerRequest: null };
  const queueName = values.queue;
  const server = await startTestServer({ strict: true });
  onStop('test server', () => server.close());
  const client = createClient({ baseURL: server.url, apiKey: server.apiKey, maxRetries: 0 });
  onStop('client', () => client.close());
  const queue = new Queue(queueName, { connection });
  onStop('queue', () => queue.close());
  const events = new QueueEvents(queueName, { connection });
  onStop('queue events', () => events.close());
  await events.waitUntilReady();
  // A fresh demo: last time's runs and jobs are cleared from this queue's keys only.
  await queue.obliterate({ force: true });
  const source = createRedisRunSource({ url: redisUrl, prefix: workerCheckpointPrefix(queueName) });
  const stale = await source.refresh();
  await source.close();
  const store = createRedisCheckpointStore({
    connection: redisUrl,
    prefix: workerCheckpointPrefix(queueName),
  });
  for (const runId of stale) await store.delete(runId);
  // The file demo's runs too (every other status, a retried turn with parallel calls, a damaged
  // checkpoint), copied as they are into this store: a checkpoint is the same envelope in both.
  const folder = await mkdtemp(join(tmpdir(), 'inspect-demo-'));
  try {
    await seedRuns(folder);
    for (const name of await readdir(folder)) {
      const runId = decodeURIComponent(name.slice(0, -'.json'.length));
      await store.redis.set(store.keyFor(runId), await readFile(join(folder, name), 'utf8'));
    }
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
  await store.close();

  const worker = createAgentWorker({
    queue: queueName,
    connection,
    agents: demoAgents(server),
    client,
    concurrency: 4,
    // Finished runs stay on the page for an hour, then Redis expires them.
    keepFinishedFor: 3_600_000,
  });
  // Forced: the slow live run is not waited for (its job would resume on the next worker).
  onStop('worker', () => worker.close(true));
  const jobs = await Promise.all(
    DEMO_RUNS.map((demo) =>
      enqueueAgentRun(queue, { input: demo.input, runId: demo.runId, agent: demo.agent }),
    ),
  );
  await Promise.all(jobs.map((job) => job.waitUntilFinished(events).catch(() => undefined)));
  await enqueueAgentRun(queue, { input: LIVE_RUN.input, runId: LIVE_RUN.runId, agent: LIVE_RUN.agent });

  const inspector: Inspector = await startInspector({
    source: createRedisRunSource({ url: redisUrl, prefix: workerCheckpointPrefix(queueName) }),
    approvals: createQueueApprovals({ url: redisUrl, queue: queueName }),
    port: Number(values.port),
    pollIntervalMs: 500,
  });
  onStop('inspector', () => inspector.close());
  say(`mimo-agents inspector: ${inspector.url}`);
  say(
    `(worker on queue "${queueName}" at ${redisUrl}; demo-awaiting-approval and demo-sub-agent-approval (its sub-agent's call) wait for you; Ctrl-C stops everything)`,
  );
} catch (error) {
  process.stderr.write(`inspect-demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  await stop(1);
}
