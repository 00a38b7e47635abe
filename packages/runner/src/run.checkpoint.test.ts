import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tool } from '@mimo-agents/tools';
import { describe, expect, it, onTestFinished } from 'vitest';
import { z } from 'zod';
import type { Agent } from './agent.js';
import { CheckpointCorruptError } from './checkpoint/checkpoint-corrupt-error.js';
import { CheckpointExistsError } from './checkpoint/checkpoint-exists-error.js';
import { CheckpointNotFoundError } from './checkpoint/checkpoint-not-found-error.js';
import type { CheckpointStore } from './checkpoint/checkpoint-store.js';
import { createFileCheckpointStore } from './checkpoint/file-checkpoint-store.js';
import { createMemoryCheckpointStore } from './checkpoint/memory-checkpoint-store.js';
import { ResumeMismatchError } from './checkpoint/resume-mismatch-error.js';
import type { CheckpointSavedEvent } from './events.js';
import { resume, streamResume } from './resume.js';
import { run, streamRun } from './run.js';
import type { RunState } from './run-state.js';
import { countingTools } from './test-support/counting-tools.js';
import { drain, sentInputs, startHarness } from './test-support/harness.js';

const paris = { name: 'get_weather', arguments: { city: 'Paris' }, callId: 'call_w' };
const noon = { name: 'local_time', arguments: { city: 'Paris' }, callId: 'call_t' };

describe('the checkpoint option', () => {
  it('saves at every step, before anything depends on it, and announces each save in order', async () => {
    const { server, client } = await startHarness();
    const store = createMemoryCheckpointStore<RunState>();
    // What the store held when each tool started and when the second request arrived.
    const seenByTools: RunState[] = [];
    const getWeather = tool({
      name: 'get_weather',
      description: 'Weather',
      parameters: z.object({ city: z.string() }),
      execute: async ({ city }) => {
        const saved = await store.load('run-cp');
        if (saved !== undefined) seenByTools.push(saved);
        return { city, tempC: 15 };
      },
    });
    const agent: Agent = { name: 'w', model: 'mimo-v2.6-pro', tools: [getWeather] };
    let atSecondRequest: RunState | undefined;
    server.reply.reasoning('Need the weather.').functionCalls([paris]);
    server.reply.with(async () => {
      atSecondRequest = await store.load('run-cp');
      return { type: 'output', items: [{ type: 'message', text: 'Paris: 15 °C.' }] };
    });

    const stream = streamRun({ client, agent, input: 'Paris?', runId: 'run-cp', checkpoint: store });
    const events = await drain(stream);
    const result = await stream.finalResult();

    const saves = events.filter((e): e is CheckpointSavedEvent => e.type === 'checkpoint.saved');
    expect(saves.map(({ step, seq, turn }) => [step, seq, turn])).toEqual([
      ['start', 1, 0],
      ['turn', 2, 1],
      ['tool.started', 3, 1],
      ['tool.completed', 4, 1],
      ['tools.committed', 5, 1],
      ['end', 6, 2],
    ]);
    expect(saves[2]?.callId).toBe('call_w');
    // A save comes before what depends on it: the turn's record before the tool, the tool start before its run.
    const types = events.map((e) => (e.type === 'checkpoint.saved' ? `saved:${e.step}` : e.type));
    expect(types.indexOf('saved:turn')).toBeLessThan(types.indexOf('tool.called'));
    expect(types.indexOf('saved:tool.started')).toBeLessThan(types.indexOf('tool.called'));
    expect(types.indexOf('saved:tools.committed')).toBeLessThan(types.lastIndexOf('turn.started'));
    // The tool saw its own start recorded (attempt 1, no outcome) before it ran.
    expect(seenByTools[0]?.pending?.calls).toMatchObject([{ callId: 'call_w', attempts: 1 }]);
    expect(seenByTools[0]?.pending?.calls[0]?.outcome).toBeUndefined();
    // The second request went out only after the tool's output was saved in the history.
    expect(atSecondRequest?.pending).toBeUndefined();
    expect(atSecondRequest?.history.at(-1)).toMatchObject({
      type: 'function_call_output',
      call_id: 'call_w',
    });
    const final = await store.load('run-cp');
    expect(final).toMatchObject({ status: 'completed', finalOutput: 'Paris: 15 °C.', checkpointSeq: 6 });
    expect(final?.history).toEqual(result.history);
  });

  it('resuming a finished run returns its result without any request', async () => {
    const { server, client } = await startHarness();
    const store = createMemoryCheckpointStore<RunState>();
    const { tools } = countingTools();
    const agent: Agent = { name: 'w', model: 'mimo-v2.6-pro', tools };
    server.reply.functionCalls([paris]).text('Clear.');
    const first = await run({ client, agent, input: 'Paris?', runId: 'done-1', checkpoint: store });
    const callsBefore = server.calls.length;

    const stream = streamResume({ client, agent, runId: 'done-1', checkpoint: store });
    const events = await drain(stream);
    const again = await stream.finalResult();

    expect(server.calls).toHaveLength(callsBefore);
    expect(events.map((e) => e.type)).toEqual(['run.completed']);
    expect(again).toMatchObject({ status: 'completed', finalOutput: 'Clear.', history: first.history });
    expect(again.turns).toEqual(first.turns);
  });

  it('a run whose store failed mid-run resumes where its last save left it, running no tool twice', async () => {
    const { server, client } = await startHarness();
    const { tools, executions, contexts } = countingTools();
    const agent: Agent = { name: 'w', model: 'mimo-v2.6-pro', tools };
    const store = createMemoryCheckpointStore<RunState>();
    // Save 4 is the outcome of call_w: the "crash" lands after the tool ran but before its outcome was saved.
    let saves = 0;
    const failing: CheckpointStore<RunState> = {
      load: (id) => store.load(id),
      delete: (id) => store.delete(id),
      save: async (id, state) => {
        saves += 1;
        if (saves >= 4) throw new Error('disk gone');
        await store.save(id, state);
      },
    };
    server.reply.functionCalls([paris, noon]);
    const crashed = await run({
      client,
      agent,
      input: 'Paris?',
      runId: 'r-crash',
      checkpoint: failing,
      maxToolConcurrency: 1,
    }).catch((e: unknown) => e);
    expect(crashed).toBeInstanceOf(Error);
    expect(Object.fromEntries(executions)).toEqual({ call_w: 1 });

    server.reply.text('Clear, noon.');
    const result = await resume({ client, agent, runId: 'r-crash', checkpoint: store });
    expect(result.finalOutput).toBe('Clear, noon.');
    // call_w had started (its start was saved) but its outcome was lost: it runs again as attempt 2.
    expect(Object.fromEntries(executions)).toEqual({ call_w: 2, call_t: 1 });
    expect(contexts.get('call_w')).toEqual({ attempt: 2, idempotencyKey: 'r-crash:call_w' });
    expect(contexts.get('call_t')).toEqual({ attempt: 1, idempotencyKey: 'r-crash:call_t' });
    expect(server.calls.map((call) => call.status)).toEqual([200, 200]);
    expect(sentInputs(server)[1]?.slice(-2)).toMatchObject([
      { type: 'function_call_output', call_id: 'call_w' },
      { type: 'function_call_output', call_id: 'call_t' },
    ]);
    expect((await store.load('r-crash'))?.status).toBe('completed');
  });
});

