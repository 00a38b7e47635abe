// docs/structured-output.md: partial objects while the answer streams.
// #region docs
import { streamRun } from '@mimo-agents/runner';

const stream = streamRun({ client, agent: triageAgent, input: 'The API is down!', context });
for await (const event of stream) {
  if (event.type === 'output.delta') render(event.partial); // grows: keys stay, strings extend
  if (event.type === 'output.invalid') console.warn('repairing', event.issues);
  if (event.type === 'output.completed') save(event.output); // the validated object
}
const { finalOutput } = await stream.finalResult(); // typed from triageAgent.output

// #endregion docs

import type { MimoClient } from '@mimo-agents/core';
import { type SupportContext, type Triage, triageAgent } from '../../triage.js';

declare const client: MimoClient;
declare const context: SupportContext;
declare function render(partial: unknown): void;
declare function save(ticket: unknown): void;
export const typed: Triage | undefined = finalOutput;
