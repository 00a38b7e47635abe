// docs/jobs.md: resuming as a stream of events.
// #region docs
import { streamResume } from '@mimo-agents/runner';

const stream = streamResume({ client, agent, runId: 'order-1234', checkpoint });
for await (const event of stream) if (event.type === 'checkpoint.saved') console.log(event.step, event.seq);
const result = await stream.finalResult();
// #endregion docs

console.log(result.status);

import type { MimoClient } from '@mimo-agents/core';
import type { Agent, CheckpointStore } from '@mimo-agents/runner';

declare const client: MimoClient;
declare const agent: Agent;
declare const checkpoint: CheckpointStore;
