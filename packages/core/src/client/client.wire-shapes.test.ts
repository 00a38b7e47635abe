import { startTestServer, type TestServer } from '@mimo-agents/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../errors/api-error.js';
import { isMimoError } from '../errors/mimo-error.js';
import { StreamProtocolError } from '../errors/stream-protocol-error.js';
import type { ResponseStreamEvent } from '../protocol/stream-events.js';
import { createClient, type MimoClient } from './create-client.js';

// Streams shaped like those recorded from OpenAI-shaped servers (written here, never read from disk).

let server: TestServer;
let client: MimoClient;

beforeEach(async () => {
  server = await startTestServer();
  client = createClient({ baseURL: server.url, apiKey: server.apiKey, maxRetries: 0 });
});

afterEach(async () => {
  await client.close();
  await server.close();
});

const frame = (event: Record<string, unknown>): string =>
  `event: ${String(event.type)}\ndata: ${JSON.stringify(event)}\n\n`;

const baseResponse = (status: string, output: unknown[] = []) => ({
  id: 'resp_w',
  object: 'response',
  created_at: 1,
  status,
  error: null,
  incomplete_details: null,
  model: 'gpt-x',
  output,
});

const created = frame({
  type: 'response.created',
  sequence_number: 0,
  response: baseResponse('in_progress'),
});

/** Reads the whole stream and the final response; returns what each gave. */
async function outcome(): Promise<{
  events: ResponseStreamEvent[];
  iterError: unknown;
  finalError: unknown;
}> {
  const stream = client.stream({ model: 'mimo-v2.6-pro', input: 'Hi' });
  const events: ResponseStreamEvent[] = [];
  let iterError: unknown;
  try {
    for await (const event of stream) events.push(event);
  } catch (error) {
    iterError = error;
  }
  let finalError: unknown;
  const final = await stream.finalResponse().catch((error: unknown) => {
    finalError = error;
    return undefined;
  });
  if (finalError === undefined) expect(final).toMatchObject({ object: 'response' });
  return { events, iterError, finalError };
}

describe('client.stream on the wire as other servers send it', () => {
  it('reads an error event whose code, message and param are nested under `error` (OpenAI shape)', async () => {
    server.reply.frames([
      created,
      frame({
        type: 'error',
        sequence_number: 1,
        error: {
          type: 'insufficient_quota',
          code: 'insufficient_quota',
          message: 'You exceeded your current quota.',
          param: null,
        },
      }),
    ]);
    const { events, finalError } = await outcome();
    expect(events.at(-1)).toMatchObject({
      type: 'error',
      code: 'insufficient_quota',
      message: 'You exceeded your current quota.',
      param: null,
    });
    expect(finalError).toBeInstanceOf(ApiError);
    expect(finalError).toMatchObject({
      code: 'stream_error_event',
      serverCode: 'insufficient_quota',
      serverMessage: 'You exceeded your current quota.',
    });
    expect((finalError as Error).message).toContain('You exceeded your current quota. (insufficient_quota)');
  });

  it('ignores unknown extra fields on known events (`obfuscation`)', async () => {
    const message = {
      type: 'message',
      id: 'msg_1',
      status: 'completed',
      role: 'assistant',
      content: [{ type: 'output_text', text: 'Hi', annotations: [] }],
    };
    server.reply.frames([
      created,
      frame({ type: 'response.output_item.added', sequence_number: 1, output_index: 0, item: message }),
      frame({
        type: 'response.output_text.delta',
        sequence_number: 2,
        item_id: 'msg_1',
        output_index: 0,
        content_index: 0,
        delta: 'Hi',
        obfuscation: 'q7Xz',
        logprobs: [],
      }),
      frame({
        type: 'response.completed',
        sequence_number: 3,
        response: { ...baseResponse('completed', [message]), obfuscation: 'abc' },
      }),
    ]);
    const { events, iterError, finalError } = await outcome();
    expect(iterError).toBeUndefined();
    expect(finalError).toBeUndefined();
    expect(events.map((event) => event.type)).toEqual([
      'response.created',
      'response.output_item.added',
      'response.output_text.delta',
      'response.completed',
    ]);
  });

  const malformed: [string, Record<string, unknown>, string][] = [
    [
      'response.completed with response: null',
      { type: 'response.completed', response: null },
      'response is null',
    ],
    [
      'response.completed with response: "x"',
      { type: 'response.completed', response: 'x' },
      'response is a string',
    ],
    [
      'response.completed whose output is null',
      { type: 'response.completed', response: { ...baseResponse('completed'), output: null } },
      'response.output is null',
    ],
    [
      'response.completed with usage: null fields',
      {
        type: 'response.completed',
        response: {
          ...baseResponse('completed'),
          usage: { input_tokens: null, output_tokens: 1, total_tokens: 1 },
        },
      },
      'response.usage.input_tokens is null',
    ],
    [
      'response.completed holding a call without call_id',
      {
        type: 'response.completed',
        response: baseResponse('completed', [
          { type: 'function_call', id: 'fc_1', status: 'completed', name: 'f', arguments: '{}' },
        ]),
      },
      'response.output[0].call_id is missing',
    ],
    [
      'response.completed holding one call_id twice',
      {
        type: 'response.completed',
        response: baseResponse('completed', [
          {
            type: 'function_call',
            id: 'fc_1',
            status: 'completed',
            call_id: 'c',
            name: 'f',
            arguments: '{}',
          },
          {
            type: 'function_call',
            id: 'fc_2',
            status: 'completed',
            call_id: 'c',
            name: 'f',
            arguments: '{}',
          },
        ]),
      },
      'response.output holds call_id "c" twice',
    ],
    [
      'output_item.added with item: null',
      { type: 'response.output_item.added', output_index: 0, item: null },
      'item is null',
    ],
    [
      'output_item.added for a call without output_index',
      {
        type: 'response.output_item.added',
        item: { type: 'function_call', id: 'fc_1', call_id: 'c', name: 'f', arguments: '' },
      },
      'output_index is missing',
    ],
    ['response.failed without response', { type: 'response.failed' }, 'response is missing'],
    [
      'function_call_arguments.delta without delta',
      { type: 'response.function_call_arguments.delta', item_id: 'fc_1', output_index: 0 },
      'delta is missing',
    ],
  ];

  it.each(malformed)(
    'refuses %s with a typed StreamProtocolError from the loop and finalResponse()',
    async (_name, event, problem) => {
      server.reply.frames([created, frame({ sequence_number: 1, ...event })]);
      const { events, iterError, finalError } = await outcome();
      expect(events.map((e) => e.type)).toEqual(['response.created']);
      expect(iterError).toBeInstanceOf(StreamProtocolError);
      expect(finalError).toBe(iterError);
      expect(isMimoError(finalError)).toBe(true);
      const message = (finalError as Error).message;
      expect(message).toContain(`Malformed ${String(event.type)} event: ${problem}`);
      expect(message).toContain('Fix:');
      expect(finalError).toMatchObject({ retryable: false });
    },
  );
});
