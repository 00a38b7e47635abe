import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Workload } from './scenario.js';
import type { ServerStats } from './server-child.js';

/** A scenario server running in a child process. */
export interface BenchServer {
  url: string;
  apiKey: string;
  /** The server process's CPU since the previous call, and its RSS. */
  stats(): Promise<ServerStats>;
  /** From now on, delays the answer to each run's second request by `ms` (0: no delay). */
  hold(ms: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts `server-child.ts` in its own process (same Node flags as this one, minus CPU profiling) and
 * waits for its address.
 */
export async function startBenchServer(workload?: Workload): Promise<BenchServer> {
  const entry = fileURLToPath(new URL('./server-child.ts', import.meta.url));
  const child = spawn(
    process.execPath,
    [...process.execArgv.filter((flag) => !flag.startsWith('--cpu-prof')), entry, workload?.name ?? 'coarse'],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const lines = createInterface({ input: child.stdout });
  const next = (): Promise<string> =>
    Promise.race([
      once(lines, 'line').then(([line]) => line as string),
      once(child, 'exit').then(([code]) => {
        throw new Error(`The bench server exited early (code ${String(code)}).`);
      }),
    ]);
  const { url, apiKey } = JSON.parse(await next()) as { url: string; apiKey: string };
  return {
    url,
    apiKey,
    async stats() {
      const line = next();
      child.stdin.write('stats\n');
      return JSON.parse(await line) as ServerStats;
    },
    async hold(ms) {
      const line = next();
      child.stdin.write(`hold ${ms}\n`);
      await line;
    },
    async close() {
      lines.close();
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.stdin.end();
      await exited;
    },
  };
}
