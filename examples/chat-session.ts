/**
 * A chat kept in a session: each message is one run that loads the conversation from a file store,
 * adds the user's message, and saves the answer back (two runs at once on one session: one gets
 * SessionConflictError). Long chats stay inside the context window with the `trim` policy, and every
 * request carries the session as `prompt_cache_key`, so MiMo's prompt cache can serve the resent prefix.
 *
 * Run: pnpm exec tsx examples/chat-session.ts
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Agent,
  createFileSessionStore,
  formatUsage,
  type MimoClient,
  type RunResult,
  run,
} from 'mimo-agents';
import { connect } from './connect.js';

/** The agent: no tools, just a conversation. */
export const chatAgent: Agent = {
  name: 'chat',
  model: 'mimo-v2.6-pro',
  instructions: 'You are MiMo (mimo-v2.6-pro), a friendly assistant. Keep answers short.',
};

/** Options of `main()`. */
export interface ChatSessionOptions {
  /** The folder of the session files. */
  directory: string;
  /** The user's messages, one run each. */
  messages?: readonly string[];
  /** Where the transcript goes. Default: `console.log`. */
  print?: (line: string) => void;
}

/** Sends each message as one run on the session `demo-chat` and prints the exchange. */
export async function main(client: MimoClient, options: ChatSessionOptions): Promise<RunResult[]> {
  const { messages = ['Hi, I am Ana.', 'What is my name?', 'Thanks!'], print = console.log } = options;
  // --- chat ---
  const sessions = createFileSessionStore({ directory: options.directory });
  const results: RunResult[] = [];
  for (const message of messages) {
    const result = await run({
      client,
      agent: chatAgent,
      input: message,
      session: { store: sessions, id: 'demo-chat' },
      contextPolicy: { type: 'trim', threshold: { fraction: 0.8 } },
    });
    print(`you: ${message}`);
    print(`mimo: ${result.finalOutput ?? `(${result.status})`}`);
    print(`  ${formatUsage(result.usage)}`);
    results.push(result);
  }
  const saved = await sessions.load('demo-chat');
  print(`session demo-chat: version ${saved?.version}, ${saved?.history.length} items`);
  // --- end chat ---
  return results;
}

if (import.meta.main) {
  const { client, close } = await connect();
  const directory = await mkdtemp(join(tmpdir(), 'mimo-chat-'));
  try {
    await main(client, { directory });
  } finally {
    await close();
    await rm(directory, { recursive: true, force: true });
  }
}
