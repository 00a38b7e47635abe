// Test-only: starts test-support/crash-child.ts under tsx and follows the lines it prints.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import { onTestFinished } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../../..', import.meta.url));
const defaultScript = fileURLToPath(new URL('./crash-child.ts', import.meta.url));

/** A child process of the crash test. */
export interface CrashChild {
  /** Every line printed so far (stdout and stderr). */
  lines(): string[];
  /** Resolves with the first line starting with `prefix`; rejects if the child exits first. */
  line(prefix: string): Promise<string>;
  /** Tells a `ready` child to start (`go`, or `go <extra>` for a child that reads more from that line). */
  go(extra?: string): void;
  /** SIGKILLs the child and resolves once it is gone. */
  kill(): Promise<void>;
  /** Resolves with the exit code (`null` after a signal). */
  exited: Promise<number | null>;
}

/**
 * Spawns a crash child (default crash-child.ts; `scriptName` is an absolute path or a file relative to
 * test-support/) with `env` added to this process's environment; it is killed when the test ends.
 */
export function startCrashChild(env: Record<string, string>, scriptName?: string): CrashChild {
  const childScript =
    scriptName === undefined
      ? defaultScript
      : isAbsolute(scriptName)
        ? scriptName
        : fileURLToPath(new URL(`./${scriptName}`, import.meta.url));
  const proc: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=@mimo-agents/source', childScript],
    { cwd: repoRoot, env: { ...process.env, ...env } },
  );
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  let gone = false;
  let partial = '';
  const onData = (chunk: Buffer): void => {
    partial += chunk.toString('utf8');
    const parts = partial.split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
    for (const waiter of [...waiters]) waiter();
  };
  proc.stdout.on('data', onData);
  proc.stderr.on('data', onData);
  const exited = new Promise<number | null>((resolve) => {
    proc.on('exit', (code) => {
      gone = true;
      for (const waiter of [...waiters]) waiter();
      resolve(code);
    });
  });
  onTestFinished(async () => {
    if (!gone) proc.kill('SIGKILL');
    await exited;
  });
  return {
    lines: () => [...lines],
    line: (prefix) =>
      new Promise<string>((resolve, reject) => {
        const check = (): void => {
          const found = lines.find((line) => line.startsWith(prefix));
          if (found !== undefined) {
            waiters.delete(check);
            resolve(found);
          } else if (gone) {
            waiters.delete(check);
            reject(new Error(`crash child exited before printing "${prefix}":\n${lines.join('\n')}`));
          }
        };
        waiters.add(check);
        check();
      }),
    go: (extra) => {
      proc.stdin.write(extra === undefined ? 'go\n' : `go ${extra}\n`);
    },
    kill: async () => {
      proc.kill('SIGKILL');
      await exited;
    },
    exited,
  };
}
