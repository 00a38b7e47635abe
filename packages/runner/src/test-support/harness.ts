import { type ClientOptions, createClient, type MimoClient } from '@mimo-agents/core';
import { startTestServer, type TestServer, type TestServerOptions } from '@mimo-agents/testing';
import { onTestFinished } from 'vitest';
import type { RunEvent } from '../events.js';
import type { RunStream } from '../run-stream.js';

/** A strict local MiMo server and a client pointed at it, both closed when the test ends. */
export interface Harness {
  server: TestServer;
  client: MimoClient;
}

/** Starts `startTestServer({ strict: true, … })` and a client with tiny retry delays (test-only). */
export async function startHarness(
  serverOptions: TestServerOptions = {},
  clientOptions: ClientOptions = {},
): Promise<Harness> {
  const server = await startTestServer({ strict: true, ...serverOptions });
  const client = createClient({
    baseURL: server.url,
    apiKey: server.apiKey,
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
    ...clientOptions,
  });
  onTestFinished(async () => {
    await client.close();
    await server.close();
  });
  return { server, client };
}

/** Every event of a run plus its settled result or error. */
export async function drain(stream: RunStream<unknown>): Promise<RunEvent[]> {
  const events: RunEvent[] = [];
  try {
    for await (const event of stream) events.push(event);
  } catch {
    // The error is asserted through finalResult() by the caller.
  }
  return events;
}

/** The `input` array of every request the server received (that passed validation or not). */
export function sentInputs(server: TestServer): unknown[][] {
  return server.calls.map((call) => {
    const body = call.body as { input?: unknown };
    return Array.isArray(body.input) ? body.input : [];
  });
}
