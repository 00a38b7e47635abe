// docs/structured-output.md: when every repair failed.
// #region docs
import { run, StructuredOutputError } from '@mimo-agents/runner';

try {
  await run({ client, agent: triageAgent, input, context, maxOutputRepairs: 1 });
} catch (error) {
  if (!(error instanceof StructuredOutputError)) throw error;
  error.rawText; // the last answer, as sent
  error.issues; // [{ path: 'priority', message: 'Invalid option: …' }]
  error.partialOutput; // the best object read from rawText
  error.partialResult.history; // every answer and repair request, valid to resend
}

// #endregion docs

import type { MimoClient } from '@mimo-agents/core';
import { type SupportContext, triageAgent } from '../../triage.js';

declare const client: MimoClient;
declare const context: SupportContext;
declare const input: string;
