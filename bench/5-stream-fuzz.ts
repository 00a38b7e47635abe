// The fuzz engine is test support inside the runner, not public API: benchmarks import it by path.
import { fuzzStreams } from '../packages/runner/src/test-support/stream-fuzz.js';
import { num, type Table } from './lib/table.js';

/**
 * Bench 5: the stream fuzz of `stream-fuzz.test.ts` at full size (2,000 + 2,000 cases by default;
 * `MIMO_FUZZ_CASES` and `MIMO_FUZZ_SEED` change it). Throws on any violation.
 */
export async function benchStreamFuzz(): Promise<Table> {
  const cases = Number(process.env.MIMO_FUZZ_CASES ?? 2_000);
  const seed = Number(process.env.MIMO_FUZZ_SEED ?? 20261203);
  const started = performance.now();
  const report = await fuzzStreams({ seed, streamCases: cases, runCases: cases, caseTimeoutMs: 10_000 });
  const seconds = (performance.now() - started) / 1000;
  if (report.violations.length > 0)
    throw new Error(
      `Stream fuzz found ${report.violations.length} violations:\n${report.violations.slice(0, 20).join('\n')}`,
    );
  const rejections = Object.entries(report.rejections)
    .sort((a, b) => b[1] - a[1])
    .map(([code, count]) => `${code} ${num(count)}`)
    .join(', ');
  return {
    title: `5. Stream fuzz: mutated frames through client.stream() and run() (seed ${seed})`,
    columns: ['cases', 'resolved (valid)', 'rejected (typed)', 'tool executions', 'violations', 'seconds'],
    rows: [
      [
        num(report.cases),
        num(report.resolved),
        num(report.cases - report.resolved),
        num(report.executions),
        num(report.violations.length),
        num(seconds, 1),
      ],
    ],
    notes: [`Rejections by code: ${rejections}.`],
  };
}
