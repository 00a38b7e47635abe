import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SOURCE_CONDITION = '--conditions=@mimo-agents/source';

/**
 * This process's Node flags minus the condition that maps `@mimo-agents/*` to their TypeScript
 * sources: a child started with them imports the built packages (`dist/`, what npm installs). tsx
 * compiles the sources with esbuild's `keepNames`, which calls `__name()` on every named function
 * when it is created: each closure made per run gets a property store of its own (≈ 4 KiB of a
 * parked run of ours, see `retained-per-run.ts`) and the call's CPU. No user pays that.
 */
export function builtPackagesArgv(): string[] {
  return process.execArgv.filter((flag) => flag !== SOURCE_CONDITION);
}

let built = false;

/** Builds every package once per process (`pnpm build`: turbo, cached when nothing changed). */
export function buildPackages(): void {
  if (built) return;
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const result = spawnSync('pnpm', ['--silent', 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0)
    throw new Error(
      `pnpm build failed (${String(result.error ?? result.status)}): benchmark 4 measures the built packages. Fix: run \`pnpm build\` and look at its errors.`,
    );
  built = true;
}
