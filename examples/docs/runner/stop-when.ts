// docs/runner.md: stop conditions.
// #region docs
import { hasToolCall, run, stepCountIs } from '@mimo-agents/runner';

await run({ client, agent, input, stopWhen: [stepCountIs(4), hasToolCall('submit_report')] });
await run({ client, agent, input, stopWhen: ({ turns }) => turns.at(-1)!.usage.totalTokens > 50_000 });

// #endregion docs

import type { MimoClient } from '@mimo-agents/core';
import type { Agent, RunInput } from '@mimo-agents/runner';

declare const client: MimoClient;
declare const agent: Agent;
declare const input: RunInput;
