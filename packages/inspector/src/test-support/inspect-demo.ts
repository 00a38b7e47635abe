// `./dev inspect-demo`: fills a fresh checkpoint folder with demo runs against @mimo-agents/testing's
// local server (every status, a retried turn with parallel calls, a failing tool, a damaged file), keeps
// one run going slowly so the page updates live, starts the inspector and prints its URL.
import { mkdir, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createClient } from '@mimo-agents/core';
import { createFileCheckpointStore, run } from '@mimo-agents/runner';
import { startTestServer } from '@mimo-agents/testing';
import { tool } from '@mimo-agents/tools';
import { z } from 'zod';
import { startInspector } from '../server/start-inspector.js';
import { createFileRunSource } from '../source/file-run-source.js';
import { seedRuns } from './seed-runs.js';

const directory = resolve(process.argv[2] ?? '.inspector-demo/checkpoints');
await rm(directory, { recursive: true, force: true });
await mkdir(directory, { recursive: true });
await seedRuns(directory);

const inspector = await startInspector({
  source: createFileRunSource({ directory }),
  port: Number(process.env.PORT ?? 4173),
  pollIntervalMs: 500,
});
process.stdout.write(
  `mimo-agents inspector: ${inspector.url}\n(checkpoints in ${directory}; Ctrl-C to stop)\n`,
);

// A slow run the page can watch: five turns, each calling a tool that takes two seconds.
const server = await startTestServer({ strict: true });
const client = createClient({ baseURL: server.url, apiKey: server.apiKey });
const step = tool({
  name: 'crunch',
  description: 'A slow step',
  parameters: z.object({ step: z.number() }),
  execute: async ({ step: n }) => {
    await new Promise((done) => setTimeout(done, 2000));
    return { step: n, done: true };
  },
});
for (let n = 1; n <= 5; n++) {
  server.reply.reasoning(`Step ${n} of 5.`).functionCalls([{ name: 'crunch', arguments: { step: n } }]);
}
server.reply.text('All five steps done.');
const stop = async () => {
  await inspector.close();
  await client.close();
  await server.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
await run({
  client,
  agent: { name: 'cruncher', model: 'mimo-v2.6-pro', tools: [step] },
  input: 'Crunch five steps.',
  runId: 'run-live-demo',
  checkpoint: createFileCheckpointStore({ directory }),
});
process.stdout.write('run-live-demo completed; the inspector keeps running (Ctrl-C to stop).\n');
