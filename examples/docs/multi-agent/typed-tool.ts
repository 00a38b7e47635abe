// docs/multi-agent.md: an agent tool with typed arguments and a chosen output.
// #region docs
import { type Agent, agentTool } from '@mimo-agents/runner';
import { z } from 'zod';

const summariser: Agent = {
  name: 'summariser',
  model: 'mimo-v2.6-pro',
  instructions: 'Summarise in N words.',
};

const summarise = agentTool(summariser, {
  name: 'summarise',
  description: 'Summarise a text in at most `words` words',
  input: z.object({ text: z.string(), words: z.number().int().min(5).max(200) }),
  // The default output is `result.finalOutput`; here the parent model also learns what it cost.
  output: (result) => ({ summary: result.finalOutput, requests: result.usage.requests }),
  maxTurns: 3,
});

const researcher: Agent = { name: 'researcher', model: 'mimo-v2.6-pro', tools: [summarise] };

// #endregion docs

export { researcher };
