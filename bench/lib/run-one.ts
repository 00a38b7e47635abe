import { benchFineGrained } from '../3-fine-grained.js';
import { benchScale } from '../4-scale.js';
import { median, sampleState } from '../7-inspector.js';
import { buildPackages } from './built-packages.js';
import { inspectorRedisRows } from './inspector-redis-rows.js';
import { formatTable, type Table } from './table.js';

// `tsx … lib/run-one.ts 3b|4|7r`: one table only (3b is the fine-grained half of benchmark 3, 7r the
// Redis rows of benchmark 7).
const which = process.argv[2];
buildPackages();
const start = performance.now();
const redisRows = async (): Promise<Table> => ({
  title: '7 (Redis rows). Inspector over a Redis store of 10,000 runs',
  columns: ['operation', 'ms (or as named)', 'page size'],
  rows: await inspectorRedisRows(10_000, sampleState, median),
});
const table =
  which === '4' ? await benchScale() : which === '7r' ? await redisRows() : await benchFineGrained();
console.log(`${formatTable(table)}\n\n(${((performance.now() - start) / 1000).toFixed(1)} s)`);
