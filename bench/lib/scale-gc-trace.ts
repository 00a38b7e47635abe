import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildPackages } from './built-packages.js';
import { COARSE } from './scenario.js';
import { startBenchServer } from './start-bench-server.js';

// `tsx --expose-gc lib/scale-gc-trace.ts [runs] [impls] [out prefix]`: one benchmark 4 trial per
// implementation with `--trace-gc`, each child's whole output (the GC trace, then its result line)
// written to `<prefix>-<impl>.txt`; summarise with lib/summarize-gc-trace.ts.
const [runsArg = '10000', impls = 'ours,raw', prefix = '/tmp/scale-gc'] = process.argv.slice(2);
buildPackages();
const server = await startBenchServer(COARSE);
const entry = fileURLToPath(new URL('./scale-child.ts', import.meta.url));
try {
  for (const name of impls.split(',')) {
    const file = `${prefix}-${name}.txt`;
    const out = createWriteStream(file);
    const child = spawn(
      process.execPath,
      [...process.execArgv, '--trace-gc', entry, name, runsArg, 'coarse'],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
        env: { ...process.env, BENCH_URL: server.url, BENCH_API_KEY: server.apiKey },
      },
    );
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
