// docs/runner.md and docs/jobs.md: a durable run, resumed after a crash.
// #region docs
import { createFileCheckpointStore, resume, run } from '@mimo-agents/runner';

const checkpoint = createFileCheckpointStore({ directory: '/var/lib/my-app/checkpoints' });
await run({ client, agent, input: 'Invoice order 1234.', runId: 'order-1234', checkpoint });

// After a crash, in any process that has the same agent (tools are code: they are never saved):
const result = await resume({ client, agent, runId: 'order-1234', checkpoint });
// #endregion docs

console.log(result.status);

import type { MimoClient } from '@mimo-agents/core';
import type { Agent } from '@mimo-agents/runner';

declare const client: MimoClient;
declare const agent: Agent;
