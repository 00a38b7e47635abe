import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ScaleResult } from './scale-child.js';
import type { Workload } from './scenario.js';
import type { BenchServer } from './start-bench-server.js';

/**
 * Runs `runs` concurrent runs (`mode` `sequential`: one by one; `batches`: several batches of `runs`
 * concurrent runs one after another) of one implementation in its own
 * process (`scale-child.ts`, with this process's Node flags, so on the built packages unless this one
 * runs on the sources) and returns its figures.
 */
export function runScaleTrial(
  name: string,
  runs: number,
  workload: Workload,
  server: BenchServer,
  mode: 'concurrent' | 'sequential' | 'batches' = 'concurrent',
): Promise<ScaleResult> {
  const entry = fileURLToPath(new URL('./scale-child.ts', import.meta.url));
  // The child's heap figures rest on forced GCs: it gets --expose-gc even when this process was started without it.
  const gcFlag = process.execArgv.includes('--expose-gc') ? [] : ['--expose-gc'];
  const child = spawn(
    process.execPath,
    [...process.execArgv, ...gcFlag, entry, name, String(runs), workload.name, mode],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, BENCH_URL: server.url, BENCH_API_KEY: server.apiKey },
    },
  );
  let out = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    out += chunk;
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0) resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as ScaleResult);
      else reject(new Error(`scale trial ${name} (${runs} runs) exited with code ${String(code)}`));
    });
  });
}
