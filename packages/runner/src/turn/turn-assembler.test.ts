import {
  type OutputItem,
  type OutputReasoningItem,
  type Response,
  type ResponseStreamEvent,
  StreamProtocolError,
} from '@mimo-agents/core';
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../events.js';
import { markEventsWanted } from './events-wanted.js';
import { TurnAssembler } from './turn-assembler.js';

const response = (status: Response['status'], output: OutputItem[], reason?: string): Response => ({
  id: 'resp_1',
  object: 'response',
  created_at: 0,
  status,
  error: null,
  incomplete_details: reason === undefined ? null : { reason },
  model: 'mimo-v2.6-pro',
  output,
  usage: { input_tokens: 10, output_tokens: 5, total_tokens: 15 },
});
const reasoning: OutputReasoningItem = {
  type: 'reasoning',
  id: 'rs_1',
  status: 'completed',
  summary: [],
  content: [{ type: 'reasoning_text', text: 'Think.' }],
};
const call = (
  id: string,
  callId: string,
  args: string,
  status: 'completed' | 'incomplete' = 'completed',
): OutputItem => ({
  type: 'function_call',
  id,
  status,
  call_id: callId,
  name: 'get_weather',
  arguments: args,
});

/** Events of one streamed turn: reasoning at 0, then each call with one-character deltas. */
function events(
  calls: { id: string; callId: string; args: string; done: boolean }[],
  terminal: ResponseStreamEvent,
): ResponseStreamEvent[] {
  const list: ResponseStreamEvent[] = [
    { type: 'response.created', sequence_number: 0, response: response('in_progress', []) },
    {
      type: 'response.output_item.added',
      sequence_number: 0,
      output_index: 0,
      item: { ...reasoning, status: 'in_progress', content: [] },
    },
    {
      type: 'response.reasoning_text.delta',
      sequence_number: 0,
      item_id: 'rs_1',
      output_index: 0,
      content_index: 0,
      delta: 'Think.',
    },
    { type: 'response.output_item.done', sequence_number: 0, output_index: 0, item: reasoning },
  ];
  calls.forEach((c, i) => {
    list.push({
      type: 'response.output_item.added',
      sequence_number: 0,
      output_index: i + 1,
      item: call(c.id, c.callId, ''),
    });
    for (const ch of c.args)
      list.push({
        type: 'response.function_call_arguments.delta',
        sequence_number: 0,
        item_id: c.id,
        output_index: i + 1,
        delta: ch,
      });
    if (c.done)
      list.push({
        type: 'response.function_call_arguments.done',
        sequence_number: 0,
        item_id: c.id,
        output_index: i + 1,
        arguments: c.args,
        name: 'get_weather',
      });
  });
  list.push(terminal);
  return list;
}

function fold(list: ResponseStreamEvent[]) {
  const emitted: RunEvent[] = [];
  const assembler = new TurnAssembler(1, (event) => emitted.push(event));
  for (const event of list) assembler.push(event);
  // Core's stream ends at the terminal event and hands its response over; the assembler folds the rest.
  const terminal = list.at(-1);
  if (terminal?.type !== 'response.completed' && terminal?.type !== 'response.incomplete')
    throw new Error('fold() needs a list ending with its terminal event');
  expect(terminal.response.status).toBe(terminal.type === 'response.completed' ? 'completed' : 'incomplete');
  return { turn: assembler.finish(terminal.response), emitted };
}

