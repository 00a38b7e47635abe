import { describe, expect, it } from 'vitest';
import { fuzzStreams } from './test-support/stream-fuzz.js';

// Sized to keep the test run fast; `pnpm bench` (bench 5) runs thousands of cases, and
// MIMO_FUZZ_CASES / MIMO_FUZZ_SEED set the size and the seed here.
const cases = Number(process.env.MIMO_FUZZ_CASES ?? 80);
const seed = Number(process.env.MIMO_FUZZ_SEED ?? 20261203);

describe('stream fuzz: mutated frames through client.stream() and run() over real HTTP', () => {
  it(`stays typed, never hangs, never runs a call id twice (seed ${seed}, ${cases} + ${cases} cases)`, async () => {
    const report = await fuzzStreams({ seed, streamCases: cases, runCases: cases, caseTimeoutMs: 10_000 });
    expect(report.violations).toEqual([]);
    expect(report.cases).toBe(2 * cases);
    // The mutations must exercise both ways out, and tools must really run.
    expect(report.resolved).toBeGreaterThan(0);
    expect(Object.keys(report.rejections)).toContain('stream_protocol');
    expect(report.executions).toBeGreaterThan(0);
  }, 120_000);
});
