import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import type { Agent } from '../agent.js';
import { createMemoryCheckpointStore } from '../checkpoint/memory-checkpoint-store.js';
import { resume } from '../resume.js';
import { run } from '../run.js';
import { scriptByInstructions } from '../test-support/agent-replies.js';
import { startHarness } from '../test-support/harness.js';
import { finalOutputOf } from './final-output-of.js';

const model = 'mimo-v2.6-pro';
const Bill = z.object({ amount: z.number(), currency: z.enum(['EUR', 'USD']) });
const Ticket = z.object({ team: z.string(), summary: z.string() });
const transfer = { calls: [{ name: 'transfer_to_billing', arguments: {}, callId: 'h1' }] };

/** Each request's instructions and `text` setting, in order. */
function requests(server: Awaited<ReturnType<typeof startHarness>>['server']) {
  return server.calls.map((call) => {
    const body = call.body as { instructions?: string; text?: unknown };
    return {
      first: body.instructions?.split('\n')[0],
      text: body.text,
      schema: body.instructions?.includes('```json'),
    };
  });
}

describe('structured output after a handoff', () => {
  it("triage → billing with an output: the result's finalOutput is billing's validated object", async () => {
    const { server, client } = await startHarness();
    const billing = { name: 'billing', model, instructions: 'B', output: Bill };
    const triage: Agent = { name: 'triage', model, instructions: 'T', handoffs: [billing] };
    scriptByInstructions(server, {
      T: [transfer],
      B: [{ text: '{"amount": 3,"currency":"EUR"}' }],
    });
    const result = await run({ client, agent: triage, input: 'What do I owe?' });

    expect(result.lastAgent).toBe('billing');
    expect(result.finalOutput).toEqual({ amount: 3, currency: 'EUR' });
    const bill = finalOutputOf(result, billing);
    expectTypeOf(bill).toEqualTypeOf<z.infer<typeof Bill> | undefined>();
    expect(bill?.amount).toBe(3);
    expect(finalOutputOf(result, triage)).toBeUndefined();
    // Triage was asked for text; billing for JSON, with its schema.
    expect(requests(server)).toEqual([
      { first: 'T', text: undefined, schema: false },
      { first: 'B', text: { format: { type: 'json_object' } }, schema: true },
    ]);
  });

  it("billing's invalid answer is repaired under billing's schema", async () => {
    const { server, client } = await startHarness();
    const billing = { name: 'billing', model, instructions: 'B', output: Bill };
    const triage: Agent = { name: 'triage', model, instructions: 'T', handoffs: [billing] };
    scriptByInstructions(server, {
      T: [transfer],
      B: [{ text: '{"amount":"3","currency":"EUR"}' }, { text: '{"amount":3,"currency":"EUR"}' }],
    });
    const result = await run({ client, agent: triage, input: 'What do I owe?' });
    expect(result.finalOutput).toEqual({ amount: 3, currency: 'EUR' });
    expect(JSON.stringify((server.calls[2]?.body as { input?: unknown } | undefined)?.input)).toContain(
      'amount: ',
    );
    expect(server.calls).toHaveLength(3);
  });

  it("a target without an output answers in the starting agent's schema (the run's type holds)", async () => {
    const { server, client } = await startHarness();
    const billing: Agent = { name: 'billing', model, instructions: 'B' };
    const triage = { name: 'triage', model, instructions: 'T', output: Ticket, handoffs: [billing] };
    scriptByInstructions(server, {
      T: [transfer],
      B: [{ text: '{"team":"billing","summary":"owes 3 EUR"}' }],
    });
    const result = await run({ client, agent: triage, input: 'What do I owe?' });
    expectTypeOf(result.finalOutput).toEqualTypeOf<z.infer<typeof Ticket> | undefined>();
    expect(result.lastAgent).toBe('billing');
    expect(result.finalOutput).toEqual({ team: 'billing', summary: 'owes 3 EUR' });
    expect(finalOutputOf(result, triage)).toBeUndefined();
    expect(finalOutputOf(result, billing)).toBeUndefined();
    expect(requests(server).map((r) => [r.first, r.schema])).toEqual([
      ['T', true],
      ['B', true],
    ]);
    expect((server.calls[1]?.body as { instructions?: string } | undefined)?.instructions).toContain(
      '"team"',
    );
  });

  it("a run resumed after the handoff still validates against billing's schema", async () => {
    const { server, client } = await startHarness();
    const checkpoint = createMemoryCheckpointStore();
    const billing = { name: 'billing', model, instructions: 'B', output: Bill };
    const triage: Agent = { name: 'triage', model, instructions: 'T', handoffs: [billing] };
    // The billing request fails for good: the run ends failed after the handoff was saved.
    scriptByInstructions(server, { T: [transfer] });
    server.reply.error(400);
    const failed = await run({ client, agent: triage, input: 'Owe?', runId: 'r1', checkpoint }).catch(
      (e: unknown) => e,
    );
    expect(failed).toBeInstanceOf(Error);
    scriptByInstructions(server, { B: [{ text: '{"amount":5,"currency":"USD"}' }] });
    const result = await resume({ client, agent: triage, runId: 'r1', checkpoint });
    expect(result.lastAgent).toBe('billing');
    expect(result.finalOutput).toEqual({ amount: 5, currency: 'USD' });
    expect((server.calls.at(-1)?.body as { text?: unknown } | undefined)?.text).toEqual({
      format: { type: 'json_object' },
    });
  });
});
