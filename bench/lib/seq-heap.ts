import { buildPackages } from './built-packages.js';
import { runScaleTrial } from './scale-trial.js';
import { FINE } from './scenario.js';
import { startBenchServer } from './start-bench-server.js';

// `tsx --expose-gc lib/seq-heap.ts [impls] [runs] [trials]`: benchmark 3b's sequential heap after GC alone
// (the median of paired forced GCs, in flight vs just after each run; see scale-child.ts), each
// implementation in its own process, trials alternating. Load-independent; prints KiB per run.
const [implsArg = 'ours,ours-stream,raw', runsArg = '60', trialsArg = '2'] = process.argv.slice(2);
buildPackages();
const server = await startBenchServer(FINE);
try {
  for (let trial = 0; trial < Number(trialsArg); trial++)
    for (const name of implsArg.split(',')) {
      const r = await runScaleTrial(name, Number(runsArg), FINE, server, 'sequential');
      console.log(
        `${name}: heap after GC, one run in flight (paired): ${(r.heapPerRun / 1024).toFixed(1)} KiB`,
      );
    }
} finally {
  await server.close();
}
