import type { ReplySpec } from '@mimo-agents/testing';
import { createToolRegistry, tool } from '@mimo-agents/tools';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Agent } from './agent.js';
import { buildRequest } from './build-request.js';
import { normalizeInput } from './history/normalize-input.js';
import { streamRun } from './run.js';
import { drain, startHarness } from './test-support/harness.js';
import { multiByteSplits } from './test-support/multi-byte-splits.js';

describe('streamed deltas are joined exactly', () => {
  it('survives one-character deltas and frames split inside multi-byte characters', async () => {
    const city = 'Zürich 東京 🌧️';
    const answer = 'Température à Zürich : 12 °C 🌧️, 東京は晴れ.';
    const seen: string[] = [];
    const echo = tool({
      name: 'get_weather',
      description: 'Weather',
      parameters: z.object({ city: z.string() }),
      execute: ({ city: got }) => {
        seen.push(got);
        return { city: got, tempC: 12 };
      },
    });
    const agent: Agent = { name: 'w', model: 'mimo-v2.6-pro', tools: [echo] };
    const replies: ReplySpec[] = [
      {
        type: 'output',
        items: [
          { type: 'reasoning', text: 'Über das Wetter 🤔' },
          { type: 'function_call', name: 'get_weather', arguments: JSON.stringify({ city }) },
        ],
      },
      { type: 'output', items: [{ type: 'message', text: answer }] },
    ];
    const probeBody = buildRequest({
      agent,
      history: normalizeInput({ input: city }),
      registry: createToolRegistry([echo]),
    });
    const splits = await multiByteSplits(replies, probeBody);
    const { server, client } = await startHarness({ streaming: { deltaSize: 1 } });
    replies.forEach((reply, i) => {
      server.reply.spec({ ...reply, streaming: { deltaSize: 1, splitAt: splits[i] ?? [] } });
    });
    expect(splits.every((list) => list.length >= 10)).toBe(true);
    const stream = streamRun({ client, agent, input: city });
    const events = await drain(stream);
    const result = await stream.finalResult();
    expect(seen).toEqual([city]);
    expect(result.finalOutput).toBe(answer);
    const argDeltas = events.filter((event) => event.type === 'tool.arguments.delta');
    expect(argDeltas.length).toBe(Array.from(JSON.stringify({ city })).length);
    expect(argDeltas.at(-1)).toMatchObject({ snapshot: JSON.stringify({ city }) });
    expect(events.some((event) => event.type === 'tool.arguments.mismatch')).toBe(false);
    const reasoning = events
      .flatMap((event) => (event.type === 'reasoning.delta' ? [event.delta] : []))
      .join('');
    expect(reasoning).toBe('Über das Wetter 🤔');
  });
});