describe('run() with a runId that already has a checkpoint', () => {
  it('is CheckpointExistsError before any request, and leaves the checkpoint as it was', async () => {
    const { server, client } = await startHarness();
    const store = createMemoryCheckpointStore<RunState>();
    const { tools, executions } = countingTools();
    const agent: Agent = { name: 'w', model: 'mimo-v2.6-pro', tools };
    server.reply.functionCalls([paris]).text('Clear.');
    await run({ client, agent, input: 'Paris?', runId: 'dup-1', checkpoint: store });
    const before = store.raw('dup-1');
    const calls = server.calls.length;

    const stream = streamRun({ client, agent, input: 'Again?', runId: 'dup-1', checkpoint: store });
    const events = await drain(stream);
    const error = await stream.finalResult().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(CheckpointExistsError);
    expect((error as CheckpointExistsError).code).toBe('checkpoint_exists');
    expect((error as CheckpointExistsError).runId).toBe('dup-1');
    expect((error as CheckpointExistsError).message).toContain('"dup-1"');
    expect((error as CheckpointExistsError).message).toContain('resume()');
    expect(events).toEqual([]);
    expect(server.calls).toHaveLength(calls);
    expect(Object.fromEntries(executions)).toEqual({ call_w: 1 });
    expect(store.raw('dup-1')).toBe(before);
  });

  it('starts over once the checkpoint is deleted', async () => {
    const { server, client } = await startHarness();
    const store = createMemoryCheckpointStore<RunState>();
    const agent: Agent = { name: 'w', model: 'mimo-v2.6-pro', tools: countingTools().tools };
    server.reply.text('One.').text('Two.');
    await run({ client, agent, input: 'Hi', runId: 'dup-2', checkpoint: store });
    await store.delete('dup-2');
    const again = await run({ client, agent, input: 'Hi', runId: 'dup-2', checkpoint: store });
    expect(again.finalOutput).toBe('Two.');
  });
});

