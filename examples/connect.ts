import { type ClientOptions, createClient, type MimoClient } from 'mimo-agents';
import { startTestServer } from 'mimo-agents/testing';

/** A client plus what must be closed when the example ends. */
export interface Connection {
  client: MimoClient;
  /** True when the client talks to the local demo server instead of MiMo. */
  local: boolean;
  close(): Promise<void>;
}

/**
 * Connects the examples: to MiMo when `MIMO_API_KEY` is set, otherwise to a local
 * `@mimo-agents/testing` server answering with its demo model, so every example runs offline.
 * @example
 * const { client, close } = await connect();
 */
export async function connect(options: ClientOptions = {}): Promise<Connection> {
  if (process.env.MIMO_API_KEY !== undefined && process.env.MIMO_API_KEY !== '') {
    const client = createClient(options);
    return { client, local: false, close: () => client.close() };
  }
  const server = await startTestServer();
  // The local server has no rate limit, so neither does its client unless asked (MiMo's default is 100/min).
  const client = createClient({
    requestsPerMinute: Number.POSITIVE_INFINITY,
    ...options,
    baseURL: server.url,
    apiKey: server.apiKey,
  });
  return {
    client,
    local: true,
    async close() {
      await client.close();
      await server.close();
    },
  };
}
