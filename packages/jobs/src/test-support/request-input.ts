// Test-only: read what the local server received.
import type { TestServer } from '@mimo-agents/testing';

/** An input item as the tests look at it. */
export interface SeenItem {
  type?: string;
  call_id?: string;
}

/** The `input` items of the server's request number `index` ([] when absent). */
export function inputOf(server: TestServer, index: number): SeenItem[] {
  const body = server.calls[index]?.body as { input?: SeenItem[] } | undefined;
  return body?.input ?? [];
}

/** The call ids of the `function_call_output` items of request number `index`. */
export function outputCallIds(server: TestServer, index: number): (string | undefined)[] {
  return inputOf(server, index)
    .filter((item) => item.type === 'function_call_output')
    .map((item) => item.call_id);
}
