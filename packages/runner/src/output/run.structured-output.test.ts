import { validateHistory } from '@mimo-agents/core';
import type { TestServer } from '@mimo-agents/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as z3 from 'zod/v3';
import { run, streamRun } from '../run.js';
import { countingTools } from '../test-support/counting-tools.js';
import { drain, startHarness } from '../test-support/harness.js';
import { StructuredOutputError } from './structured-output-error.js';

const Weather = z.object({
  city: z.string(),
  tempC: z.number(),
  sky: z.enum(['clear', 'cloudy', 'rain']),
});

const bodies = (server: TestServer) =>
  server.calls.map((call) => call.body as { instructions?: string; text?: unknown; tools?: unknown[] });

describe('structured output: agent.output ends the run in a validated object', () => {
  it('returns the object after two tool turns; every request asks for json_object with the schema', async () => {
    const { server, client } = await startHarness();
    const { tools, executions } = countingTools();
    const agent = { name: 'w', model: 'mimo-v2.6-pro', instructions: 'Be brief.', tools, output: Weather };
    server.reply.functionCalls([{ name: 'get_weather', arguments: { city: 'Paris' } }]);
    server.reply.functionCalls([{ name: 'local_time', arguments: { city: 'Paris' } }]);
    server.reply.text('{"city":"Paris","tempC":15,"sky":"clear"}');

    const result = await run({ client, agent, input: 'Weather in Paris as JSON' });

    expect(result.status).toBe('completed');
    expect(result.finalOutput).toEqual({ city: 'Paris', tempC: 15, sky: 'clear' });
    expect(result.turns.map((turn) => turn.toolCalls.length)).toEqual([1, 1, 0]);
    expect(executions.size).toBe(2);
    for (const body of bodies(server)) {
      expect(body.text).toEqual({ format: { type: 'json_object' } });
      expect(body.instructions).toMatch(/^Be brief\.\n\n.*JSON object[\s\S]*```json\n\{"type":"object"/);
      expect(body.tools).toHaveLength(2);
    }
  });

  it('accepts zod 3 and a raw JSON Schema (ajv) as well', async () => {
    const { server, client } = await startHarness();
    const zod3 = z3.object({ n: z3.number().int() });
    const raw = {
      jsonSchema: { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] },
    };
    server.reply.text('{"n":3}');
    server.reply.text('{"n":1.5}');
    server.reply.text('{"n":4}');
    const a = await run({ client, agent: { name: 'a', model: 'mimo-v2.6-pro', output: zod3 }, input: 'n?' });
    const b = await run({ client, agent: { name: 'b', model: 'mimo-v2.6-pro', output: raw }, input: 'n?' });
    expect(a.finalOutput).toEqual({ n: 3 });
    expect(b.finalOutput).toEqual({ n: 4 });
    expect(JSON.stringify((server.calls[2]?.body as { input: unknown } | undefined)?.input)).toContain(
      'n: must be integer',
    );
  });

  it('repairs invalid JSON with one repair turn that quotes the problem', async () => {
    const { server, client } = await startHarness();
    const agent = { name: 'w', model: 'mimo-v2.6-pro', output: Weather };
    server.reply.text('Sure! Here is the weather: {"city": "Paris", tempC: 15');
    server.reply.text('{"city":"Paris","tempC":15,"sky":"rain"}');
    const stream = streamRun({ client, agent, input: 'Paris?' });
    const events = await drain(stream);
    const result = await stream.finalResult();

    expect(result.finalOutput).toEqual({ city: 'Paris', tempC: 15, sky: 'rain' });
    expect(server.calls).toHaveLength(2);
    const repair = result.history.at(-2);
    expect(repair).toMatchObject({ role: 'user' });
    expect(JSON.stringify(repair)).toMatch(/\(root\): not valid JSON/);
    expect(() => validateHistory(result.history)).not.toThrow();
    expect(events.filter((e) => e.type === 'output.invalid')).toMatchObject([{ turn: 1, repair: 1 }]);
    expect(events.filter((e) => e.type === 'output.completed')).toEqual([
      { type: 'output.completed', turn: 2, output: result.finalOutput },
    ]);
  });

  it('repairs a schema violation by quoting each issue by path', async () => {
    const { server, client } = await startHarness();
    const Order = z.object({ items: z.array(z.object({ sku: z.string(), qty: z.number().int() })) });
    server.reply.text('{"items":[{"sku":"a","qty":1},{"sku":7,"qty":1.5}]}');
    server.reply.text('{"items":[{"sku":"a","qty":1},{"sku":"b","qty":2}]}');
    const result = await run({
      client,
      agent: { name: 'o', model: 'mimo-v2.6-pro', output: Order },
      input: 'x',
    });

    expect(result.finalOutput).toEqual({
      items: [
        { sku: 'a', qty: 1 },
        { sku: 'b', qty: 2 },
      ],
    });
    const sent = JSON.stringify((server.calls[1]?.body as { input: unknown } | undefined)?.input);
    expect(sent).toContain('items[1].sku: ');
    expect(sent).toContain('items[1].qty: ');
    expect(result.turns).toHaveLength(2);
  });

  it('fails with StructuredOutputError carrying the raw text, the issues and the partial object after the repairs', async () => {
    const { server, client } = await startHarness();
    server.reply.text('{"city":"Paris"');
    server.reply.text('{"city":"Paris","tempC":"warm"}');
    server.reply.text('{"city":"Paris","tempC":"hot","sky":"clear"}');
    const agent = { name: 'w', model: 'mimo-v2.6-pro', output: Weather };
    const error = await run({ client, agent, input: 'Paris?' }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(StructuredOutputError);
    const failure = error as StructuredOutputError;
    expect(failure.code).toBe('structured_output_invalid');
    expect(failure.rawText).toBe('{"city":"Paris","tempC":"hot","sky":"clear"}');
    expect(failure.repairs).toBe(2);
    expect(failure.issues.map((issue) => issue.path)).toEqual(['tempC']);
    expect(failure.partialOutput).toEqual({ city: 'Paris', tempC: 'hot', sky: 'clear' });
    expect(failure.partialResult.status).toBe('output_invalid');
    expect(failure.partialResult.turns).toHaveLength(3);
    expect(failure.message).toMatch(/tempC: .*Fix:/);
    expect(server.calls).toHaveLength(3);
  });

  it('maxOutputRepairs: 0 fails on the first invalid answer, with the tolerant partial of broken JSON', async () => {
    const { server, client } = await startHarness();
    server.reply.text('{"city":"Par');
    const agent = { name: 'w', model: 'mimo-v2.6-pro', output: Weather };
    const error = await run({ client, agent, input: 'x', maxOutputRepairs: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StructuredOutputError);
    expect((error as StructuredOutputError).partialOutput).toEqual({ city: 'Par' });
    expect(server.calls).toHaveLength(1);
  });

  it("at maxTurns with onMaxTurns 'final-answer' the tool-less turn yields an object (repaired if needed)", async () => {
    const { server, client } = await startHarness();
    const { tools } = countingTools();
    const agent = { name: 'w', model: 'mimo-v2.6-pro', tools, output: Weather };
    server.reply.functionCalls([{ name: 'get_weather', arguments: { city: 'Oslo' } }]);
    server.reply.text('It is 3 degrees and cloudy in Oslo.');
    server.reply.text('{"city":"Oslo","tempC":3,"sky":"cloudy"}');
    const result = await run({ client, agent, input: 'Oslo?', maxTurns: 1, onMaxTurns: 'final-answer' });

    expect(result.finalOutput).toEqual({ city: 'Oslo', tempC: 3, sky: 'cloudy' });
    const sent = bodies(server);
    expect(sent.map((body) => body.tools !== undefined)).toEqual([true, false, false]);
    expect(sent.map((body) => body.text)).toEqual(Array(3).fill({ format: { type: 'json_object' } }));
  });

  it('uses the demo model when nothing is scripted: tools first, then JSON that fits the schema', async () => {
    const { server, client } = await startHarness();
    const { tools, executions } = countingTools();
    const Report = z.object({ city: z.string(), summary: z.string(), severity: z.enum(['low', 'high']) });
    const agent = { name: 'w', model: 'mimo-v2.6-pro', tools, output: Report };
    const result = await run({ client, agent, input: 'Weather in Paris' });
    expect(executions.size).toBe(2);
    expect(result.finalOutput).toEqual({ city: 'Paris', summary: expect.any(String), severity: 'low' });
    expect(server.calls).toHaveLength(2);
  });

  it("outputMode 'json_schema' for a MiMo model is refused by core's guard before any request", async () => {
    const { server, client } = await startHarness();
    const agent = { name: 'w', model: 'mimo-v2.6-pro', output: Weather };
    const error = await run({ client, agent, input: 'x', outputMode: 'json_schema' }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'unsupported_parameter' });
    expect(server.calls).toHaveLength(0);
  });

  it('a model whose table entry takes json_schema gets the schema natively by default', async () => {
    const { server, client } = await startHarness(
      { jsonSchemaModels: ['schema-model'] },
      { models: { 'schema-model': { jsonSchema: true } } },
    );
    server.reply.text('{"city":"Paris","tempC":15,"sky":"clear"}');
    const agent = { name: 'w', model: 'schema-model', output: Weather };
    const result = await run({ client, agent, input: 'x' });
    expect(result.finalOutput).toEqual({ city: 'Paris', tempC: 15, sky: 'clear' });
    const body = server.calls[0]?.body as { text?: { format?: Record<string, unknown> } } | undefined;
    expect(body?.text?.format).toMatchObject({ type: 'json_schema', name: 'output', strict: true });
    expect(body?.text?.format?.schema).toMatchObject({ type: 'object', required: ['city', 'tempC', 'sky'] });
  });
});
