import { AsyncLocalStorage } from 'node:async_hooks';
import { tool } from '@mimo-agents/tools';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Agent } from '../agent.js';
import { createMemoryCheckpointStore } from '../checkpoint/memory-checkpoint-store.js';
import { run } from '../run.js';
import type { RunState } from '../run-state.js';
import { startHarness } from '../test-support/harness.js';
import type { Instrumentation } from './instrumentation.js';

/** An instrumentation that logs each hook and runs its work inside an AsyncLocalStorage scope. */
function recording() {
  const scope = new AsyncLocalStorage<string>();
  const log: string[] = [];
  const instrumentation: Instrumentation = {
    async run(info, work) {
      log.push(`run ${info.runId} ${info.agent.name} turns=${info.state.turns.length}`);
      info.state.traceContext = 'ctx-of-first-run';
      const result = await scope.run('run', work);
      log.push(`run end ${result.status}`);
      return result;
    },
    async modelRequest(info, work) {
      log.push(`request turn=${info.turn} attempt=${info.attempt} model=${info.request.model}`);
      const response = await scope.run(`request ${info.turn}.${info.attempt}`, () =>
        work({ retried: (retry) => log.push(`retried ${retry.attempt} ${retry.reason}`) }),
      );
      log.push(`response ${response.status}`);
      return response;
    },
    async tool(info, work) {
      log.push(`tool ${info.name} ${info.callId} turn=${info.turn} attempt=${info.attempt}`);
      const outcome = await scope.run(`tool ${info.callId}`, work);
      log.push(`tool end ${info.callId} ${outcome.type}`);
      return outcome;
    },
  };
  return { instrumentation, log, scope };
}

describe('run({ instrumentation })', () => {
  it('wraps the run, each request attempt (client retries reported) and each tool call; tools run inside', async () => {
    const { server, client } = await startHarness();
    const { instrumentation, log, scope } = recording();
    const seen: (string | undefined)[] = [];
    const probe = tool({
      name: 'probe',
      description: 'Reports the scope it runs in',
      parameters: z.object({}),
      execute: () => {
        seen.push(scope.getStore());
        return 'ok';
      },
    });
    server.reply.fault({ type: 'status', status: 503, retryAfterMs: 1 });
    server.reply.functionCalls([{ name: 'probe', arguments: {}, callId: 'p1' }]);
    server.reply.text('Hello', {
      fault: { type: 'drop-after-events', events: 4 },
      streaming: { deltaSize: 1 },
    });
    server.reply.text('Done');
    const agent: Agent = { name: 'probe-agent', model: 'mimo-v2.6-pro', tools: [probe] };
    const checkpoint = createMemoryCheckpointStore<RunState>();

    const result = await run({ client, agent, input: 'Go', runId: 'r1', checkpoint, instrumentation });

    expect(result.finalOutput).toBe('Done');
    expect(server.calls[0]?.faults).toMatchObject([{ type: 'status', status: 503 }]);
    expect(server.calls[2]?.faults).toMatchObject([{ type: 'drop-after-events', eventsWritten: 4 }]);
    expect(log).toEqual([
      'run r1 probe-agent turns=0',
      'request turn=1 attempt=1 model=mimo-v2.6-pro',
      'retried 1 http 503',
      'response completed',
      'tool probe p1 turn=1 attempt=1',
      'tool end p1 ok',
      'request turn=2 attempt=1 model=mimo-v2.6-pro',
      'request turn=2 attempt=2 model=mimo-v2.6-pro',
      'response completed',
      'run end completed',
    ]);
    expect(seen).toEqual(['tool p1']);
    // What the instrumentation stored in the state is saved with it.
    expect((await checkpoint.load('r1'))?.traceContext).toBe('ctx-of-first-run');
  });

  it('passes a run’s error through the run hook', async () => {
    const { server, client } = await startHarness({}, { maxRetries: 0 });
    const { instrumentation, log } = recording();
    server.reply.error(400, { error: { code: '400', message: 'Param Incorrect' } });
    const error = await run({
      client,
      agent: { name: 'a', model: 'mimo-v2.6-pro' },
      input: 'Go',
      runId: 'r2',
      instrumentation,
    }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 400 });
    expect(log).toEqual(['run r2 a turns=0', 'request turn=1 attempt=1 model=mimo-v2.6-pro']);
  });
});
