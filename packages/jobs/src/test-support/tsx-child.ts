// Test-only: a TypeScript child process run from source (tsx), with waits on what it prints.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { onTestFinished } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../../..', import.meta.url));

/** A running child and ways to follow its output. */
export interface TsxChild {
  proc: ChildProcessWithoutNullStreams;
  /** Everything printed so far (stdout and stderr). */
  output(): string;
  /** Resolves once the output after position `from` (default 0) matches; rejects if the child exits first. */
  waitFor(pattern: RegExp, from?: number): Promise<void>;
  /** Writes a line to the child's stdin. */
  send(line: string): void;
  /** SIGKILLs the child and waits for it to be gone. */
  kill(): Promise<void>;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
}

/** Starts `script` under tsx with the workspace's source condition; it is killed when the test ends. */
export function startTsxChild(script: string, env: Record<string, string>): TsxChild {
  const proc = spawn(process.execPath, ['--import', 'tsx', '--conditions=@mimo-agents/source', script], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
  });
  let output = '';
  let gone = false;
  const waiters = new Set<() => void>();
  const onOutput = (chunk: Buffer): void => {
    output += chunk.toString();
    for (const waiter of [...waiters]) waiter();
  };
  proc.stdout.on('data', onOutput);
  proc.stderr.on('data', onOutput);
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
    proc,
    output: () => output,
    waitFor: (pattern, from = 0) =>
      new Promise<void>((resolve, reject) => {
        const check = (): void => {
          if (pattern.test(output.slice(from))) {
            waiters.delete(check);
            resolve();
          } else if (gone) {
            waiters.delete(check);
            reject(new Error(`child exited before printing ${pattern}:\n${output}`));
          }
        };
        waiters.add(check);
        check();
      }),
    send: (line) => {
      proc.stdin.write(`${line}\n`);
    },
    kill: async () => {
      proc.kill('SIGKILL');
      await exited;
    },
    exited,
  };
}
