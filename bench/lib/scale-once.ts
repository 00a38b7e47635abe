import { buildPackages } from './built-packages.js';
import { runScaleTrial } from './scale-trial.js';
import { COARSE } from './scenario.js';
import { startBenchServer } from './start-bench-server.js';

// `tsx lib/scale-once.ts [runs] [order]`: one trial of benchmark 4 at `runs` concurrent runs for each
// implementation (`order`: `ours,raw` or `raw,ours`), printed as JSON with the load average beside it.
const [runsArg = '1000', order = 'ours,raw'] = process.argv.slice(2);
const runs = Number(runsArg);
buildPackages();
const server = await startBenchServer(COARSE);
try {
  for (const name of order.split(',') as ('ours' | 'raw')[]) {
    const before = (await import('node:os')).loadavg()[0]?.toFixed(1);
    const r = await runScaleTrial(name, runs, COARSE, server);
    const after = (await import('node:os')).loadavg()[0]?.toFixed(1);
    const mib = (n: number): string => (n / 1024 / 1024).toFixed(1);
    console.log(
      `${name} ${runs}: wall ${Math.round(r.wallMs)} ms, cpu ${Math.round(r.cpuMs)} ms, peak RSS ${mib(r.peakRss)} MiB, heap/run ${(r.heapPerRun / 1024).toFixed(1)} KiB, errors ${r.errors}, eld p99 ${r.eldP99Ms.toFixed(1)} ms; load ${before} → ${after}`,
    );
  }
} finally {
  await server.close();
}
