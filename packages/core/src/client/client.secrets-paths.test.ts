import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { Writable } from 'node:stream';
import { errorRenderings, findSecretLeak, startTestServer, type TestServer } from '@mimo-agents/testing';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isMimoError } from '../errors/mimo-error.js';

import type { ClientOptions } from './client-options.js';
import { createClient, type MimoClient } from './create-client.js';

// Issue 13 item 3 and its secrets test: every error path, serialised every way, with a plain and an
// `sk-` key, holds neither the key nor any 12-character slice of it; nor do log lines or events.

const KEYS = {
  plain: `Zq9plainSecret${randomBytes(8).toString('hex')}`,
  'sk-': `sk-${randomBytes(20).toString('hex')}`,
};
const PASSWORD = `Pw${randomBytes(10).toString('hex')}`;
const request = { model: 'mimo-v2.6-pro', input: 'Hi' } as const;

let server: TestServer;
let lines: string[];
const clients: MimoClient[] = [];

function client(key: string, options: ClientOptions = {}): MimoClient {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const created = createClient({
    baseURL: server.url,
    apiKey: key,
    logger: pino({ level: 'trace' }, sink),
    retry: { baseDelayMs: 1, maxDelayMs: 1 },
    ...options,
  });
  clients.push(created);
  return created;
}

function sse(res: ServerResponse, frames: readonly string[], headers: Record<string, string> = {}): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', ...headers });
  res.end(frames.map((frame) => `data: ${frame}\n\n`).join(''));
}

const created = (id: string): string =>
  JSON.stringify({
    type: 'response.created',
    sequence_number: 0,
    response: { id, object: 'response', status: 'in_progress', output: [] },
  });

/** One error path: script the server, make the call, return the error (or nothing) and the events seen. */
interface ErrorPath {
  name: string;
  options?: (key: string) => ClientOptions;
  /** Whether the call must fail (else it must succeed). */
  fails: boolean;
  run(key: string, c: MimoClient): Promise<unknown[]>;
}

const pad = (n: number): string => 'x'.repeat(n);

