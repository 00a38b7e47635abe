import { tool } from '@mimo-agents/tools';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Agent } from '../agent.js';
import { RunAbortedError } from '../errors/run-aborted-error.js';
import type { RunEvent } from '../events.js';
import { streamRun } from '../run.js';
import { scriptByInstructions } from '../test-support/agent-replies.js';
import { drain, startHarness } from '../test-support/harness.js';
import { addUsage, emptyUsage, type RunUsage } from '../usage.js';
import { AgentLimitError } from './agent-limit-error.js';
import { agentTool } from './agent-tool.js';

const model = 'mimo-v2.6-pro';

function specialists(extra: Agent['tools'] = []) {
  const alpha: Agent = { name: 'alpha', model, instructions: 'A', tools: extra };
  const beta: Agent = { name: 'beta', model, instructions: 'B', tools: extra };
  const parent: Agent = {
    name: 'lead',
    model,
    instructions: 'P',
    tools: [
      agentTool(alpha, { name: 'ask_alpha', description: 'Ask alpha' }),
      agentTool(beta, { name: 'ask_beta', description: 'Ask beta' }),
    ],
  };
  return { alpha, beta, parent };
}

const bothCalls = {
  calls: [
    { name: 'ask_alpha', arguments: { input: 'qa' }, callId: 'call_a' },
    { name: 'ask_beta', arguments: { input: 'qb' }, callId: 'call_b' },
  ],
};

function wrapped(events: RunEvent[]) {
  return events.flatMap((event) => (event.type === 'agent.event' ? [event] : []));
}

describe('agentTool: two sub-agents called in parallel', () => {
  it('sums their usage exactly into the parent turn and run, and tags their events with the agent path', async () => {
    const { server, client } = await startHarness();
    const { parent } = specialists();
    scriptByInstructions(server, {
      P: [bothCalls, { text: 'both answered' }],
      A: [{ text: 'alpha says hi' }],
      B: [{ text: 'beta says ho' }],
    });
    const stream = streamRun({ client, agent: parent, input: 'go' });
    const events = await drain(stream);
    const result = await stream.finalResult();

    expect(result.finalOutput).toBe('both answered');
    const outputs = result.turns[0]?.toolCalls.map((call) => [call.callId, call.output]);
    expect(outputs).toEqual([
      ['call_a', 'alpha says hi'],
      ['call_b', 'beta says ho'],
    ]);
    // Each sub-run's own total, as its run.completed reported it on the parent stream.
    const subUsage = new Map<string, RunUsage>();
    for (const event of wrapped(events))
      if (event.event.type === 'run.completed') subUsage.set(event.callId, event.event.usage);
    expect([...subUsage.keys()].sort()).toEqual(['call_a', 'call_b']);
    const own = events.flatMap((event) => (event.type === 'turn.completed' ? [event.usage] : []));
    expect(own).toHaveLength(2);
    const subs = addUsage(...subUsage.values());
    expect(subs.requests).toBe(2);
    expect(subs.inputTokens).toBeGreaterThan(0);
    expect(result.usage).toEqual(addUsage(...own, subs));
    expect(result.usage.requests).toBe(server.calls.length);
    // The sub-runs' usage belongs to the turn that called them.
    expect(result.turns[0]?.usage).toEqual(addUsage(own[0] ?? emptyUsage(), subs));
    expect(result.turns[1]?.usage).toEqual(own[1]);

    const started = wrapped(events).filter((event) => event.event.type === 'run.started');
    expect(started.map((event) => [event.agent, event.callId]).sort()).toEqual([
      [['lead', 'alpha'], 'call_a'],
      [['lead', 'beta'], 'call_b'],
    ]);
    const alphaText = wrapped(events).filter(
      (event) => event.event.type === 'text.delta' && event.agent.join('/') === 'lead/alpha',
    );
    expect(
      alphaText.map((event) => (event.event.type === 'text.delta' ? event.event.delta : '')).join(''),
    ).toBe('alpha says hi');
    // Sub-run ids hang under the parent's, keyed by the call.
    const subIds = started.map((event) => (event.event.type === 'run.started' ? event.event.runId : ''));
    expect(subIds.sort()).toEqual([`${result.runId}/call_a`, `${result.runId}/call_b`]);
    expect(result.lastAgent).toBe('lead');
  });

  it('passes the parent context down and an abort of the parent reaches both sub-runs', async () => {
    const { server, client } = await startHarness();
    const controller = new AbortController();
    const seen: { context: unknown; aborted: boolean }[] = [];
    let waiting = 0;
    const block = tool({
      name: 'block',
      description: 'Waits for the run to be cancelled',
      parameters: z.object({}),
      execute: (_args, ctx) =>
        new Promise((_resolve, reject) => {
          const entry = { context: ctx.context, aborted: false };
          seen.push(entry);
          ctx.signal.addEventListener('abort', () => {
            entry.aborted = true;
            reject(ctx.signal.reason);
          });
          waiting += 1;
          if (waiting === 2) controller.abort(new Error('user cancelled'));
        }),
    });
    const { parent } = specialists([block]);
    const blockCall = (id: string) => ({ calls: [{ name: 'block', arguments: {}, callId: id }] });
    scriptByInstructions(server, { P: [bothCalls], A: [blockCall('call_x')], B: [blockCall('call_y')] });
    const stream = streamRun({
      client,
      agent: parent,
      input: 'go',
      signal: controller.signal,
      context: { user: 7 },
    });
    const events = await drain(stream);
    const error = await stream.finalResult().catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(RunAbortedError);
    expect(seen).toEqual([
      { context: { user: 7 }, aborted: true },
      { context: { user: 7 }, aborted: true },
    ]);
    // Both sub-runs ended aborted, and their requests still count in the parent's usage.
    const partial = (error as RunAbortedError).partialResult;
    expect(partial.usage.requests).toBe(3);
    const subEnds = wrapped(events).filter(
      (event) => event.event.type === 'tool.completed' && event.event.errorKind === 'aborted',
    );
    expect(subEnds.map((event) => event.agent.join('/')).sort()).toEqual(['lead/alpha', 'lead/beta']);
  });
});