describe('an aborted checkpointed run', () => {
  it('leaves a resumable state: the cancelled call keeps its cancelled output and the run goes on', async () => {
    const { server, client } = await startHarness();
    const store = createMemoryCheckpointStore<RunState>();
    const slow = tool({
      name: 'get_weather',
      description: 'Weather',
      parameters: z.object({ city: z.string() }),
      execute: (_args, ctx) =>
        new Promise((_resolve, reject) => {
          ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason), { once: true });
        }),
    });
    const agent: Agent = { name: 'w', model: 'mimo-v2.6-pro', tools: [slow] };
    server.reply.functionCalls([paris]);
    const stream = streamRun({ client, agent, input: 'Paris?', runId: 'r-abort', checkpoint: store });
    for await (const event of stream) if (event.type === 'tool.called') break;
    await stream.finalResult().catch(() => undefined);
    const saved = await store.load('r-abort');
    expect(saved?.status).toBe('aborted');
    expect(saved?.pending).toBeUndefined();

    server.reply.text('Weather unknown.');
    const result = await resume({ client, agent, runId: 'r-abort', checkpoint: store });
    expect(result.finalOutput).toBe('Weather unknown.');
    expect(sentInputs(server)[1]?.at(-1)).toMatchObject({
      type: 'function_call_output',
      call_id: 'call_w',
      output: expect.stringContaining('Cancelled'),
    });
  });
});

describe('resume() refuses what it cannot trust, before sending anything', () => {
  const agent: Agent = { name: 'w', model: 'mimo-v2.6-pro', tools: countingTools().tools };

  it('a missing checkpoint is CheckpointNotFoundError', async () => {
    const { server, client } = await startHarness();
    const error = await resume({
      client,
      agent,
      runId: 'nope',
      checkpoint: createMemoryCheckpointStore(),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CheckpointNotFoundError);
    expect((error as CheckpointNotFoundError).message).toContain('"nope"');
    expect(server.calls).toHaveLength(0);
  });

  it('a truncated or damaged checkpoint file is CheckpointCorruptError, never a restart', async () => {
    const { server, client } = await startHarness();
    const directory = await mkdtemp(join(tmpdir(), 'mimo-resume-'));
    onTestFinished(() => rm(directory, { recursive: true, force: true }));
    const store = createFileCheckpointStore<RunState>({ directory });
    server.reply.functionCalls([paris]).text('Clear.');
    await run({ client, agent, input: 'Paris?', runId: 'r1', checkpoint: store });
    const calls = server.calls.length;
    const path = store.pathFor('r1');
    const text = await readFile(path, 'utf8');

    await writeFile(path, text.slice(0, Math.floor(text.length / 2)));
    const truncated = await resume({ client, agent, runId: 'r1', checkpoint: store }).catch(
      (e: unknown) => e,
    );
    expect(truncated).toBeInstanceOf(CheckpointCorruptError);
    expect((truncated as CheckpointCorruptError).reason).toBe('invalid_json');
    expect((truncated as CheckpointCorruptError).message).toContain(path);

    await writeFile(path, text.replace('"Clear."', '"Cloudy"'));
    const damaged = await resume({ client, agent, runId: 'r1', checkpoint: store }).catch((e: unknown) => e);
    expect((damaged as CheckpointCorruptError).reason).toBe('checksum_mismatch');
    expect(server.calls).toHaveLength(calls);
  });

  it('a state the agent cannot continue is ResumeMismatchError naming the tool or the model', async () => {
    const { server, client } = await startHarness();
    const store = createMemoryCheckpointStore<RunState>();
    // Save 3 is the start of call_w: the run "dies" with that call pending and no outcome.
    let saves = 0;
    const dying: CheckpointStore<RunState> = {
      ...store,
      save: async (id, state) => {
        saves += 1;
        await store.save(id, state);
        if (saves === 3) throw new Error('process died');
      },
    };
    server.reply.functionCalls([paris]);
    await run({ client, agent, input: 'Paris?', runId: 'r2', checkpoint: dying }).catch(() => undefined);
    const calls = server.calls.length;

    const noTools = await resume({
      client,
      agent: { ...agent, tools: [] },
      runId: 'r2',
      checkpoint: store,
    }).catch((e: unknown) => e);
    expect(noTools).toBeInstanceOf(ResumeMismatchError);
    expect((noTools as ResumeMismatchError).field).toBe('agent.tools');
    expect((noTools as ResumeMismatchError).message).toContain('"get_weather"');

    const otherModel = await resume({
      client,
      agent: { ...agent, model: 'mimo-v2.6-flash' },
      runId: 'r2',
      checkpoint: store,
    }).catch((e: unknown) => e);
    expect(otherModel).toBeInstanceOf(ResumeMismatchError);
    expect((otherModel as ResumeMismatchError).field).toBe('agent.model');
    expect((otherModel as ResumeMismatchError).message).toContain('"mimo-v2.6-pro"');
    expect(server.calls).toHaveLength(calls);
  });
});
