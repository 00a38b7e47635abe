import type { InputItem } from '@mimo-agents/core';
import { describe, expect, it } from 'vitest';
import type { Agent } from '../agent.js';
import { createMemoryCheckpointStore } from '../checkpoint/memory-checkpoint-store.js';
import { MaxTurnsExceededError } from '../errors/max-turns-exceeded-error.js';
import { resume } from '../resume.js';
import { streamRun } from '../run.js';
import { scriptByInstructions } from '../test-support/agent-replies.js';
import { drain, sentInputs, startHarness } from '../test-support/harness.js';
import { handoff } from './handoff.js';

const model = 'mimo-v2.6-pro';

function chain(refundFilter?: (history: readonly InputItem[]) => InputItem[]) {
  const refund: Agent = { name: 'refund', model, instructions: 'R' };
  const billing: Agent = {
    name: 'billing',
    model,
    instructions: 'B',
    handoffs: [refundFilter === undefined ? refund : handoff(refund, { inputFilter: refundFilter })],
  };
  const triage: Agent = { name: 'triage', model, instructions: 'T', handoffs: [billing] };
  return { triage, billing, refund };
}

const transfer = (to: string, callId: string) => ({
  calls: [{ name: `transfer_to_${to}`, arguments: {}, callId }],
});

/** A compact view of a request's input items. */
function shape(input: unknown[]): string[] {
  return input.map((item) => {
    const value = item as { type?: string; role?: string; name?: string; call_id?: string };
    if (value.type === 'function_call') return `call ${value.name} ${value.call_id}`;
    if (value.type === 'function_call_output') return `output ${value.call_id}`;
    return `${value.role}`;
  });
}

describe('handoffs', () => {
  it('triage → billing → refund: each agent gets the same history, its own instructions and tools', async () => {
    const { server, client } = await startHarness();
    const { triage } = chain();
    const { seen } = scriptByInstructions(server, {
      T: [transfer('billing', 'h1')],
      B: [transfer('refund', 'h2')],
      R: [{ text: 'Refund issued.' }],
    });
    const stream = streamRun({ client, agent: triage, input: 'I want my money back' });
    const events = await drain(stream);
    const result = await stream.finalResult();

    expect(result.finalOutput).toBe('Refund issued.');
    expect(result.lastAgent).toBe('refund');
    expect(seen).toEqual(['T', 'B', 'R']);
    expect(sentInputs(server).map(shape)).toEqual([
      ['user'],
      ['user', 'call transfer_to_billing h1', 'output h1'],
      ['user', 'call transfer_to_billing h1', 'output h1', 'call transfer_to_refund h2', 'output h2'],
    ]);
    const tools = server.calls.map((call) =>
      ((call.body as { tools?: { name: string }[] }).tools ?? []).map((t) => t.name),
    );
    expect(tools).toEqual([['transfer_to_billing'], ['transfer_to_refund'], []]);
    const handoffs = events.flatMap((event) =>
      event.type === 'agent.handoff' ? [[event.from, event.to]] : [],
    );
    expect(handoffs).toEqual([
      ['triage', 'billing'],
      ['billing', 'refund'],
    ]);
    expect(result.turns).toHaveLength(3);
  });

  it('an input filter decides what the target sees; the run keeps the whole history', async () => {
    const { server, client } = await startHarness();
    const { triage } = chain((history) => history.filter((item) => 'role' in item && item.role === 'user'));
    scriptByInstructions(server, {
      T: [transfer('billing', 'h1')],
      B: [transfer('refund', 'h2')],
      R: [{ text: 'Refund issued.' }],
    });
    const result = await streamRun({ client, agent: triage, input: 'refund please' }).finalResult();
    expect(sentInputs(server).map(shape)[2]).toEqual(['user']);
    expect(result.history.map((item) => shape([item])[0])).toEqual([
      'user',
      'call transfer_to_billing h1',
      'output h1',
      'call transfer_to_refund h2',
      'output h2',
      'assistant',
    ]);
  });

  it('a handoff loop is stopped by maxTurns', async () => {
    const { server, client } = await startHarness();
    const ping: Agent = { name: 'ping', model, instructions: 'PING' };
    const pong: Agent = { name: 'pong', model, instructions: 'PONG', handoffs: [ping] };
    ping.handoffs = [pong];
    scriptByInstructions(server, {
      PING: [transfer('pong', 'c1'), transfer('pong', 'c3')],
      PONG: [transfer('ping', 'c2')],
    });
    const error = await streamRun({ client, agent: ping, input: 'go', maxTurns: 3 })
      .finalResult()
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MaxTurnsExceededError);
    expect(server.calls).toHaveLength(3);
    expect((error as MaxTurnsExceededError).partialResult.lastAgent).toBe('pong');
  });

  it('a run that failed after a handoff resumes with the target agent, from the checkpoint', async () => {
    const { server, client } = await startHarness();
    const { triage } = chain();
    const checkpoint = createMemoryCheckpointStore();
    scriptByInstructions(server, { T: [transfer('billing', 'h1')] });
    server.reply.spec({ type: 'error', status: 400, body: { error: { message: 'bad luck' } } });
    const failed = await streamRun({ client, agent: triage, input: 'help', runId: 'r1', checkpoint })
      .finalResult()
      .catch((caught: unknown) => caught);
    expect(failed).toBeInstanceOf(Error);
    const saved = await checkpoint.load('r1');
    expect(saved?.agent.name).toBe('billing');
    // The state records the switch (the inspector draws it) and the real start.
    expect(saved?.handoffs).toEqual([{ turn: 1, callId: 'h1', from: 'triage', to: 'billing' }]);
    expect(Date.parse(saved?.startedAt ?? '')).toBeLessThanOrEqual(Date.now());

    const { seen } = scriptByInstructions(server, { B: [{ text: 'Billing here.' }] });
    const result = await resume({ client, agent: triage, runId: 'r1', checkpoint });
    expect(seen).toEqual(['B']);
    expect(result.finalOutput).toBe('Billing here.');
    expect(result.lastAgent).toBe('billing');
  });
});
