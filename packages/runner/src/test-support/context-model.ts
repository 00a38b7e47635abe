// Test-only: a scripted model for the context tests, and an agent whose tool returns a big output.
import type { ReplySpec, TestServer, WireRequest } from '@mimo-agents/testing';
import { tool } from '@mimo-agents/tools';
import { z } from 'zod';
import type { Agent } from '../agent.js';
import { type ContextPolicy, DEFAULT_SUMMARY_INSTRUCTIONS } from '../context/context-policy.js';

/** Characters of every `lookup` output (about 500 tokens by the server's chars/4). */
export const LOOKUP_CHARS = 2000;

/** An agent with one tool, `lookup`, whose output is `LOOKUP_CHARS` long. */
export function lookupAgent(): Agent {
  const lookup = tool({
    name: 'lookup',
    description: 'Looks up a page of notes',
    parameters: z.object({ page: z.number() }),
    execute: ({ page }) => `page ${page}: ${'n'.repeat(LOOKUP_CHARS)}`.slice(0, LOOKUP_CHARS),
  });
  return { name: 'reader', model: 'mimo-v2.6-pro', instructions: 'Read the notes.', tools: [lookup] };
}

/** Whether a request is a `summarize` compaction request (by its default instructions). */
export function isCompaction(request: WireRequest): boolean {
  return request.instructions === DEFAULT_SUMMARY_INSTRUCTIONS;
}

/**
 * Queues `rounds` model turns that each think and call `lookup` once, then a final answer; compaction
 * requests (any number) get a short summary. Replies depend on how many model turns were answered, not
 * on the history (which a policy shortens).
 */
export function scriptLookups(server: TestServer, rounds: number, compactions = 0): void {
  let turns = 0;
  const reply = (request: WireRequest): ReplySpec => {
    if (isCompaction(request))
      return { type: 'output', items: [{ type: 'message', text: 'Pages read so far: notes.' }] };
    turns += 1;
    if (turns > rounds) return { type: 'output', items: [{ type: 'message', text: `read ${rounds} pages` }] };
    return {
      type: 'output',
      items: [
        { type: 'reasoning', text: `Page ${turns} next.` },
        {
          type: 'function_call',
          name: 'lookup',
          arguments: JSON.stringify({ page: turns }),
          callId: `call_${turns}`,
        },
      ],
    };
  };
  for (let i = 0; i < rounds + 1 + compactions; i += 1) server.reply.with(reply);
}

/** The policy of the compaction crash test (a 3,000-token limit, short summaries). */
export const CRASH_POLICY: ContextPolicy = {
  type: 'summarize',
  threshold: { tokens: 3000 },
  maxOutputTokens: 256,
};
