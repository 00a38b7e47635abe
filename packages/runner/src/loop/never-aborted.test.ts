import { getEventListeners } from 'node:events';
import { tool } from '@mimo-agents/tools';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Agent } from '../agent.js';
import { run } from '../run.js';
import { startHarness } from '../test-support/harness.js';
import { NEVER_ABORTED } from './never-aborted.js';

describe('NEVER_ABORTED', () => {
  it('is a real AbortSignal that is not aborted and keeps no listener', () => {
    expect(NEVER_ABORTED).toBeInstanceOf(AbortSignal);
    expect(NEVER_ABORTED.aborted).toBe(false);
    expect(NEVER_ABORTED.reason).toBeUndefined();
    expect(() => NEVER_ABORTED.throwIfAborted()).not.toThrow();
    const listeners = Array.from({ length: 50 }, () => () => {});
    for (const listener of listeners) NEVER_ABORTED.addEventListener('abort', listener);
    expect(getEventListeners(NEVER_ABORTED, 'abort')).toHaveLength(0);
    for (const listener of listeners) NEVER_ABORTED.removeEventListener('abort', listener);
    // A composite signal still follows it (and is not aborted by it).
    const other = new AbortController();
    const both = AbortSignal.any([NEVER_ABORTED, other.signal]);
    other.abort(new Error('stop'));
    expect(both.aborted).toBe(true);
  });

  it('is what concurrent run()s without a signal share: no listener warning, every tool call finishes', async () => {
    const { server, client } = await startHarness();
    const runs = 30;
    let parked = 0;
    let releaseAll: () => void = () => {};
    const allParked = new Promise<void>((resolve) => {
      releaseAll = resolve;
    });
    // Each call waits until every run waits in its call (and its request before it had finished).
    const wait = tool({
      name: 'wait',
      description: 'Waits for the others',
      parameters: z.object({}),
      execute: async () => {
        parked += 1;
        if (parked === runs) releaseAll();
        await allParked;
        return 'ok';
      },
    });
    const agent: Agent = { name: 'w', model: 'mimo-v2.6-pro', tools: [wait] };
    for (let i = 0; i < runs; i++) {
      server.reply.functionCalls([{ name: 'wait', arguments: {}, callId: `call_${i}` }]);
    }
    for (let i = 0; i < runs; i++) server.reply.text('done');
    const warnings: Error[] = [];
    const onWarning = (warning: Error): void => {
      warnings.push(warning);
    };
    process.on('warning', onWarning);
    try {
      const results = await Promise.all(
        Array.from({ length: runs }, () => run({ client, agent, input: 'go' })),
      );
      expect(results.map((result) => result.finalOutput)).toEqual(Array(runs).fill('done'));
      expect(results.map((result) => result.turns[0]?.toolCalls[0]?.output)).toEqual(Array(runs).fill('ok'));
    } finally {
      process.off('warning', onWarning);
    }
    expect(parked).toBe(runs);
    expect(warnings.map((warning) => warning.name)).not.toContain('MaxListenersExceededWarning');
    expect(getEventListeners(NEVER_ABORTED, 'abort')).toHaveLength(0);
  });
});
