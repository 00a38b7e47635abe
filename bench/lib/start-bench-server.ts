import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Workload } from './scenario.js';

/** A scenario server running in a child process. */
export interface BenchServer {
  url: string;
  apiKey: string;
  close(): Promise<void>;
}

/** Starts `server-child.ts` in its own process (same Node flags as this one) and waits for its address. */
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
  const [first] = (await Promise.race([
    once(lines, 'line'),
    once(child, 'exit').then(([code]) => {
      throw new Error(`The bench server exited early (code ${String(code)}).`);
    }),
  ])) as [string];
  const { url, apiKey } = JSON.parse(first) as { url: string; apiKey: string };
  lines.close();
  return {
    url,
    apiKey,
    async close() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.stdin.end();
      await exited;
    },
  };
}
