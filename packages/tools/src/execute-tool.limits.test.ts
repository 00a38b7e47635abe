import { ConfigError } from '@mimo-agents/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { executeTool } from './execute-tool.js';
import { rawTool } from './raw-tool.js';
import { type ToolOptions, tool } from './tool.js';
import type { ToolProgressUpdate } from './tool-progress.js';
import type { ToolContext } from './tool-types.js';

/** The documented defaults (written out, so this file also runs against code without them). */
const DEFAULT_TOOL_LIMITS = { timeoutMs: 60_000, maxOutputChars: 262_144 };

const call = { callId: 'call_1', name: 'slow', arguments: '{}' };
const never = (): Promise<never> => new Promise<never>(() => {});

function slow(extra: Partial<ToolOptions<z.ZodObject>> = {}) {
  return tool({
    name: 'slow',
    description: 'Never ends',
    parameters: z.object({}),
    execute: never,
    ...extra,
  });
}

afterEach(() => {
  vi.useRealTimers();
});

describe('a tool cannot hang: default timeout', () => {
  it('a tool that never resolves times out after the default limit', async () => {
    vi.useFakeTimers();
    let settled: unknown;
    void executeTool({ tool: slow(), call }).then((outcome) => {
      settled = outcome;
    });
    await vi.advanceTimersByTimeAsync(DEFAULT_TOOL_LIMITS.timeoutMs);
    expect(settled).toMatchObject({ type: 'error', kind: 'timeout' });
  });

  it('Infinity turns the limit off on purpose', async () => {
    vi.useFakeTimers();
    let settled = false;
    void executeTool({ tool: slow({ timeoutMs: Number.POSITIVE_INFINITY }), call }).then(() => {
      settled = true;
    });
    await vi.advanceTimersByTimeAsync(DEFAULT_TOOL_LIMITS.timeoutMs * 10);
    expect(settled).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('a tool cannot flood: output cap', () => {
  const big = (chars: number) =>
    tool({ name: 'big', description: 'Big', parameters: z.object({}), execute: () => 'x'.repeat(chars) });

  it('cuts an output above the default cap with a marker and reports the original length', async () => {
    const chars = 5_000_000;
    const outcome = await executeTool({ tool: big(chars), call: { ...call, name: 'big' } });
    expect(outcome.type).toBe('ok');
    expect(outcome.originalChars).toBe(chars);
    expect(outcome.output.length).toBeLessThan(DEFAULT_TOOL_LIMITS.maxOutputChars + 100);
    expect(outcome.output).toContain(`…[truncated ${chars - DEFAULT_TOOL_LIMITS.maxOutputChars} chars]`);
  });

  it("the tool's own cap applies, and Infinity keeps everything", async () => {
    const small = tool({
      name: 'big',
      description: 'Big',
      parameters: z.object({}),
      maxOutputChars: 10,
      execute: () => 'y'.repeat(50),
    });
    const cut = await executeTool({ tool: small, call: { ...call, name: 'big' } });
    expect(cut.output).toBe(`${'y'.repeat(10)}…[truncated 40 chars]`);
    const all = await executeTool({
      tool: big(300_000),
      call: { ...call, name: 'big' },
      maxOutputChars: Number.POSITIVE_INFINITY,
    });
    expect(all.output).toHaveLength(300_000);
    expect(all.originalChars).toBeUndefined();
  });
});

describe('ctx.progress()', () => {
  it('reaches onProgress, bounded in rate and size, and stops once the tool has finished', async () => {
    const updates: ToolProgressUpdate[] = [];
    let late: (() => void) | undefined;
    const worker = tool({
      name: 'worker',
      description: 'Works',
      parameters: z.object({}),
      execute: (_args, ctx) => {
        ctx.progress('step 1', { done: 1, total: 3 });
        for (let i = 0; i < 500; i += 1) ctx.progress(`flood ${i}`);
        late = () => ctx.progress('after the end');
        return 'done';
      },
    });
    const outcome = await executeTool({
      tool: worker,
      call: { ...call, name: 'worker' },
      onProgress: (update) => updates.push(update),
      progressIntervalMs: 60_000,
    });
    late?.();
    expect(outcome.type).toBe('ok');
    expect(updates).toEqual([{ message: 'step 1', data: { done: 1, total: 3 } }]);
  });

  it('a tool that first reads ctx.progress after its outcome sends nothing; one read destructured works', async () => {
    const updates: ToolProgressUpdate[] = [];
    let kept: ToolContext | undefined;
    const quiet = tool({
      name: 'worker',
      description: 'Works',
      parameters: z.object({}),
      execute: (_args, ctx) => {
        kept = ctx;
        return 'done';
      },
    });
    await executeTool({ tool: quiet, call: { ...call, name: 'worker' }, onProgress: (u) => updates.push(u) });
    kept?.progress('after the end');
    expect(updates).toEqual([]);
    const talking = tool({
      name: 'worker',
      description: 'Works',
      parameters: z.object({}),
      execute: (_args, { progress }) => {
        progress('half way');
        return 'done';
      },
    });
    await executeTool({
      tool: talking,
      call: { ...call, name: 'worker' },
      onProgress: (u) => updates.push(u),
    });
    expect(updates).toEqual([{ message: 'half way' }]);
  });

  it('cuts a long message and drops data too large to send', async () => {
    const updates: ToolProgressUpdate[] = [];
    const worker = tool({
      name: 'worker',
      description: 'Works',
      parameters: z.object({}),
      execute: (_args, ctx) => ctx.progress('m'.repeat(50), { blob: 'b'.repeat(50) }),
    });
    await executeTool({
      tool: worker,
      call: { ...call, name: 'worker' },
      onProgress: (update) => updates.push(update),
      maxProgressChars: 20,
    });
    expect(updates).toEqual([{ message: `${'m'.repeat(20)}…` }]);
  });
});

describe('tool options are checked', () => {
  it('a misspelt tool option is refused with the closest name', () => {
    const options = { name: 'x', description: 'd', parameters: z.object({}), execute: () => 1, timeout: 5 };
    const error = (() => {
      try {
        return tool(options as ToolOptions<z.ZodObject>);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain('did you mean timeoutMs?');
    expect(() =>
      rawTool({
        name: 'r',
        description: 'd',
        jsonSchema: { type: 'object' },
        execute: () => 1,
        stric: true,
      } as never),
    ).toThrow(/did you mean strict\?/);
  });
});

describe('DEFAULT_TOOL_LIMITS', () => {
  it('are the documented defaults', async () => {
    const { DEFAULT_TOOL_LIMITS: exported } = await import('./tool-limits.js');
    expect(exported).toMatchObject(DEFAULT_TOOL_LIMITS);
  });
});
