import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from '@mimo-agents/core';
import { startTestServer } from '@mimo-agents/testing';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createFileCheckpointStore } from '../checkpoint/file-checkpoint-store.js';
import { streamResume } from '../resume.js';
import type { RunState } from '../run-state.js';
import { startCrashChild } from '../test-support/crash-child-process.js';
import { drain } from '../test-support/harness.js';
import { outputCrashAgent } from '../test-support/output-crash-agent.js';

describe('a structured-output run killed between its answer and the validation', () => {
  it('resumes by validating the saved answer: no second answer turn', async () => {
    const server = await startTestServer({ strict: true });
    const directory = await mkdtemp(join(tmpdir(), 'mimo-output-crash-'));
    onTestFinished(async () => {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    });
    server.reply.functionCalls([{ name: 'get_weather', arguments: { city: 'Paris' } }]);
    server.reply.text('{"city":"Paris","tempC":15}');
    // Anything asked again would get this and fail validation: a re-ask would show.
    server.reply.text('{"city":"asked twice"}');
    const checkpointDir = join(directory, 'checkpoints');

    const child = startCrashChild(
      {
        MIMO_BASE_URL: server.url,
        MIMO_API_KEY: server.apiKey,
        RUN_ID: 'run-output',
        CHECKPOINT_DIR: checkpointDir,
      },
      fileURLToPath(new URL('../test-support/output-crash-child.ts', import.meta.url)),
    );
    await child.line('ready');
    child.go();
    const hang = await Promise.race([child.line('hang '), child.line('result '), child.line('error ')]);
    expect(hang, child.lines().join('\n')).toBe('hang after-answer');
    await child.kill();
    expect(await child.exited).toBeNull();
    expect(server.calls).toHaveLength(2);

    const checkpoint = createFileCheckpointStore<RunState>({ directory: checkpointDir });
    const saved = await checkpoint.load('run-output');
    expect(saved?.status).toBe('running');
    expect(saved?.turns.at(-1)?.text).toBe('{"city":"Paris","tempC":15}');
    expect(saved?.output).toEqual({ repairs: 0 });

    const client = createClient({ baseURL: server.url, apiKey: server.apiKey });
    onTestFinished(() => client.close());
    const stream = streamResume({ client, agent: outputCrashAgent(), runId: 'run-output', checkpoint });
    const events = await drain(stream);
    const result = await stream.finalResult();

    expect(server.calls).toHaveLength(2);
    expect(server.reply.pending).toBe(1);
    expect(result.finalOutput).toEqual({ city: 'Paris', tempC: 15 });
    expect(result.turns).toHaveLength(2);
    expect(events.filter((e) => e.type === 'turn.started')).toEqual([]);
    expect(events.filter((e) => e.type === 'output.completed')).toHaveLength(1);
    expect((await checkpoint.load('run-output'))?.output).toEqual({
      repairs: 0,
      checkedTurn: 2,
      value: { city: 'Paris', tempC: 15 },
    });

    // Resuming the finished run again returns the saved object without any request.
    const again = await streamResume({
      client,
      agent: outputCrashAgent(),
      runId: 'run-output',
      checkpoint,
    }).finalResult();
    expect(again.finalOutput).toEqual({ city: 'Paris', tempC: 15 });
    expect(server.calls).toHaveLength(2);
  });
});
