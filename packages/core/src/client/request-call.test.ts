import { startTestServer, type TestServer } from '@mimo-agents/testing';
import { Pool } from 'undici';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AbortError } from '../errors/abort-error.js';
import { CallAbort } from '../http/call-abort.js';
import type { ClientContext } from './client-context.js';
import { resolveClientOptions } from './client-options.js';
import { createClientContext } from './create-client-context.js';
import { prepareRequest, startRequest } from './request-call.js';

// The request path below the client: a context built by `createClient`'s own builder, so a test can
// reach the call's limiter and its abort.
let server: TestServer;
let pool: Pool;
let context: ClientContext;
const body = { model: 'mimo-v2.6-pro', input: 'Hi' } as const;

beforeEach(async () => {
  server = await startTestServer({ strict: true });
  const options = {
    baseURL: server.url,
    apiKey: server.apiKey,
    maxRetries: 2,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
  };
  const resolved = resolveClientOptions(options);
  pool = new Pool(new URL(resolved.baseURL).origin);
  context = createClientContext(options, resolved, pool);
});

afterEach(async () => {
  await pool.close();
  await server.close();
});

/** Reads an attempt's JSON body whole (the value is the number of bytes). */
async function readWhole(open: { read(): Promise<Uint8Array | undefined> }): Promise<number> {
  let bytes = 0;
  for (let chunk = await open.read(); chunk !== undefined; chunk = await open.read()) bytes += chunk.length;
  return bytes;
}

describe('ClientRequest', () => {
  it('rejects with AbortError and frees the slot when the call aborts just as its first attempt was read', async () => {
    server.reply.text('read, then aborted');
    const controller = new AbortController();
    const options = { signal: controller.signal };
    const call = startRequest(context, prepareRequest(body, options, false, context.options.models), options);
    const outcome = call
      .accept({
        readAttempt: async (open) => {
          const bytes = await readWhole(open);
          controller.abort();
          return bytes;
        },
      })
      .catch((thrown: unknown) => thrown);
    expect(await outcome).toBeInstanceOf(AbortError);
    call.dispose();
    expect(context.limiter.active).toBe(0);
  });

  it("removes every attempt's listener from an owned abort, across a retry", async () => {
    server.reply.error(503, undefined).text('after a retry');
    const owned = new CallAbort();
    const added = vi.spyOn(owned, 'addEventListener');
    const removed = vi.spyOn(owned, 'removeEventListener');
    const call = startRequest(context, prepareRequest(body, {}, false, context.options.models), {}, owned);
    const accepted = await call.accept({ readAttempt: readWhole });
    accepted.open.finish();
    call.dispose();
    expect(server.calls).toHaveLength(2);
    // One listener per attempt (each attempt's exchange), each removed once it stopped.
    const listeners = added.mock.calls.map((args) => args[1]);
    expect(listeners.length).toBeGreaterThanOrEqual(2);
    for (const listener of listeners)
      expect(removed.mock.calls.some((args) => args[1] === listener)).toBe(true);
  });

  it('frees its limiter slot once, however often a finished call is closed and finished', async () => {
    server.reply.text('one').text('two');
    const start = () =>
      startRequest(context, prepareRequest(body, {}, false, context.options.models), {}).accept({
        readAttempt: readWhole,
      });
    const held = await start();
    const accepted = await start();
    expect(context.limiter.active).toBe(2);
    accepted.open.close();
    accepted.open.finish();
    accepted.open.close();
    // A second release would free the other call's slot too.
    expect(context.limiter.active).toBe(1);
    held.open.finish();
    held.open.finish();
    expect(context.limiter.active).toBe(0);
  });
});
