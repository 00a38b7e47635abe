import { buildPackages } from './built-packages.js';
import { formatTable, type Table } from './table.js';

// `tsx … lib/run-one.ts 3b|4|7r`: one table only (3b is the fine-grained half of benchmark 3, 7r the
// Redis rows of benchmark 7).
const which = process.argv[2];
buildPackages();
// Imported after the build: the benchmarks import the built packages.
const { benchFineGrained } = await import('../3-fine-grained.js');
const { benchScale } = await import('../4-scale.js');
const { median, sampleState } = await import('../7-inspector.js');
const { inspectorRedisRows } = await import('./inspector-redis-rows.js');
const start = performance.now();
const redisRows = async (): Promise<Table> => ({
  title: '7 (Redis rows). Inspector over a Redis store of 10,000 runs',
  columns: ['operation', 'ms (or as named)', 'page size'],
  rows: await inspectorRedisRows(10_000, sampleState, median),
});
const table =
  which === '4' ? await benchScale() : which === '7r' ? await redisRows() : await benchFineGrained();
console.log(`${formatTable(table)}\n\n(${((performance.now() - start) / 1000).toFixed(1)} s)`);