describe('agentTool: limits of the tree of agent runs', () => {
  it('fails the run with AgentLimitError naming maxDepth when an agent keeps calling itself', async () => {
    const { server, client } = await startHarness();
    const recursive: Agent = { name: 'echo', model, instructions: 'E', tools: [] };
    recursive.tools = [agentTool(recursive, { name: 'again', description: 'Ask yourself' })];
    const again = (n: number) => ({
      calls: [{ name: 'again', arguments: { input: 'more' }, callId: `call_${n}` }],
    });
    scriptByInstructions(server, { E: [again(1), again(2), again(3)] });
    const error = await streamRun({ client, agent: recursive, input: 'go', agentLimits: { maxDepth: 2 } })
      .finalResult()
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(AgentLimitError);
    expect((error as AgentLimitError).limit).toBe('maxDepth');
    expect((error as AgentLimitError).agentPath).toEqual(['echo', 'echo', 'echo', 'echo']);
    expect((error as Error).message).toMatch(
      /^Invalid agentLimits\.maxDepth \(2 reached: agents nested 3 deep \(echo > echo > echo > echo\)\)\. Fix: raise agentLimits\.maxDepth in the run's options, or stop the agent from calling itself/,
    );
    // Top run and two nested sub-runs made one request each; the third sub-run was never started.
    expect(server.calls).toHaveLength(3);
  });

  it('fails the run with AgentLimitError naming maxSubRuns when one turn fans out too wide', async () => {
    const { server, client } = await startHarness();
    const { parent } = specialists();
    scriptByInstructions(server, { P: [bothCalls], A: [{ text: 'a' }], B: [{ text: 'b' }] });
    const error = await streamRun({
      client,
      agent: parent,
      input: 'go',
      agentLimits: { maxSubRuns: 1 },
      maxToolConcurrency: 1,
    })
      .finalResult()
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AgentLimitError);
    expect((error as AgentLimitError).limit).toBe('maxSubRuns');
    expect((error as AgentLimitError).agentPath).toEqual(['lead', 'beta']);
    expect((error as Error).message).toMatch(
      /^Invalid agentLimits\.maxSubRuns \(1 reached: 1 sub-agent runs already started.*lead > beta\)\. Fix: raise agentLimits\.maxSubRuns in the run's options, or make fewer agent tool calls/,
    );
    expect((error as Error).message).not.toMatch(/calling itself/);
  });
});
