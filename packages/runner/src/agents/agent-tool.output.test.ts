import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Agent } from '../agent.js';
import { streamRun } from '../run.js';
import { scriptByInstructions } from '../test-support/agent-replies.js';
import { drain, sentInputs, startHarness } from '../test-support/harness.js';
import { addUsage } from '../usage.js';
import { agentTool } from './agent-tool.js';

const model = 'mimo-v2.6-pro';
const Bill = z.object({ amount: z.number(), currency: z.enum(['EUR', 'USD']) });
const askBilling = (callId: string) => ({
  calls: [{ name: 'ask_billing', arguments: { input: 'What do I owe?' }, callId }],
});

/** The `function_call_output` the parent model received for `callId`, from the requests it was sent. */
function outputSent(inputs: unknown[][], callId: string): string | undefined {
  for (const input of inputs)
    for (const item of input) {
      const value = item as { type?: string; call_id?: string; output?: string };
      if (value.type === 'function_call_output' && value.call_id === callId) return value.output;
    }
  return undefined;
}

describe('agentTool: a sub-agent with a structured output', () => {
  it("gives the parent model the validated object as the tool's output, and the mapper the typed result", async () => {
    const { server, client } = await startHarness();
    const billing = { name: 'billing', model, instructions: 'B', output: Bill };
    const mapped: unknown[] = [];
    const parent: Agent = {
      name: 'lead',
      model,
      instructions: 'P',
      tools: [
        agentTool(billing, { name: 'ask_billing', description: 'Billing questions' }),
        agentTool(billing, {
          name: 'bill_amount',
          description: 'Only the amount',
          output: (result) => {
            mapped.push(result.finalOutput);
            return `amount: ${result.finalOutput?.amount.toFixed(2)}`;
          },
        }),
      ],
    };
    scriptByInstructions(server, {
      P: [
        askBilling('call_1'),
        { calls: [{ name: 'bill_amount', arguments: { input: 'Amount?' }, callId: 'call_2' }] },
        { text: 'You owe 12.5 EUR.' },
      ],
      // The sub-agent answers JSON (padded, as models do): the tool output is the parsed, checked object.
      B: [{ text: ' {"amount": 12.5, "currency": "EUR"} ' }, { text: '{"amount":7,"currency":"USD"}' }],
    });
    const result = await streamRun({ client, agent: parent, input: 'Bill?' }).finalResult();

    expect(result.finalOutput).toBe('You owe 12.5 EUR.');
    const inputs = sentInputs(server);
    expect(JSON.parse(outputSent(inputs, 'call_1') ?? 'null')).toEqual({ amount: 12.5, currency: 'EUR' });
    expect(outputSent(inputs, 'call_1')).toBe('{"amount":12.5,"currency":"EUR"}');
    expect(mapped).toEqual([{ amount: 7, currency: 'USD' }]);
    expect(outputSent(inputs, 'call_2')).toBe('amount: 7.00');
    // The sub-agent was asked for JSON, with its schema.
    const subBodies = server.calls.filter((call) =>
      (call.body as { instructions?: string }).instructions?.startsWith('B'),
    );
    expect(subBodies).toHaveLength(2);
    for (const call of subBodies)
      expect((call.body as { text?: unknown }).text).toEqual({ format: { type: 'json_object' } });
  });

  it('an answer that never fits after its repairs: the parent call gets an error output naming the path, the parent goes on', async () => {
    const { server, client } = await startHarness();
    const billing = { name: 'billing', model, instructions: 'B', output: Bill };
    const parent: Agent = {
      name: 'lead',
      model,
      instructions: 'P',
      tools: [agentTool(billing, { name: 'ask_billing', description: 'Billing questions' })],
    };
    scriptByInstructions(server, {
      P: [askBilling('call_1'), { text: 'Billing could not tell.' }],
      // The answer and both repairs (the default 2) give a string amount.
      B: [
        { text: '{"amount":"twelve","currency":"EUR"}' },
        { text: '{"amount":"12","currency":"EUR"}' },
        { text: '{"amount":"12.0","currency":"EUR"}' },
      ],
    });
    const stream = streamRun({ client, agent: parent, input: 'Bill?' });
    const events = await drain(stream);
    const result = await stream.finalResult();

    expect(result.status).toBe('completed');
    expect(result.finalOutput).toBe('Billing could not tell.');
    const call = result.turns[0]?.toolCalls[0];
    expect(call).toMatchObject({ outcome: 'error', errorKind: 'thrown' });
    expect(call?.output).toMatch(
      /^Error: tool "ask_billing" failed: the billing agent's answer did not match its output schema after 2 repair turn\(s\) \(amount: .*\)\. Fix: call ask_billing again/,
    );
    expect(outputSent(sentInputs(server), 'call_1')).toBe(call?.output);
    // The sub-run's three requests (answer, two repairs) count in the parent's first turn.
    const own = events.flatMap((event) => (event.type === 'turn.completed' ? [event.usage] : []));
    const subEnd = events.find(
      (event) =>
        event.type === 'agent.event' && event.event.type === 'output.invalid' && event.event.repair === 0,
    );
    expect(subEnd).toBeDefined();
    expect(result.usage.requests).toBe(server.calls.length);
    expect(result.usage.requests).toBe(5);
    expect(result.turns[0]?.usage.requests).toBe(4);
    expect(result.usage.inputTokens).toBeGreaterThan(addUsage(...own).inputTokens);
  });
});
