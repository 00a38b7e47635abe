// docs/streaming.md: a run as a stream of events.
// #region docs
import { streamRun } from '@mimo-agents/runner';

const stream = streamRun({ client, agent, input: 'Weather in Paris?' });
for await (const event of stream) {
  switch (event.type) {
    case 'text.delta':
      process.stdout.write(event.delta);
      break;
    case 'tool.completed':
      console.log(`${event.name} ${event.outcome} in ${event.durationMs} ms`);
      break;
  }
}
const result = await stream.finalResult();
// #endregion docs

console.log(result.status);

import type { MimoClient } from '@mimo-agents/core';
import type { Agent } from '@mimo-agents/runner';

declare const client: MimoClient;
declare const agent: Agent;
