import type { Response } from '@mimo-agents/core';
import { tool } from '@mimo-agents/tools';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Agent } from '../agent.js';
import { run } from '../run.js';
import { startHarness } from '../test-support/harness.js';
import { type KeptResponse, packResponse, unpackResponse } from './packed-response.js';

/** A packed response's slots: its layout, then its own values. */
const slots = (kept: KeptResponse): unknown[] => kept as unknown as unknown[];

const TOOLS = Object.freeze([Object.freeze({ type: 'function', name: 'lookup', parameters: {} })]);
const TEXT = Object.freeze({ format: Object.freeze({ type: 'text' }) });

/** A response as `shareRequestEchoes` leaves it: parsed own values, shared (frozen) echoes. */
function response(id: string, extra: Record<string, unknown> = {}): Response {
  const parsed = JSON.parse(
    JSON.stringify({
      id,
      object: 'response',
      created_at: 1_733_000_000,
      status: 'completed',
      error: null,
      incomplete_details: null,
      model: 'mimo-v2.6-pro',
      output: [
        {
          type: 'function_call',
          id: `fc_${id}`,
          status: 'completed',
          call_id: `c_${id}`,
          name: 'lookup',
          arguments: '{}',
        },
      ],
      output_text: '',
      usage: {
        input_tokens: 10,
        output_tokens: 2,
        total_tokens: 12,
        input_tokens_details: { cached_tokens: 0 },
      },
      parallel_tool_calls: true,
      tool_choice: 'auto',
      temperature: null,
      instructions: 'Be brief.',
      ...extra,
    }),
  ) as Record<string, unknown>;
  parsed.tools = TOOLS;
  parsed.text = TEXT;
  return parsed as unknown as Response;
}

describe('packResponse / unpackResponse', () => {
  it('gives back the same keys in the same order and the same values (own values by reference)', () => {
    const original = response('r1');
    const json = JSON.stringify(original);
    const packed = packResponse(original);
    expect(Array.isArray(packed)).toBe(true);
    const back = unpackResponse(packed);
    expect(back).not.toBe(original);
    expect(JSON.stringify(back)).toBe(json);
    expect(Object.keys(back)).toEqual(Object.keys(original));
    expect(back).toEqual(original);
    expect(back.output).toBe(original.output);
    expect(back.usage).toBe(original.usage);
    expect((back as unknown as { tools: unknown }).tools).toBe(TOOLS);
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
  });

  it('holds only the own values and one shared layout per response (the echoes are not kept per response)', () => {
    const first = slots(packResponse(response('r1')));
    const second = slots(packResponse(response('r2')));
    expect(second[0]).toBe(first[0]);
    // Layout, then id, created_at, output, output_text, usage.
    expect(second).toHaveLength(6);
    expect(second.slice(1, 3)).toEqual(['r2', 1_733_000_000]);
  });

  it('turns a field that changes with every response into an own value after one new layout', () => {
    const a = slots(packResponse(response('a', { completed_at: 1 })));
    const b = slots(packResponse(response('b', { completed_at: 2 })));
    const c = slots(packResponse(response('c', { completed_at: 3 })));
    expect(b[0]).not.toBe(a[0]);
    expect(c[0]).toBe(b[0]);
    expect(
      (unpackResponse(c as unknown as KeptResponse) as unknown as { completed_at: number }).completed_at,
    ).toBe(3);
    expect(JSON.stringify(unpackResponse(a as unknown as KeptResponse))).toBe(
      JSON.stringify(response('a', { completed_at: 1 })),
    );
  });

  it('keeps an object that is not frozen as an own value (never shared between responses)', () => {
    const original = response('m', { metadata: { tenant: 'x' } });
    const back = unpackResponse(packResponse(original));
    expect((back as unknown as { metadata: unknown }).metadata).toBe(
      (original as unknown as { metadata: unknown }).metadata,
    );
    const other = response('n', { metadata: { tenant: 'y' } });
    expect(JSON.stringify(unpackResponse(packResponse(other)))).toBe(JSON.stringify(other));
  });

  it('keeps an incomplete response and a status change exact', () => {
    const cut = response('i', {});
    (cut as { status: string }).status = 'incomplete';
    (cut as { incomplete_details: unknown }).incomplete_details = { reason: 'max_output_tokens' };
    const json = JSON.stringify(cut);
    expect(JSON.stringify(unpackResponse(packResponse(cut)))).toBe(json);
    expect(JSON.stringify(unpackResponse(packResponse(response('after'))))).toBe(
      JSON.stringify(response('after')),
    );
  });

  it('leaves a response with an own __proto__ key as it is (a rebuilt object would get a prototype instead)', () => {
    const odd = JSON.parse('{"id":"x","__proto__":{"polluted":true},"output":[]}') as Response;
    expect(packResponse(odd)).toBe(odd);
  });

  it('leaves a response with another prototype as it is', () => {
    const odd = Object.assign(Object.create({ inherited: true }), response('p')) as Response;
    expect(packResponse(odd)).toBe(odd);
    expect(unpackResponse(odd)).toBe(odd);
  });
});

describe('RunResult.responses of a run (kept packed while it ran)', () => {
  it('is, turn by turn, the JSON the server sent, keys in the same order', async () => {
    const { server, client } = await startHarness();
    const lookup = tool({
      name: 'lookup',
      description: 'Looks up',
      parameters: z.object({ q: z.string() }),
      execute: ({ q }) => `found ${q}`,
    });
    const agent: Agent = { name: 'k', model: 'mimo-v2.6-pro', instructions: 'Be brief.', tools: [lookup] };
    server.reply.functionCalls([{ name: 'lookup', arguments: { q: 'a' }, callId: 'call_1' }]);
    server.reply.functionCalls([{ name: 'lookup', arguments: { q: 'b' }, callId: 'call_2' }]);
    server.reply.text('done');
    const result = await run({ client, agent, input: 'go' });
    expect(result.finalOutput).toBe('done');
    const sent = server.calls.map((call) => JSON.stringify(call.response));
    expect(sent).toHaveLength(3);
    expect(result.responses.map((response) => JSON.stringify(response))).toEqual(sent);
  });
});
