import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The Node condition that maps `@mimo-agents/*` to their TypeScript sources instead of `dist/`. */
const SOURCE_CONDITION = '--conditions=@mimo-agents/source';

/**
 * Whether this process imports the TypeScript sources (`--conditions=@mimo-agents/source`, for
 * profiling them) rather than the built packages (`dist/`, what npm installs; the default). tsx
 * compiles the sources with esbuild's `keepNames`, which calls `__name()` on every named function
 * when it is created: each closure made per run gets a property store of its own (≈ 4 KiB of a
 * parked run of ours, see `retained-per-run.ts`) and the call's CPU. No user pays that.
 */
export function runsOnSources(): boolean {
  return process.execArgv.includes(SOURCE_CONDITION);
}

let built = false;

/**
 * Builds every package once per process (`pnpm build`: turbo, cached when nothing changed), unless this
 * process runs on the sources. The benchmarks and their child processes import the built packages.
 */
export function buildPackages(): void {
  if (built || runsOnSources()) return;
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const result = spawnSync('pnpm', ['--silent', 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0)
    throw new Error(
      `pnpm build failed (${String(result.error ?? result.status)}): the benchmarks measure the built packages. Fix: run \`pnpm build\` and look at its errors.`,
    );
  built = true;
}
