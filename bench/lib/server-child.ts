import { createInterface } from 'node:readline';
import { startTestServer } from '@mimo-agents/testing';
import { scenarioReply, workloadNamed } from './scenario.js';

/** What the bench server reports about itself when asked (a `stats` line on its stdin). */
export interface ServerStats {
  /** Connections the server accepted so far. */
  connections: number;
  /** Requests received whose answer has not ended. */
  inFlight: number;
  /** CPU time since the last `stats` line (user + system). */
  cpuMs: number;
  /** Peak RSS of the server process so far. */
  maxRss: number;
  /** Current RSS. */
  rss: number;
}

const workload = workloadNamed(process.argv[2]);
const backlog = Number(process.env.BENCH_BACKLOG ?? 4096);
// Set by retained-per-run.ts only (a `hold <ms>` line): every run's second request waits this long for its answer.
let holdSecondTurnMs = 0;
// A separate process, so that the server's CPU and heap never count towards the client under test.
// Not recorded: tens of thousands of requests with their bodies would grow the server's heap (and
// its GC pauses) through the run. The backlog lets 10,000 connections wait to be accepted (the kernel
// caps it at net.core.somaxconn). Idle connections are kept for a minute, so that the clients (undici:
// 4 s idle) close them first and never race the server's close with a request.
const server = await startTestServer({
  streaming: { deltaSize: 8 },
  backlog,
  recordCalls: false,
  keepAliveTimeoutMs: 60_000,
});
const refill = (): void => {
  server.reply.with((request) => {
    refill();
    return scenarioReply(request, workload, holdSecondTurnMs);
  });
};
// Each entry queues its successor when it is taken (synchronously), so the script never runs out. A
// long queue would cost: shift() on an array in V8's large-object space copies it every time.
refill();
process.stdout.write(`${JSON.stringify({ url: server.url, apiKey: server.apiKey })}\n`);
let cpuBefore = process.cpuUsage();
const stop = (): void => {
  void server.close().then(() => process.exit(0));
};
createInterface({ input: process.stdin })
  .on('line', (line) => {
    if (line.startsWith('hold ')) {
      holdSecondTurnMs = Number(line.slice(5));
      process.stdout.write('{}\n');
      return;
    }
    if (line !== 'stats') return;
    const cpu = process.cpuUsage(cpuBefore);
    cpuBefore = process.cpuUsage();
    const stats: ServerStats = {
      connections: server.connections,
      inFlight: server.inFlight,
      cpuMs: (cpu.user + cpu.system) / 1000,
      maxRss: process.resourceUsage().maxRSS * 1024,
      rss: process.memoryUsage.rss(),
    };
    process.stdout.write(`${JSON.stringify(stats)}\n`);
  })
  .on('close', stop);
process.once('SIGTERM', stop);
