import { benchFineGrained } from '../3-fine-grained.js';
import { benchScale } from '../4-scale.js';
import { buildPackages } from './built-packages.js';
import { formatTable } from './table.js';

// `tsx … lib/run-one.ts 3b|4`: one table only (3b is the fine-grained half of benchmark 3).
const which = process.argv[2];
buildPackages();
const start = performance.now();
const table = which === '4' ? await benchScale() : await benchFineGrained();
console.log(`${formatTable(table)}\n\n(${((performance.now() - start) / 1000).toFixed(1)} s)`);
