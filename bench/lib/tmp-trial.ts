import { runScaleTrial } from './scale-trial.js';
import { workloadNamed } from './scenario.js';
import { startBenchServer } from './start-bench-server.js';

const [, , ...specs] = process.argv;
const workload = workloadNamed('coarse');
const built = process.env.BENCH_SOURCE === undefined;
const server = await startBenchServer(workload, built);
try {
  for (const spec of specs) {
    const [name, runs] = spec.split(':');
    await server.stats();
    const r = await runScaleTrial(name!, Number(runs), workload, server, false, built);
    console.log(name, runs, JSON.stringify(r), 'server', JSON.stringify(await server.stats()));
  }
} finally {
  await server.close();
}
