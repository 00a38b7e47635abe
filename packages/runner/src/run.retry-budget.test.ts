import { ApiError, MimoError } from '@mimo-agents/core';
import { describe, expect, it } from 'vitest';
import { streamRun } from './run.js';
import { drain, startHarness } from './test-support/harness.js';

const agent = { name: 'w', model: 'mimo-v2.6-pro' };
const dropMidStream = { type: 'drop-after-events', events: 3 } as const;
const unavailable = { type: 'status', status: 503 } as const;

describe('one retry budget per turn, shared by turn resends and client retries', () => {
  it('sends at most client.retry.maxRetries + 1 requests when faults come before and after the first event', async () => {
    const { server, client } = await startHarness({}, { maxRetries: 3 });
    // Request 1 fails before any event (the client retries it), request 2 drops mid-stream (the runner
    // resends the turn with 1 retry left), request 3 fails before any event, request 4 drops mid-stream.
    server.reply.fault(unavailable);
    server.reply.text('partial one', { fault: dropMidStream });
    server.reply.fault(unavailable);
    server.reply.text('partial two', { fault: dropMidStream });
    server.reply.text('never sent: the budget is spent');
    const stream = streamRun({ client, agent, input: 'Hi' });
    const events = await drain(stream);
    const error = await stream.finalResult().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MimoError);
    expect(server.calls).toHaveLength(4);
    expect(server.reply.pending).toBe(1);
    expect(server.calls.map((call) => call.faults)).toMatchObject([
      [{ type: 'status', status: 503 }],
      [{ type: 'drop-after-events', eventsWritten: 3 }],
      [{ type: 'status', status: 503 }],
      [{ type: 'drop-after-events', eventsWritten: 3 }],
    ]);
    expect(events.filter((event) => event.type === 'turn.retried')).toMatchObject([{ turn: 1, attempt: 2 }]);
  });

  it('stops client retries of a resent turn at the remaining budget', async () => {
    const { server, client } = await startHarness({}, { maxRetries: 2 });
    // A mid-stream drop spends one request; the resend may then send only two more, however it fails.
    server.reply.text('partial', { fault: dropMidStream });
    server.reply.fault(unavailable);
    server.reply.fault(unavailable);
    server.reply.text('never sent: the budget is spent');
    const error = await streamRun({ client, agent, input: 'Hi' })
      .finalResult()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(503);
    expect(server.calls.map((call) => call.faults?.[0]?.type)).toEqual([
      'drop-after-events',
      'status',
      'status',
    ]);
    expect(server.reply.pending).toBe(1);
  });

  it('finishes the turn when the last request of the budget succeeds, and counts both kinds of retry', async () => {
    const { server, client } = await startHarness({}, { maxRetries: 3 });
    server.reply.fault(unavailable);
    server.reply.text('partial', { fault: dropMidStream });
    server.reply.fault(unavailable);
    server.reply.text('Hello.');
    const result = await streamRun({ client, agent, input: 'Hi' }).finalResult();
    expect(server.calls.map((call) => call.status)).toEqual([503, 200, 503, 200]);
    expect(result.finalOutput).toBe('Hello.');
    expect(result.turns[0]).toMatchObject({ retries: 1, requestRetries: 2 });
  });
});
