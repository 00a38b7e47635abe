// docs/sessions-and-context.md: the three context policies and the compaction event.
import type { MimoClient } from '@mimo-agents/core';
import type { Agent } from '@mimo-agents/runner';

declare const client: MimoClient;
declare const agent: Agent;
declare const input: string;

// #region trim
import { type ContextPolicy, run, streamRun } from '@mimo-agents/runner';

// Above 80% of the model's context window, drop the oldest turn groups down to 50%.
const trim: ContextPolicy = { type: 'trim', threshold: { fraction: 0.8, targetFraction: 0.5 } };
await run({ client, agent, input, contextPolicy: trim, maxTurns: 100 });
// #endregion trim

// #region summarize
const summarize: ContextPolicy = {
  type: 'summarize',
  threshold: { tokens: 200_000 }, // a budget instead of a fraction of the window
  model: 'mimo-v2.6-flash', // a cheaper model writes the summary
  maxOutputTokens: 2048,
  pinned: (item) => item.type === 'message' && item.role === 'developer', // never summarised
};
// #endregion summarize

// #region custom
const elideOldOutputs: ContextPolicy = {
  type: 'custom',
  // `suggested` are the oldest unpinned turn groups whose removal reaches the target.
  compact: ({ history, suggested }) =>
    history.map((item, i) =>
      item.type === 'function_call_output' && suggested.some((g) => i >= g.start && i < g.end)
        ? { ...item, output: '[output elided to save context]' }
        : item,
    ),
};
// #endregion custom

// #region event
const stream = streamRun({ client, agent, input, contextPolicy: summarize });
for await (const event of stream) {
  if (event.type === 'context.compacted')
    console.log(
      `turn ${event.turn}: ${event.policy} ${event.itemsBefore} → ${event.itemsAfter} items, ` +
        `~${event.tokensBefore} → ~${event.tokensAfter} tokens (limit ${event.limit})`,
    );
}
const result = await stream.finalResult();
result.compactions; // every cut, with the compaction request's usage and cost
// #endregion event

console.log(elideOldOutputs.type, result.usage);
