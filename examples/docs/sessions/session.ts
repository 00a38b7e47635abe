// docs/sessions-and-context.md: a chat kept in a session, and a conflict handled.
import type { MimoClient } from '@mimo-agents/core';
import type { Agent } from '@mimo-agents/runner';

declare const client: MimoClient;
declare const agent: Agent;
declare const userId: string;

// #region docs
import { createFileSessionStore, run, SessionConflictError } from '@mimo-agents/runner';

const sessions = createFileSessionStore({ directory: '/var/lib/my-app/sessions' });
const session = { store: sessions, id: `user-${userId}` };

await run({ client, agent, input: 'Hi, I am Ana.', session });
const second = await run({ client, agent, input: 'What is my name?', session }); // sees the first exchange

try {
  await run({ client, agent, input: 'And the weather?', session });
} catch (error) {
  if (!(error instanceof SessionConflictError)) throw error;
  // Another run saved this session meanwhile; error.history holds this run's conversation.
  await run({ client, agent, input: 'And the weather?', session }); // again, on the newer history
}
// #endregion docs

console.log(second.finalOutput);