const PATHS: ErrorPath[] = [
  {
    name: '400 echoing the key in message, param and type',
    fails: true,
    async run(key, c) {
      server.reply.error(400, {
        error: { code: '400', message: `bad ${key}`, param: `api-key: ${key}`, type: `t-${key}` },
      });
      await c.create(request);
      return [];
    },
  },
  {
    name: '500 whose non-JSON body puts the key across the 500-character cut',
    fails: true,
    options: () => ({ maxRetries: 0 }),
    async run(key, c) {
      server.reply.raw((res) => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`${pad(480)}${key} tail`);
      });
      await c.create(request);
      return [];
    },
  },
  {
    name: '429 echoing the key, retried (the retry log line) then failing',
    fails: true,
    options: () => ({ maxRetries: 1 }),
    async run(key, c) {
      for (let i = 0; i < 2; i++)
        server.reply.error(429, { error: { code: '429', message: `slow down ${key}` } }, { retryAfterMs: 1 });
      await c.create(request);
      return [];
    },
  },
  {
    name: 'a successful response whose x-request-id echoes the key',
    fails: false,
    async run(key, c) {
      server.reply.raw((res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': key });
        res.end(JSON.stringify({ id: 'resp_1', object: 'response', status: 'completed', output: [] }));
      });
      await c.create(request);
      return [];
    },
  },
  {
    name: 'a 500 whose x-request-id echoes the key',
    fails: true,
    options: () => ({ maxRetries: 0 }),
    async run(key, c) {
      server.reply.raw((res) => {
        res.writeHead(500, { 'content-type': 'application/json', 'x-request-id': key });
        res.end('{"error":{"message":"boom"}}');
      });
      await c.create(request);
      return [];
    },
  },
  {
    name: 'a streamed success whose x-request-id echoes the key',
    fails: false,
    async run(key, c) {
      server.reply.raw((res) =>
        sse(
          res,
          [
            created('resp_1'),
            JSON.stringify({
              type: 'response.completed',
              sequence_number: 1,
              response: { id: 'resp_1', object: 'response', status: 'completed', output: [] },
            }),
          ],
          { 'x-request-id': key },
        ),
      );
      const events: unknown[] = [];
      const stream = c.stream(request);
      for await (const event of stream) events.push(event);
      await stream.finalResponse();
      return events;
    },
  },
  {
    name: 'an in-stream error event whose extra fields carry the key',
    fails: true,
    async run(key, c) {
      server.reply.raw((res) =>
        sse(res, [
          created('resp_1'),
          JSON.stringify({
            type: 'error',
            sequence_number: 1,
            code: 'server_error',
            message: `failed for ${key}`,
            param: null,
            detail: { echo: key, nested: { deeper: [key] } },
            extra: `Bearer ${key}`,
          }),
        ]),
      );
      return drain(c);
    },
  },
  {
    name: 'a response.failed whose extra fields carry the key',
    fails: true,
    async run(key, c) {
      server.reply.raw((res) =>
        sse(res, [
          created('resp_1'),
          JSON.stringify({
            type: 'response.failed',
            sequence_number: 1,
            extra: key,
            response: {
              id: 'resp_1',
              object: 'response',
              status: 'failed',
              output: [],
              metadata: { echo: key },
              error: { code: 'server_error', message: `upstream ${key}`, more: key },
            },
          }),
        ]),
      );
      return drain(c);
    },
  },
  {
    name: 'a frame that is not JSON, with the key across the cut',
    fails: true,
    options: () => ({ maxRetries: 0 }),
    async run(key, c) {
      server.reply.raw((res) => sse(res, [`${pad(480)}${key}`]));
      return drain(c);
    },
  },
  {
    name: 'a non-streaming body that is not JSON, with the key across the cut',
    fails: true,
    options: () => ({ maxRetries: 0 }),
    async run(key, c) {
      server.reply.raw((res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(`${pad(480)}${key}`);
      });
      await c.create(request);
      return [];
    },
  },
  {
    name: 'a 401 with a password in baseURL',
    fails: true,
    options: () => ({ baseURL: server.url.replace('http://', `http://user:${PASSWORD}@`) }),
    async run(_key, c) {
      // The server refuses the key: the 401 message names the host, never its credentials.
      server.reply.error(401, { error: { code: '401', message: 'Invalid API Key' } });
      await c.create(request);
      return [];
    },
  },
];

async function drain(c: MimoClient): Promise<unknown[]> {
  const events: unknown[] = [];
  const stream = c.stream(request);
  try {
    for await (const event of stream) events.push(event);
  } catch (error) {
    (error as { events?: unknown[] }).events = events;
    throw error;
  }
  await stream.finalResponse().catch((error: unknown) => {
    (error as { events?: unknown[] }).events = events;
    throw error;
  });
  return events;
}

beforeEach(() => {
  lines = [];
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await server.close();
});

describe.each(Object.entries(KEYS))('the %s key never gets out', (_label, key) => {
  beforeEach(async () => {
    server = await startTestServer({ strict: true, apiKey: key });
  });

  it.each(PATHS.map((path) => [path.name, path] as const))('%s', async (_name, path) => {
    const c = client(key, path.options?.(key) ?? {});
    let events: unknown[] = [];
    let error: unknown;
    try {
      events = await path.run(key, c);
    } catch (caught) {
      error = caught;
      events = (caught as { events?: unknown[] }).events ?? [];
    }
    if (path.fails) expect(isMimoError(error), String(error)).toBe(true);
    else expect(error).toBeUndefined();
    const texts = [
      ...(error === undefined ? [] : errorRenderings(error)),
      ...lines,
      ...events.map((event) => JSON.stringify(event)),
    ];
    // Something was logged, so the log check is not empty.
    expect(lines.length).toBeGreaterThan(0);
    expect(findSecretLeak(texts, key)).toBeUndefined();
    expect(findSecretLeak(texts, PASSWORD)).toBeUndefined();
  });
});
