import { startTestServer } from '@mimo-agents/testing';
import { scenarioReply, workloadNamed } from './scenario.js';

const workload = workloadNamed(process.argv[2]);
// A separate process, so that the server's CPU and heap never count towards the client under test.
const server = await startTestServer({ streaming: { deltaSize: 8 } });
const refill = (): void => {
  server.reply.with((request) => {
    refill();
    return scenarioReply(request, workload);
  });
};
// Enough entries for every request in flight; each one queues its successor when taken.
for (let i = 0; i < 16_384; i++) refill();
process.stdout.write(`${JSON.stringify({ url: server.url, apiKey: server.apiKey })}\n`);
const stop = (): void => {
  void server.close().then(() => process.exit(0));
};
process.stdin.on('end', stop);
process.stdin.resume();
process.once('SIGTERM', stop);
