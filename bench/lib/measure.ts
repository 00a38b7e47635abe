import { GCProfiler } from 'node:v8';

/** What one measured piece of work cost. */
export interface Measurement {
  wallMs: number;
  cpuMs: number;
  /** Bytes allocated on the V8 heap (live growth plus everything the GCs during the work reclaimed). */
  allocatedBytes: number;
}

/** Forces a full GC when the process runs with `--expose-gc` (the bench script passes it). */
export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
}

/**
 * Measures wall time, CPU time and heap allocations of `work`. Allocations are counted with V8's GC
 * profiler: heap growth across the work plus what each GC in between freed, so a GC cannot hide them.
 */
export async function measure(work: () => unknown): Promise<Measurement> {
  collectGarbage();
  const profiler = new GCProfiler();
  profiler.start();
  const heapBefore = process.memoryUsage().heapUsed;
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  await work();
  const wallMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuBefore);
  const heapAfter = process.memoryUsage().heapUsed;
  const data = profiler.stop();
  let freed = 0;
  for (const gc of data?.statistics ?? []) {
    freed += gc.beforeGC.heapStatistics.usedHeapSize - gc.afterGC.heapStatistics.usedHeapSize;
  }
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000, allocatedBytes: heapAfter - heapBefore + freed };
}

/** The median of some numbers (0 for none). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return 0;
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/**
 * `items` in round `round`'s order: the order rotates by one each round, so that no implementation
 * always runs first or last in a round.
 */
export function rotated<T>(items: readonly T[], round: number): T[] {
  const start = round % items.length;
  return [...items.slice(start), ...items.slice(0, start)];
}
