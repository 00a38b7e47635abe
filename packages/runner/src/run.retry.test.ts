import { IdleTimeoutError, validateHistory } from '@mimo-agents/core';
import { describe, expect, it } from 'vitest';
import type { Agent } from './agent.js';
import { streamRun } from './run.js';
import { countingTools } from './test-support/counting-tools.js';
import { drain, sentInputs, startHarness } from './test-support/harness.js';

const weatherAndTime = [
  { name: 'get_weather', arguments: { city: 'Paris' }, callId: 'call_w' },
  { name: 'local_time', arguments: { city: 'Paris' }, callId: 'call_t' },
];

describe('a turn that fails before its terminal event is resent whole', () => {
  it('resends a turn whose stream dropped after its calls were complete, and runs no tool twice', async () => {
    const { server, client } = await startHarness();
    const { tools, executions } = countingTools();
    const agent: Agent = { name: 'w', model: 'mimo-v2.6-pro', tools };
    // 10 events = everything up to both calls' output_item.done, but not response.completed. The server
    // awaits each write before dropping, so the frames reach the client ahead of the close: the drop lands
    // mid-stream (after the first event), where the runner resends the turn, not inside client.stream().
    const slow = { deltaSize: 100 };
    server.reply.functionCalls(weatherAndTime, {
      fault: { type: 'drop-after-events', events: 10 },
      streaming: slow,
    });
    server.reply.functionCalls(weatherAndTime);
    server.reply.text('Paris: clear, 15 °C, noon.', {
      fault: { type: 'drop-after-events', events: 4 },
      streaming: slow,
    });
    server.reply.text('Paris: clear, 15 °C, noon.');

    const stream = streamRun({ client, agent, input: 'Paris?' });
    const events = await drain(stream);
    const result = await stream.finalResult();

    expect(server.calls[0]?.faults).toMatchObject([{ type: 'drop-after-events', eventsWritten: 10 }]);
    expect(server.calls[2]?.faults).toMatchObject([{ type: 'drop-after-events', eventsWritten: 4 }]);
    expect(server.calls).toHaveLength(4);
    // Each call ran exactly once although its .done arrived twice (once in the dropped attempt).
    expect(Object.fromEntries(executions)).toEqual({ call_w: 1, call_t: 1 });
    // The resend is the same request; the partial output never entered the history.
    expect(server.calls[1]?.body).toEqual(server.calls[0]?.body);
    expect(server.calls[3]?.body).toEqual(server.calls[2]?.body);
    expect(
      sentInputs(server)[2]?.filter((item) => (item as { type?: string }).type === 'function_call'),
    ).toHaveLength(2);
    const retried = events.filter((event) => event.type === 'turn.retried');
    expect(retried).toMatchObject([
      { turn: 1, attempt: 2 },
      { turn: 2, attempt: 2 },
    ]);
    // Every frame written before the drop arrived, both calls' .done (events 5 and 9) among them.
    expect(retried[0]?.type === 'turn.retried' && retried[0].discardedEvents).toBe(10);
    expect(retried[1]?.type === 'turn.retried' && retried[1].discardedEvents).toBe(4);
    expect(result.turns.map((turn) => turn.retries)).toEqual([1, 1]);
    expect(result.finalOutput).toBe('Paris: clear, 15 °C, noon.');
    expect(() => validateHistory(result.history)).not.toThrow();
  });

  it('resends a turn whose stream stalled (idle timeout) after content', async () => {
    const { server, client } = await startHarness({}, { timeouts: { idleMs: 400 } });
    server.reply.text('Hello', { fault: { type: 'stall-after-events', events: 4 } });
    server.reply.text('Hello again');
    const stream = streamRun({ client, agent: { name: 'w', model: 'mimo-v2.6-pro' }, input: 'Hi' });
    const events = await drain(stream);
    const result = await stream.finalResult();
    expect(server.calls[0]?.faults).toMatchObject([{ type: 'stall-after-events', eventsWritten: 4 }]);
    expect(events.find((event) => event.type === 'turn.retried')).toMatchObject({ turn: 1, attempt: 2 });
    expect(result.finalOutput).toBe('Hello again');
    expect(result.history).toEqual([
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: [{ type: 'output_text', text: 'Hello again' }] },
    ]);
  });

  it('fails with the stream error once client.retry.maxRetries resends are used up', async () => {
    const { server, client } = await startHarness({}, { maxRetries: 1, timeouts: { idleMs: 100 } });
    server.reply.text('a', { fault: { type: 'stall-after-events', events: 3 } });
    server.reply.text('b', { fault: { type: 'stall-after-events', events: 3 } });
    const stream = streamRun({ client, agent: { name: 'w', model: 'mimo-v2.6-pro' }, input: 'Hi' });
    const events = await drain(stream);
    await expect(stream.finalResult()).rejects.toBeInstanceOf(IdleTimeoutError);
    expect(server.calls).toHaveLength(2);
    expect(server.calls.map((call) => call.faults)).toMatchObject([
      [{ type: 'stall-after-events', eventsWritten: 3 }],
      [{ type: 'stall-after-events', eventsWritten: 3 }],
    ]);
    expect(events.filter((event) => event.type === 'turn.retried')).toHaveLength(1);
  });
});

describe('a turn that fails in the stream (response.failed)', () => {
  it('ends the run with a typed error and runs no tool', async () => {
    const { server, client } = await startHarness();
    const { tools, executions } = countingTools();
    server.reply.functionCalls(weatherAndTime, {
      fault: { type: 'failed', code: 'server_error', message: 'model crashed' },
    });
    const error = await streamRun({ client, agent: { name: 'w', model: 'mimo-v2.6-pro', tools }, input: 'x' })
      .finalResult()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'response_failed' });
    expect((error as Error).message).toMatch(/model crashed/);
    expect(server.calls[0]?.faults).toMatchObject([{ type: 'failed' }]);
    expect(executions.size).toBe(0);
  });
});
