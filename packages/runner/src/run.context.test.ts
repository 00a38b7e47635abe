import { isMimoError, validateHistory } from '@mimo-agents/core';
import type { WireRequest } from '@mimo-agents/testing';
import { describe, expect, it } from 'vitest';
import type { ContextPolicy } from './context/context-policy.js';
import { SUMMARY_PREFIX } from './context/summarize-history.js';
import type { ContextCompactedEvent } from './events.js';
import { streamRun } from './run.js';
import { isCompaction, lookupAgent, scriptLookups } from './test-support/context-model.js';
import { drain, startHarness } from './test-support/harness.js';

// 12 lookups of ~500 tokens each pass a 4,000-token window; the policies act above 3,000.
const WINDOW = 4000;
const ROUNDS = 12;
const threshold = { tokens: 3000 };

const requests = (calls: { body: unknown }[]): WireRequest[] => calls.map((call) => call.body as WireRequest);

describe('context policies on a run that outgrows the window', () => {
  it('without a policy, the server refuses the request that passes the window with MiMo 400', async () => {
    const { server, client } = await startHarness({ contextWindow: WINDOW });
    scriptLookups(server, ROUNDS);
    const stream = streamRun({ client, agent: lookupAgent(), input: 'Read every page.', maxTurns: 20 });
    await drain(stream);
    const error = await stream.finalResult().catch((e: unknown) => e);
    expect(isMimoError(error) && error.code).toBe('api_error');
    expect(String((error as Error).message)).toContain('maximum context length is 4000 tokens');
    expect(server.calls.at(-1)?.status).toBe(400);
  });

  it('trim drops whole old turn groups: every request valid and accepted, reasoning glued, first message kept', async () => {
    const { server, client } = await startHarness({ contextWindow: WINDOW });
    scriptLookups(server, ROUNDS);
    const policy: ContextPolicy = { type: 'trim', threshold };
    const stream = streamRun({
      client,
      agent: lookupAgent(),
      input: 'Read every page.',
      maxTurns: 20,
      contextPolicy: policy,
    });
    const events = await drain(stream);
    const result = await stream.finalResult();
    expect(result.finalOutput).toBe(`read ${ROUNDS} pages`);
    expect(server.calls.every((call) => call.status === 200)).toBe(true);
    const compacted = events.filter((e): e is ContextCompactedEvent => e.type === 'context.compacted');
    expect(compacted.length).toBeGreaterThan(0);
    for (const event of compacted) {
      expect(event.policy).toBe('trim');
      // What was dropped: whole groups right after the first user message, as many items as left.
      const spans = event.removed ?? [];
      expect(spans[0]?.start).toBe(1);
      expect(spans.reduce((n, span) => n + span.end - span.start, 0)).toBe(
        event.itemsBefore - event.itemsAfter,
      );
      expect(event.tokensBefore).toBeGreaterThan(event.limit);
      expect(event.tokensAfter).toBeLessThanOrEqual(1500 + 200);
    }
    for (const request of requests(server.calls)) {
      const input = request.input as { type?: string }[];
      validateHistory(input as never);
      expect(input[0]).toEqual({ role: 'user', content: 'Read every page.' });
      // Reasoning travels with its call: each remaining reasoning item is followed by the call it belongs to.
      input.forEach((item, i) => {
        if (item.type === 'reasoning') expect(input[i + 1]?.type).toBe('function_call');
      });
    }
    validateHistory(result.history);
    expect(result.compactions?.length).toBe(compacted.length);
    expect(result.history.length).toBeLessThan(1 + 3 * ROUNDS + 1);
  });

  it('summarize sends one compaction request per cut, puts one summary message in, and counts its usage and cost', async () => {
    const { server, client } = await startHarness({ contextWindow: WINDOW });
    scriptLookups(server, 8, 2);
    const policy: ContextPolicy = { type: 'summarize', threshold, maxOutputTokens: 256 };
    const stream = streamRun({
      client,
      agent: lookupAgent(),
      input: 'Read every page.',
      maxTurns: 20,
      contextPolicy: policy,
    });
    const events = await drain(stream);
    const result = await stream.finalResult();
    expect(result.finalOutput).toBe('read 8 pages');
    expect(server.calls.every((call) => call.status === 200)).toBe(true);
    const compactionCalls = requests(server.calls).filter(isCompaction);
    const compacted = events.filter((e): e is ContextCompactedEvent => e.type === 'context.compacted');
    expect(compactionCalls).toHaveLength(1);
    expect(compacted).toHaveLength(1);
    expect(compacted[0]?.usage?.requests).toBe(1);
    // The summarised spans, replaced by one message.
    const removed = compacted[0]?.removed ?? [];
    expect(removed.reduce((n, span) => n + span.end - span.start, 0) - 1).toBe(
      (compacted[0]?.itemsBefore ?? 0) - (compacted[0]?.itemsAfter ?? 0),
    );
    // The transcript, not tool items, is sent: the compaction request declares no tools.
    expect(compactionCalls[0]?.tools).toBeUndefined();
    const summaries = result.history.filter(
      (item) => 'role' in item && typeof item.content === 'string' && item.content.startsWith(SUMMARY_PREFIX),
    );
    expect(summaries).toHaveLength(1);
    expect(result.history[1]).toBe(summaries[0]);
    // Counted: one more request than model turns, its tokens and cost in the totals.
    expect(result.usage.requests).toBe(result.turns.length + 1);
    const turnInput = result.turns.reduce((sum, turn) => sum + turn.usage.inputTokens, 0);
    expect(result.usage.inputTokens).toBe(turnInput + (compacted[0]?.usage?.inputTokens ?? 0));
    const turnCost = result.turns.reduce((sum, turn) => sum + (turn.cost?.total ?? 0), 0);
    expect(result.cost?.total).toBeCloseTo(turnCost + (compacted[0]?.cost?.total ?? 0), 12);
    expect(compacted[0]?.cost?.total).toBeGreaterThan(0);
  });

  it('a custom policy returns the new history; an invalid one fails the run and is never sent', async () => {
    const { server, client } = await startHarness({ contextWindow: WINDOW });
    scriptLookups(server, ROUNDS);
    const policy: ContextPolicy = {
      type: 'custom',
      threshold,
      // Drops the suggested groups' outputs only: leaves calls without outputs.
      compact: ({ history, suggested }) =>
        history.filter(
          (item, i) =>
            !(item.type === 'function_call_output' && suggested.some((g) => i >= g.start && i < g.end)),
        ),
    };
    const stream = streamRun({
      client,
      agent: lookupAgent(),
      input: 'Read every page.',
      maxTurns: 20,
      contextPolicy: policy,
    });
    await drain(stream);
    const error = await stream.finalResult().catch((e: unknown) => e);
    expect(isMimoError(error) && error.code).toBe('history_invalid');
    expect(server.calls.every((call) => call.status === 200)).toBe(true);
  });
});
