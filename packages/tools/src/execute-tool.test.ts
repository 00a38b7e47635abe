import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { executeTool } from './execute-tool.js';
import { tool } from './tool.js';
import type { ToolContext } from './tool-types.js';

const call = (args: unknown, name = 'echo') => ({ callId: 'call_1', name, arguments: JSON.stringify(args) });

function echoTool(execute: (args: { text: string }, ctx: ToolContext) => unknown, timeoutMs?: number) {
  return tool({
    name: 'echo',
    description: 'Echo',
    parameters: z.object({ text: z.string() }),
    execute,
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  });
}

describe('executeTool()', () => {
  it('returns a string result as it is', async () => {
    const outcome = await executeTool({
      tool: echoTool(({ text }) => text),
      call: call({ text: 'hi "there"' }),
    });
    expect(outcome).toMatchObject({ type: 'ok', callId: 'call_1', name: 'echo', output: 'hi "there"' });
    expect(outcome.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('returns other values as JSON, awaiting promises', async () => {
    const outcome = await executeTool({
      tool: echoTool(async ({ text }) => ({ text, n: 1 })),
      call: call({ text: 'a' }),
    });
    expect(outcome).toMatchObject({ type: 'ok', output: '{"text":"a","n":1}' });
  });

  it('returns an empty string for undefined', async () => {
    const outcome = await executeTool({ tool: echoTool(() => undefined), call: call({ text: 'a' }) });
    expect(outcome).toMatchObject({ type: 'ok', output: '' });
  });

  it('passes callId, idempotencyKey, attempt and context to the tool', async () => {
    let seen: ToolContext | undefined;
    const t = echoTool((_args, ctx) => {
      seen = ctx;
      return 'ok';
    });
    await executeTool({ tool: t, call: call({ text: 'a' }) });
    expect(seen).toMatchObject({
      callId: 'call_1',
      idempotencyKey: 'call_1',
      attempt: 1,
      context: undefined,
    });
    await executeTool({
      tool: t,
      call: call({ text: 'a' }),
      idempotencyKey: 'run_9:call_1',
      attempt: 3,
      context: { user: 'u' },
    });
    expect(seen).toMatchObject({ idempotencyKey: 'run_9:call_1', attempt: 3, context: { user: 'u' } });
    expect(seen?.signal.aborted).toBe(false);
  });

  it('answers an unknown tool with the available names', async () => {
    const outcome = await executeTool({
      tool: undefined,
      call: call({}, 'fly'),
      availableTools: ['echo', 'search'],
    });
    expect(outcome).toMatchObject({ type: 'error', kind: 'unknown_tool', name: 'fly' });
    expect(outcome.output).toBe('Error: unknown tool "fly". Available tools: echo, search.');
  });

  it('answers bad arguments with each issue and never runs the tool', async () => {
    let ran = false;
    const t = echoTool(() => {
      ran = true;
    });
    const outcome = await executeTool({ tool: t, call: call({ text: 5 }) });
    expect(ran).toBe(false);
    expect(outcome).toMatchObject({ type: 'error', kind: 'invalid_arguments' });
    expect(outcome.output).toMatch(/^Error: Invalid arguments for tool "echo": text: .*expected string/);
    expect(outcome.output).toMatch(/Fix the arguments and call the tool again\.$/);
  });

  it('answers invalid JSON as invalid arguments', async () => {
    const outcome = await executeTool({
      tool: echoTool(() => 'x'),
      call: { callId: 'c', name: 'echo', arguments: '{"te' },
    });
    expect(outcome).toMatchObject({ type: 'error', kind: 'invalid_arguments' });
    expect(outcome.output).toMatch(/not valid JSON/);
  });

  it('catches a synchronous throw', async () => {
    const outcome = await executeTool({
      tool: echoTool(() => {
        throw new Error('disk full');
      }),
      call: call({ text: 'a' }),
    });
    expect(outcome).toMatchObject({
      type: 'error',
      kind: 'thrown',
      output: 'Error: tool "echo" failed: disk full',
    });
  });

  it('catches a rejection, even of a non-Error value', async () => {
    const outcome = await executeTool({
      tool: echoTool(() => Promise.reject('nope')),
      call: call({ text: 'a' }),
    });
    expect(outcome).toMatchObject({ type: 'error', kind: 'thrown', message: 'tool "echo" failed: nope' });
  });

  it('times out, aborts ctx.signal with a TimeoutError and does not wait for a tool that ignores it', async () => {
    let signal: AbortSignal | undefined;
    const t = echoTool((_args, ctx) => {
      signal = ctx.signal;
      return new Promise(() => {});
    }, 5);
    const outcome = await executeTool({ tool: t, call: call({ text: 'a' }) });
    expect(outcome).toMatchObject({ type: 'error', kind: 'timeout' });
    expect(outcome.output).toMatch(/timed out after 5 ms/);
    expect(signal?.aborted).toBe(true);
    expect((signal!.reason as DOMException).name).toBe('TimeoutError');
  });

  it('lets the timeoutMs option override the tool own timeout', async () => {
    const t = echoTool(() => new Promise(() => {}), 60_000);
    const outcome = await executeTool({ tool: t, call: call({ text: 'a' }), timeoutMs: 3 });
    expect(outcome).toMatchObject({
      type: 'error',
      kind: 'timeout',
      message: 'tool "echo" timed out after 3 ms and was stopped.',
    });
  });

  it('does not fire at once for a limit beyond what setTimeout can hold', async () => {
    const outcome = await executeTool({
      tool: echoTool(async () => 'done'),
      call: call({ text: 'a' }),
      timeoutMs: 2 ** 40,
    });
    expect(outcome).toMatchObject({ type: 'ok', output: 'done' });
  });

  it('reports an external abort during execution and aborts ctx.signal with its reason', async () => {
    const controller = new AbortController();
    let signal: AbortSignal | undefined;
    const t = echoTool((_args, ctx) => {
      signal = ctx.signal;
      queueMicrotask(() => controller.abort(new Error('user cancelled')));
      return new Promise(() => {});
    });
    const outcome = await executeTool({ tool: t, call: call({ text: 'a' }), signal: controller.signal });
    expect(outcome).toMatchObject({ type: 'error', kind: 'aborted' });
    expect(signal?.aborted).toBe(true);
    expect((signal!.reason as Error).message).toBe('user cancelled');
  });

  it('does not start a tool when the signal is already aborted', async () => {
    let ran = false;
    const t = echoTool(() => {
      ran = true;
    });
    const outcome = await executeTool({ tool: t, call: call({ text: 'a' }), signal: AbortSignal.abort() });
    expect(ran).toBe(false);
    expect(outcome).toMatchObject({ type: 'error', kind: 'aborted' });
  });

  it('answers a circular result with an unserializable_output error', async () => {
    const outcome = await executeTool({
      tool: echoTool(() => {
        const value: Record<string, unknown> = {};
        value.self = value;
        return value;
      }),
      call: call({ text: 'a' }),
    });
    expect(outcome).toMatchObject({ type: 'error', kind: 'unserializable_output' });
    expect(outcome.output).toMatch(
      /^Error: tool "echo" returned a value that cannot be sent to the model \(.*circular/i,
    );
  });

  it.each([
    ['a bigint', 10n],
    ['a function', () => 1],
  ])('answers %s result with an unserializable_output error', async (_label, value) => {
    const outcome = await executeTool({ tool: echoTool(() => value), call: call({ text: 'a' }) });
    expect(outcome).toMatchObject({ type: 'error', kind: 'unserializable_output' });
  });

  it('truncates long output with a visible marker', async () => {
    const outcome = await executeTool({
      tool: echoTool(() => 'x'.repeat(100)),
      call: call({ text: 'a' }),
      maxOutputChars: 10,
    });
    expect(outcome).toMatchObject({ type: 'ok', output: `${'x'.repeat(10)}…[truncated 90 chars]` });
  });

  it('ignores a late rejection after a timeout', async () => {
    let rejectLater: ((error: Error) => void) | undefined;
    const t = echoTool(
      (_args, ctx) =>
        new Promise((_resolve, reject) => {
          rejectLater = reject;
          ctx.signal.addEventListener('abort', () => queueMicrotask(() => reject(new Error('stopped'))));
        }),
      2,
    );
    const outcome = await executeTool({ tool: t, call: call({ text: 'a' }) });
    expect(outcome.type === 'error' && outcome.kind).toBe('timeout');
    expect(rejectLater).toBeTypeOf('function');
  });
});
