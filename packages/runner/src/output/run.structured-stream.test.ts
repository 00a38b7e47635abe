import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { streamRun } from '../run.js';
import { drain, startHarness } from '../test-support/harness.js';
import type { OutputDeltaEvent } from './output-events.js';

describe('structured output while streaming', () => {
  it('emits output.delta with partial objects that only grow, then output.completed with the validated object', async () => {
    const { server, client } = await startHarness({ streaming: { deltaSize: 3 } });
    const Triage = z.object({
      priority: z.enum(['low', 'high']),
      tags: z.array(z.string()),
      reply: z.string(),
    });
    const answer = {
      priority: 'high',
      tags: ['billing', 'refund'],
      reply: 'We are on it: a refund is coming.',
    };
    server.reply.text(JSON.stringify(answer));
    const stream = streamRun({
      client,
      agent: { name: 't', model: 'mimo-v2.6-pro', output: Triage },
      input: 'My card was charged twice!',
    });
    const events = await drain(stream);
    const result = await stream.finalResult();

    const deltas = events.filter((e): e is OutputDeltaEvent => e.type === 'output.delta');
    expect(deltas.length).toBeGreaterThan(10);
    let previous = '';
    for (const delta of deltas) {
      const shown = JSON.stringify(delta.partial);
      // Each partial keeps every key, string prefix and array item of the one before.
      expect(grows(JSON.parse(previous || '{}'), delta.partial)).toBe(true);
      expect(shown).not.toBe(previous);
      previous = shown;
    }
    expect(deltas.at(-1)?.partial).toEqual(answer);
    const completed = events.findIndex((e) => e.type === 'output.completed');
    const finished = events.findIndex((e) => e.type === 'run.completed');
    expect(events[completed]).toEqual({ type: 'output.completed', turn: 1, output: answer });
    expect(completed).toBeGreaterThan(events.lastIndexOf(deltas.at(-1) as OutputDeltaEvent));
    expect(finished).toBeGreaterThan(completed);
    expect(result.finalOutput).toEqual(answer);
    expect(events[finished]).toMatchObject({ finalOutput: JSON.stringify(answer) });
  });
});

function grows(earlier: unknown, later: unknown): boolean {
  if (typeof earlier === 'string') return typeof later === 'string' && later.startsWith(earlier);
  if (Array.isArray(earlier))
    return Array.isArray(later) && earlier.every((item, i) => grows(item, later[i]));
  if (typeof earlier === 'object' && earlier !== null)
    return (
      typeof later === 'object' &&
      later !== null &&
      Object.entries(earlier).every(([key, value]) => grows(value, (later as Record<string, unknown>)[key]))
    );
  return Object.is(earlier, later);
}