describe('TurnAssembler', () => {
  it('builds reasoning and calls in output order and emits deltas with snapshots', () => {
    const a = '{"city":"Paris"}';
    const completed = response('completed', [reasoning, call('fc_1', 'call_a', a)]);
    const { turn, emitted } = fold(
      events([{ id: 'fc_1', callId: 'call_a', args: a, done: true }], {
        type: 'response.completed',
        sequence_number: 9,
        response: completed,
      }),
    );
    expect(turn.status).toBe('completed');
    expect(turn.items.map((item) => item.type)).toEqual(['reasoning', 'function_call']);
    expect(turn.calls.map((c) => c.arguments)).toEqual([a]);
    const deltas = emitted.filter((e) => e.type === 'tool.arguments.delta');
    expect(deltas).toHaveLength(a.length);
    expect(deltas.at(-1)).toMatchObject({ callId: 'call_a', snapshot: a });
    expect(emitted.find((e) => e.type === 'reasoning.delta')).toMatchObject({ delta: 'Think.' });
  });

  it('never makes a call cut off inside an incomplete turn runnable, and drops it from the items', () => {
    const incomplete = response(
      'incomplete',
      [reasoning, call('fc_1', 'call_a', '{"ci', 'incomplete')],
      'max_output_tokens',
    );
    const { turn } = fold(
      events([{ id: 'fc_1', callId: 'call_a', args: '{"ci', done: false }], {
        type: 'response.incomplete',
        sequence_number: 9,
        response: incomplete,
      }),
    );
    expect(turn.status).toBe('incomplete');
    expect(turn.incompleteReason).toBe('max_output_tokens');
    expect(turn.calls).toEqual([]);
    expect(turn.cutCalls.map((c) => c.callId)).toEqual(['call_a']);
    expect(turn.items.map((item) => item.type)).toEqual(['reasoning']);
  });

  it('takes calls from response.completed.output and reports a streamed call that disagrees', () => {
    const completed = response('completed', [reasoning, call('fc_1', 'call_a', '{"city":"Rome"}')]);
    const { turn, emitted } = fold(
      events([{ id: 'fc_1', callId: 'call_a', args: '{"city":"Paris"}', done: true }], {
        type: 'response.completed',
        sequence_number: 9,
        response: completed,
      }),
    );
    expect(turn.calls[0]?.arguments).toBe('{"city":"Rome"}');
    expect(emitted).toContainEqual({
      type: 'tool.arguments.mismatch',
      turn: 1,
      callId: 'call_a',
      source: 'completed',
      used: '{"city":"Rome"}',
      other: '{"city":"Paris"}',
    });
  });

  // Up to 16 calls a streamed call's final version is found by a scan, beyond by a map: both report alike.
  it.each([3, 20])(
    'with %i calls, reports each streamed call the final output contradicts or lacks',
    (count) => {
      const streamed = Array.from({ length: count }, (_, i) => ({
        id: `fc_${i}`,
        callId: `call_${i}`,
        args: `{"n":${i}}`,
        done: true,
      }));
      // The final output changes the arguments of call 1 and leaves out the last call.
      const final = streamed
        .slice(0, -1)
        .map((c, i) => call(c.id, c.callId, i === 1 ? '{"n":"changed"}' : c.args));
      const completed = response('completed', [reasoning, ...final]);
      const { turn, emitted } = fold(
        events(streamed, { type: 'response.completed', sequence_number: 9, response: completed }),
      );
      expect(turn.calls.map((c) => c.callId)).toEqual(final.map((_, i) => `call_${i}`));
      expect(
        emitted.filter((e) => e.type === 'tool.arguments.mismatch' || e.type === 'turn.warning'),
      ).toEqual([
        {
          type: 'tool.arguments.mismatch',
          turn: 1,
          callId: 'call_1',
          source: 'completed',
          used: '{"n":"changed"}',
          other: '{"n":1}',
        },
        expect.objectContaining({
          type: 'turn.warning',
          code: 'streamed_call_not_in_output',
          itemId: `fc_${count - 1}`,
        }),
      ]);
    },
  );

  it('finishes with the timing it is given and one shape whether incomplete or not', () => {
    const completed = response('completed', [reasoning]);
    const assembler = new TurnAssembler(1, () => {});
    const turn = assembler.finish(completed, 12, 1, 2);
    expect(turn).toMatchObject({ status: 'completed', durationMs: 12, retries: 1, requestRetries: 2 });
    expect(turn.incompleteReason).toBeUndefined();
    const cut = new TurnAssembler(1, () => {}).finish(response('incomplete', [], 'max_output_tokens'));
    expect(Object.keys(cut)).toEqual(Object.keys(turn));
    expect(cut.incompleteReason).toBe('max_output_tokens');
  });

  it("reports a .done string that differs from the call's joined deltas, and uses the .done string", () => {
    const list = events([{ id: 'fc_1', callId: 'call_a', args: '{"city":"Par', done: false }], {
      type: 'response.completed',
      sequence_number: 9,
      response: response('completed', []),
    });
    // The `.done` for the call carries other arguments than its deltas joined.
    list.splice(-1, 0, {
      type: 'response.function_call_arguments.done',
      sequence_number: 8,
      item_id: 'fc_1',
      output_index: 1,
      arguments: '{"city":"Paris"}',
      name: 'get_weather',
    });
    const { turn, emitted } = fold(list);
    expect(emitted.filter((e) => e.type === 'tool.arguments.mismatch')).toEqual([
      {
        type: 'tool.arguments.mismatch',
        turn: 1,
        callId: 'call_a',
        source: 'deltas',
        used: '{"city":"Paris"}',
        other: '{"city":"Par',
      },
    ]);
    expect(turn.calls).toMatchObject([{ callId: 'call_a', arguments: '{"city":"Paris"}', done: true }]);
  });

  it('folds the same turn for an emitter nobody reads, building none of its reports', () => {
    const completed = response('completed', [reasoning, call('fc_1', 'call_a', '{"city":"Rome"}')]);
    const list = events([{ id: 'fc_1', callId: 'call_a', args: '{"city":"Paris"}', done: true }], {
      type: 'response.completed',
      sequence_number: 9,
      response: completed,
    });
    const emitted: RunEvent[] = [];
    const assembler = new TurnAssembler(
      1,
      markEventsWanted(
        (event: RunEvent) => emitted.push(event),
        () => false,
      ),
    );
    for (const event of list) assembler.push(event);
    const turn = assembler.finish(completed);
    expect(turn.calls.map((c) => c.arguments)).toEqual(['{"city":"Rome"}']);
    expect(emitted).toEqual([]);
    // Read: the same stream reports the disagreement.
    expect(fold(list).emitted.some((e) => e.type === 'tool.arguments.mismatch')).toBe(true);
  });

  it('takes a call the stream never finished from a completed response', () => {
    const completed = response('completed', [reasoning, call('fc_1', 'call_a', '{}')]);
    const list = events([], { type: 'response.completed', sequence_number: 9, response: completed });
    const { turn } = fold(list);
    expect(turn.calls).toMatchObject([{ callId: 'call_a', arguments: '{}', done: true }]);
  });

  it('rebuilds a message from text deltas when no output_item.done arrived', () => {
    const list: ResponseStreamEvent[] = [
      {
        type: 'response.output_item.added',
        sequence_number: 0,
        output_index: 0,
        item: { type: 'message', id: 'msg_1', status: 'in_progress', role: 'assistant', content: [] },
      },
      {
        type: 'response.output_text.delta',
        sequence_number: 1,
        item_id: 'msg_1',
        output_index: 0,
        content_index: 0,
        delta: 'Hel',
      },
      {
        type: 'response.output_text.delta',
        sequence_number: 2,
        item_id: 'msg_1',
        output_index: 0,
        content_index: 0,
        delta: 'lo',
      },
      { type: 'response.completed', sequence_number: 3, response: response('completed', []) },
    ];
    const { turn, emitted } = fold(list);
    expect(turn.items).toMatchObject([
      { type: 'message', content: [{ type: 'output_text', text: 'Hello' }] },
    ]);
    expect(
      emitted.filter((e) => e.type === 'text.delta').map((e) => (e.type === 'text.delta' ? e.delta : '')),
    ).toEqual(['Hel', 'lo']);
  });

  it('matches by content, not position: output_index with gaps yields each item once', () => {
    const a = '{"city":"Paris"}';
    const message: OutputItem = {
      type: 'message',
      id: 'msg_1',
      status: 'completed',
      role: 'assistant',
      content: [{ type: 'output_text', text: 'Looking.', annotations: [] }],
    };
    const list: ResponseStreamEvent[] = [
      { type: 'response.output_item.added', sequence_number: 0, output_index: 0, item: message },
      { type: 'response.output_item.done', sequence_number: 1, output_index: 0, item: message },
      {
        type: 'response.output_item.added',
        sequence_number: 2,
        output_index: 2,
        item: call('fc_1', 'call_a', ''),
      },
      {
        type: 'response.function_call_arguments.done',
        sequence_number: 3,
        item_id: 'fc_1',
        output_index: 2,
        arguments: a,
        name: 'get_weather',
      },
      {
        type: 'response.completed',
        sequence_number: 4,
        response: response('completed', [message, call('fc_1', 'call_a', a)]),
      },
    ];
    const { turn, emitted } = fold(list);
    expect(turn.items.map((item) => item.type)).toEqual(['message', 'function_call']);
    expect(turn.calls.map((c) => c.callId)).toEqual(['call_a']);
    expect(emitted.filter((e) => e.type === 'turn.warning' || e.type === 'tool.arguments.mismatch')).toEqual(
      [],
    );
  });

  it('refuses a streamed call without call_id when the terminal response carries no output', () => {
    const list: ResponseStreamEvent[] = [
      {
        type: 'response.function_call_arguments.done',
        sequence_number: 0,
        item_id: 'fc_1',
        output_index: 0,
        arguments: '{}',
        name: 'get_weather',
      },
      { type: 'response.completed', sequence_number: 1, response: response('completed', []) },
    ];
    expect(() => fold(list)).toThrow(StreamProtocolError);
  });
});
