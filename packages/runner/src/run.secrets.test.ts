import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { Writable } from 'node:stream';
import { ApiError } from '@mimo-agents/core';
import { errorRenderings, findSecretLeak } from '@mimo-agents/testing';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { RunEvent } from './events.js';
import { streamRun } from './run.js';
import { startHarness } from './test-support/harness.js';

// Issue 13 item 3 through run(): an in-stream error event or a response.failed carrying the key
// (in its message and in extra fields) reaches neither run()'s error, its events, nor a log line.

const KEYS = {
  plain: `Zq9plainSecret${randomBytes(8).toString('hex')}`,
  'sk-': `sk-${randomBytes(20).toString('hex')}`,
};

function sse(res: ServerResponse, frames: readonly object[]): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'x-request-id': `id-${String(frames.length)}` });
  res.end(frames.map((frame) => `data: ${JSON.stringify(frame)}\n\n`).join(''));
}

const created = {
  type: 'response.created',
  sequence_number: 0,
  response: { id: 'resp_1', object: 'response', status: 'in_progress', output: [] },
};

const terminals = (key: string): [string, object][] => [
  [
    'an error event',
    {
      type: 'error',
      sequence_number: 1,
      code: 'server_error',
      message: `no ${key}`,
      param: null,
      extra: { key },
    },
  ],
  [
    'a response.failed',
    {
      type: 'response.failed',
      sequence_number: 1,
      extra: key,
      response: {
        id: 'resp_1',
        object: 'response',
        status: 'failed',
        output: [],
        error: { code: 'server_error', message: `upstream ${key}`, echo: key },
      },
    },
  ],
];

describe.each(Object.entries(KEYS))('run() with the %s key', (_label, key) => {
  it.each(terminals(key))('%s: error, events and logs hold no slice of the key', async (_name, terminal) => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    const { server, client } = await startHarness(
      { apiKey: key },
      { logger: pino({ level: 'trace' }, sink) },
    );
    server.reply.raw((res) => sse(res, [created, terminal]));
    const agent = { name: 'a', model: 'mimo-v2.6-pro' };
    const stream = streamRun({ client, agent, input: 'Hi' });
    const events: RunEvent[] = [];
    try {
      for await (const event of stream) events.push(event);
    } catch {
      // Asserted below.
    }
    const error = await stream.finalResult().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(server.calls).toHaveLength(1);
    expect(lines.length).toBeGreaterThan(0);
    const texts = [...errorRenderings(error), ...lines, ...events.map((event) => JSON.stringify(event))];
    expect(findSecretLeak(texts, key)).toBeUndefined();
  });
});
