// docs/multi-agent.md: a durable parent run makes its sub-agent runs durable too.
// #region docs
import { createFileCheckpointStore, resume, run } from '@mimo-agents/runner';

const checkpoint = createFileCheckpointStore({ directory: '/var/lib/my-app/checkpoints' });
await run({ client, agent: triage, input: 'Refund order 1234.', runId: 'order-1234', checkpoint });
// Saved: 'order-1234' and, for each agent tool call, 'order-1234/<callId>'.

// After a crash: resume the parent; an unfinished sub-run continues from its own checkpoint.
const result = await resume({ client, agent: triage, runId: 'order-1234', checkpoint });
// #endregion docs

console.log(result.lastAgent);

import type { MimoClient } from '@mimo-agents/core';
import type { Agent } from '@mimo-agents/runner';

declare const client: MimoClient;
declare const triage: Agent;
