import { ApiError, StreamProtocolError, validateHistory } from '@mimo-agents/core';
import { describe, expect, it } from 'vitest';
import type { Agent } from './agent.js';
import type { RunEvent } from './events.js';
import { run, streamRun } from './run.js';
import { countingTools } from './test-support/counting-tools.js';
import { drain, startHarness } from './test-support/harness.js';
import { callItem, messageItem, sse, turnFrames, wireResponse } from './test-support/wire-frames.js';

// Each stream below is written by hand in the shape of a stream recorded from another
// Responses server (OpenAI, Azure OpenAI, xAI, a proxy); see docs/streaming.md.

const paris = '{"city":"Paris"}';

function agentWith(tools: NonNullable<Agent['tools']>): Agent {
  return { name: 'wire', model: 'mimo-v2.6-pro', instructions: 'Be brief.', tools };
}

const answerTurn = (id: string, text: string) => turnFrames(id, [], [messageItem(`msg_${id}`, text)]);

describe('run() on streams as other servers send them', () => {
  it('output_index with gaps (message at 0, call at 2, output [A, B]): the call runs once, items are not duplicated', async () => {
    const { server, client } = await startHarness();
    const { tools, executions } = countingTools();
    const message = messageItem('msg_1', 'Let me look.');
    const call = callItem('fc_1', 'call_a', 'get_weather', paris);
    server.reply.frames(
      turnFrames(
        'resp_1',
        [
          { type: 'response.output_item.added', output_index: 0, item: { ...message, content: [] } },
          {
            type: 'response.output_text.delta',
            item_id: 'msg_1',
            output_index: 0,
            content_index: 0,
            delta: 'Let me look.',
          },
          { type: 'response.output_item.done', output_index: 0, item: message },
          {
            type: 'response.output_item.added',
            output_index: 2,
            item: { ...call, status: 'in_progress', arguments: '' },
          },
          { type: 'response.function_call_arguments.delta', item_id: 'fc_1', output_index: 2, delta: paris },
          {
            type: 'response.function_call_arguments.done',
            item_id: 'fc_1',
            output_index: 2,
            arguments: paris,
          },
          { type: 'response.output_item.done', output_index: 2, item: call },
        ],
        [message, call],
      ),
    );
    server.reply.frames(answerTurn('resp_2', 'Sunny.'));
    const result = await run({ client, agent: agentWith(tools), input: 'Weather in Paris?' });
    expect(result.finalOutput).toBe('Sunny.');
    expect([...executions]).toEqual([['call_a', 1]]);
    expect(result.turns[0]?.toolCalls.map((c) => c.callId)).toEqual(['call_a']);
    expect(result.newItems.map((item) => item.type ?? item.role)).toEqual([
      'assistant',
      'function_call',
      'function_call_output',
      'assistant',
    ]);
    expect(() => validateHistory(result.history)).not.toThrow();
  });

  it('a streamed call that response.completed.output does not hold is reported and never executed', async () => {
    const { server, client } = await startHarness();
    const { tools, executions } = countingTools();
    const kept = callItem('fc_1', 'call_a', 'get_weather', paris);
    const ghost = callItem('fc_9', 'call_ghost', 'local_time', paris);
    server.reply.frames(
      turnFrames(
        'resp_1',
        [
          { type: 'response.output_item.added', output_index: 0, item: { ...ghost, arguments: '' } },
          {
            type: 'response.function_call_arguments.done',
            item_id: 'fc_9',
            output_index: 0,
            arguments: paris,
          },
          { type: 'response.output_item.added', output_index: 1, item: { ...kept, arguments: '' } },
          {
            type: 'response.function_call_arguments.done',
            item_id: 'fc_1',
            output_index: 1,
            arguments: '{"city":"Pa"}',
          },
        ],
        [kept],
      ),
    );
    server.reply.frames(answerTurn('resp_2', 'Done.'));
    const stream = streamRun({ client, agent: agentWith(tools), input: 'Weather?' });
    const events = await drain(stream);
    const result = await stream.finalResult();
    expect(result.status).toBe('completed');
    expect([...executions]).toEqual([['call_a', 1]]);
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'turn.warning', code: 'streamed_call_not_in_output', itemId: 'fc_9' }),
    );
    expect(events).toContainEqual({
      type: 'tool.arguments.mismatch',
      turn: 1,
      callId: 'call_a',
      source: 'completed',
      used: paris,
      other: '{"city":"Pa"}',
    });
    expect(events.find((e) => e.type === 'tool.called')).toMatchObject({ arguments: paris });
  });

  it('a reasoning item without content (summary / encrypted_content only) is replayed by its id, the answer kept', async () => {
    const { server, client } = await startHarness();
    const { tools } = countingTools();
    const reasoning = {
      type: 'reasoning',
      id: 'rs_1',
      summary: [{ type: 'summary_text', text: '**Planning**' }],
      encrypted_content: 'gAAAAB-opaque',
    };
    const call = callItem('fc_1', 'call_a', 'get_weather', paris);
    server.reply.frames(turnFrames('resp_1', [], [reasoning, call]));
    server.reply.frames(
      turnFrames('resp_2', [], [{ ...reasoning, id: 'rs_2' }, messageItem('msg_2', 'Sunny.')]),
    );
    const result = await run({ client, agent: agentWith(tools), input: 'Weather?' });
    expect(result.finalOutput).toBe('Sunny.');
    expect(result.history[1]).toEqual({ type: 'reasoning', id: 'rs_1' });
    const sent = server.calls[1]?.body as { input: unknown[] };
    expect(sent.input[1]).toEqual({ type: 'reasoning', id: 'rs_1' });
    expect(JSON.stringify(sent.input)).not.toContain('summary');
    expect(JSON.stringify(sent.input)).not.toContain('encrypted_content');
  });

  it('an unknown output item (web_search_call) stays in the turn record and responses, is not replayed, and is named by a warning', async () => {
    const { server, client } = await startHarness();
    const { tools, executions } = countingTools();
    const search = {
      type: 'web_search_call',
      id: 'ws_1',
      status: 'completed',
      action: { type: 'search', query: 'weather Paris' },
    };
    const call = callItem('fc_1', 'call_a', 'get_weather', paris);
    server.reply.frames(
      turnFrames(
        'resp_1',
        [
          { type: 'response.output_item.added', output_index: 0, item: search },
          { type: 'response.web_search_call.searching', item_id: 'ws_1', output_index: 0 },
          { type: 'response.output_item.done', output_index: 0, item: search },
        ],
        [search, call],
      ),
    );
    server.reply.frames(answerTurn('resp_2', 'Sunny.'));
    const stream = streamRun({ client, agent: agentWith(tools), input: 'Weather?' });
    const events = await drain(stream);
    const result = await stream.finalResult();
    expect(result.finalOutput).toBe('Sunny.');
    expect([...executions]).toEqual([['call_a', 1]]);
    expect(result.turns[0]?.otherItems).toEqual([search]);
    expect(result.responses[0]?.output[0]).toEqual(search);
    expect(JSON.stringify(result.history)).not.toContain('web_search_call');
    expect(JSON.stringify(server.calls[1]?.body)).not.toContain('web_search_call');
    const warning = events.find(
      (e): e is Extract<RunEvent, { type: 'turn.warning' }> => e.type === 'turn.warning',
    );
    expect(warning).toMatchObject({
      code: 'unknown_output_item',
      itemType: 'web_search_call',
      itemId: 'ws_1',
    });
    expect(warning?.message).toContain('web_search_call');
  });

  it('a proxy rotating item_id on every event (ids reused across items) still builds each call from its own deltas', async () => {
    const { server, client } = await startHarness();
    const { tools, executions } = countingTools();
    const rome = '{"city":"Rome"}';
    const a = callItem('id-1', 'call_a', 'get_weather', paris);
    const b = callItem('id-2', 'call_b', 'local_time', rome);
    const middle: Record<string, unknown>[] = [
      { type: 'response.output_item.added', output_index: 0, item: { ...a, arguments: '' } },
      { type: 'response.output_item.added', output_index: 1, item: { ...b, arguments: '' } },
    ];
    // Interleaved one-character deltas; the proxy stamps each event with an id from its pool.
    const pool = ['id-1', 'id-2', 'id-3'];
    for (let i = 0, n = 0; i < Math.max(paris.length, rome.length); i++) {
      if (i < paris.length)
        middle.push({
          type: 'response.function_call_arguments.delta',
          item_id: pool[n++ % 3],
          output_index: 0,
          delta: paris[i],
          obfuscation: 'xY',
        });
      if (i < rome.length)
        middle.push({
          type: 'response.function_call_arguments.delta',
          item_id: pool[n++ % 3],
          output_index: 1,
          delta: rome[i],
          obfuscation: 'xY',
        });
    }
    middle.push(
      { type: 'response.output_item.done', output_index: 0, item: { ...a, id: 'id-7' } },
      { type: 'response.output_item.done', output_index: 1, item: { ...b, id: 'id-8' } },
    );
    server.reply.frames(turnFrames('resp_1', middle, [a, b]));
    server.reply.frames(answerTurn('resp_2', 'Both done.'));
    const stream = streamRun({ client, agent: agentWith(tools), input: 'Paris and Rome?' });
    const events = await drain(stream);
    const result = await stream.finalResult();
    expect(result.finalOutput).toBe('Both done.');
    expect([...executions].sort()).toEqual([
      ['call_a', 1],
      ['call_b', 1],
    ]);
    const snapshots = new Map<string, string>();
    for (const e of events) if (e.type === 'tool.arguments.delta') snapshots.set(e.callId, e.snapshot);
    expect(Object.fromEntries(snapshots)).toEqual({ call_a: paris, call_b: rome });
    expect(events.filter((e) => e.type === 'tool.arguments.mismatch')).toEqual([]);
  });

  it('output_item.added for a call without output_index fails the turn typed; the call never runs', async () => {
    const { server, client } = await startHarness();
    const { tools, executions } = countingTools();
    const call = callItem('fc_1', 'call_a', 'get_weather', paris);
    server.reply.frames(
      turnFrames(
        'resp_1',
        [
          { type: 'response.output_item.added', item: { ...call, arguments: '' } },
          {
            type: 'response.function_call_arguments.done',
            item_id: 'fc_1',
            output_index: 0,
            arguments: paris,
          },
        ],
        [call],
      ),
    );
    const error = await run({ client, agent: agentWith(tools), input: 'Weather?' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StreamProtocolError);
    expect((error as Error).message).toContain('output_index is missing');
    expect(executions.size).toBe(0);
  });

  it('a call without call_id fails the turn typed: it never runs with ctx.callId undefined', async () => {
    const { server, client } = await startHarness();
    const { tools, executions } = countingTools();
    const call = {
      type: 'function_call',
      id: 'fc_1',
      status: 'completed',
      name: 'get_weather',
      arguments: paris,
    };
    server.reply.frames(
      turnFrames(
        'resp_1',
        [
          { type: 'response.function_call_arguments.delta', item_id: 'fc_1', output_index: 0, delta: paris },
          {
            type: 'response.function_call_arguments.done',
            item_id: 'fc_1',
            output_index: 0,
            arguments: paris,
          },
        ],
        [],
      ),
    );
    server.reply.frames(turnFrames('resp_2', [], [call]));
    for (const expected of ['has no call_id', 'response.output[0].call_id is missing']) {
      const error = await run({ client, agent: agentWith(tools), input: 'Weather?' }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(StreamProtocolError);
      expect((error as Error).message).toContain(expected);
    }
    expect(executions.size).toBe(0);
    expect(server.calls).toHaveLength(2);
  });

  it('a call_id an earlier turn already used is refused before it runs a second time', async () => {
    const { server, client } = await startHarness();
    const { tools, executions } = countingTools();
    const call = callItem('fc_1', 'call_a', 'get_weather', paris);
    server.reply.frames(turnFrames('resp_1', [], [call]));
    server.reply.frames(turnFrames('resp_2', [], [{ ...call, id: 'fc_2' }]));
    const error = await run({ client, agent: agentWith(tools), input: 'Weather?' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StreamProtocolError);
    expect((error as Error).message).toContain('call_id call_a');
    expect([...executions]).toEqual([['call_a', 1]]);
  });

  it('rejects typed for an OpenAI-shaped error event and for response.completed with response: null', async () => {
    const { server, client } = await startHarness();
    const created = sse({
      type: 'response.created',
      sequence_number: 0,
      response: wireResponse('r', 'in_progress'),
    });
    server.reply.frames([
      created,
      sse({
        type: 'error',
        sequence_number: 1,
        error: { type: 'server_error', code: null, message: 'Sorry, something went wrong.', param: null },
      }),
    ]);
    server.reply.frames([created, sse({ type: 'response.completed', sequence_number: 1, response: null })]);
    const agent = agentWith([]);
    const first = await run({ client, agent, input: 'Hi' }).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(ApiError);
    expect((first as Error).message).toContain('Sorry, something went wrong.');
    const second = await run({ client, agent, input: 'Hi' }).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(StreamProtocolError);
    expect((second as Error).message).toContain('response is null');
  });
});
