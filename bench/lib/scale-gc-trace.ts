import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildPackages } from './built-packages.js';
import { COARSE } from './scenario.js';
import { startBenchServer } from './start-bench-server.js';

// `tsx --expose-gc lib/scale-gc-trace.ts [runs] [impls] [out prefix] [--trace-gc|--trace-gc-nvp]`: one
// benchmark 4 trial per implementation with V8's GC trace, each child's whole output (the GC trace, then
// its result line) written to `<prefix>-<impl>.txt`; summarise with `lib/summarize-gc-trace.ts`.
const [runsArg = '10000', impls = 'ours,raw', prefix = '/tmp/scale-gc', traceFlag = '--trace-gc'] =
  process.argv.slice(2);
if (traceFlag !== '--trace-gc' && traceFlag !== '--trace-gc-nvp')
  throw new Error(
    `scale-gc-trace: the trace flag is --trace-gc or --trace-gc-nvp, not ${JSON.stringify(traceFlag)}.`,
  );
buildPackages();
const server = await startBenchServer(COARSE);
const entry = fileURLToPath(new URL('./scale-child.ts', import.meta.url));
try {
  for (const name of impls.split(',')) {
    const file = `${prefix}-${name}.txt`;
    const out = createWriteStream(file);
    const child = spawn(process.execPath, [...process.execArgv, traceFlag, entry, name, runsArg, 'coarse'], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, BENCH_URL: server.url, BENCH_API_KEY: server.apiKey },
    });
    child.stdout.pipe(out);
    await new Promise<void>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', () => resolve());
    });
    console.log(`${name}: ${file}`);
  }
} finally {
  await server.close();
}
